import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Empty, Flex, List, Typography } from 'antd';
import { AppstoreOutlined, PlusOutlined } from '@ant-design/icons';
import { AreaPage } from '../../components/AreaPage';
import { formatDateTime } from '../../components/sla';
import { StatusTag } from '../../components/StatusTag';
import { useT } from '../../i18n/context';
import { PORTAL_APPLY_PATH, portalCasePath } from '../../routes/table';
import type { Page } from '../tasks/tasks.api';
import { SERVICES_PATH } from './portal-rules';
import { listMyCases, type MyCaseRow } from './portal.api';

const PAGE_SIZE = 10;

/** 我的办件: the applicant's cases, newest first, laid out for a 375 px phone. */
export default function PortalPage() {
  const t = useT();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<MyCaseRow> | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listMyCases(page, PAGE_SIZE, controller.signal)
      .then((result) => setData(result))
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [page]);

  return (
    <AreaPage
      areaKey="portal"
      extra={
        <Flex gap={8} wrap>
          <Link to={SERVICES_PATH}>
            <Button icon={<AppstoreOutlined />} data-testid="portal-services">
              {t('services.title')}
            </Button>
          </Link>
          <Link to={PORTAL_APPLY_PATH}>
            <Button type="primary" icon={<PlusOutlined />} data-testid="portal-apply">
              {t('portal.apply')}
            </Button>
          </Link>
        </Flex>
      }
    >
      <Card title={t('portal.myCases')} size="small" styles={{ body: { padding: '0 12px' } }}>
        <List<MyCaseRow>
          loading={loading}
          data-testid="my-cases"
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description={t('portal.noCases')} /> }}
          pagination={
            (data?.total ?? 0) > PAGE_SIZE
              ? { current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, size: 'small', onChange: setPage }
              : false
          }
          renderItem={(row) => (
            <List.Item
              key={row.caseNo}
              data-testid={`my-case-${row.caseNo}`}
              style={{ cursor: 'pointer' }}
              onClick={() => void navigate(portalCasePath(row.caseNo))}
            >
              <Flex vertical gap={4} style={{ minWidth: 0, width: '100%' }}>
                <Flex justify="space-between" gap={8} align="start">
                  <Typography.Text strong style={{ minWidth: 0 }}>
                    {row.itemName}
                  </Typography.Text>
                  <StatusTag status={row.status} />
                </Flex>
                <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
                  {row.caseNo} · {formatDateTime(row.submittedAt ?? row.updatedAt)}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      </Card>
    </AreaPage>
  );
}
