import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Badge, Button, Flex, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SlaLevel } from '@tongban/contracts';
import { ListSearch, usePaging } from '../../components/ListControls';
import { AreaPage } from '../../components/AreaPage';
import { formatDate, formatDateTime } from '../../components/sla';
import { SlaTag } from '../../components/SlaTag';
import { StatusTag } from '../../components/StatusTag';
import { useT } from '../../i18n/context';
import { refreshCounts, useWorkbenchCounts } from '../../layout/workbench-counts';
import { caseDetailPath } from '../../routes/table';
import { useCurrentUser } from '../auth/session-context';
import type { Page } from '../tasks/tasks.api';
import { CASE_VIEWS, listCases, type CaseRow, type CaseView } from './cases.api';

const PAGE_SIZE = 20;

/** 补正补齐 / 特别程序 / 不予许可 / 作废 / 退回 / 办结 / 全部 of the user's departments. */
export default function CasesPage() {
  const t = useT();
  const navigate = useNavigate();
  const [view, setView] = useState<CaseView>('correction');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<CaseRow> | null>(null);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);
  const counts = useWorkbenchCounts(useCurrentUser().roles);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listCases({ view, q: q || undefined, page, pageSize: PAGE_SIZE }, controller.signal)
      .then((result) => setData(result))
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [view, q, page, reload]);

  const columns: ColumnsType<CaseRow> = [
    {
      title: t('col.caseNo'),
      dataIndex: 'caseNo',
      render: (caseNo: string) => <Typography.Link>{caseNo}</Typography.Link>,
    },
    { title: t('col.item'), dataIndex: 'itemName' },
    { title: t('col.applicant'), dataIndex: 'applicantName', render: (name: string | null) => name ?? '—' },
    { title: t('col.status'), dataIndex: 'status', render: (status: string) => <StatusTag status={status} /> },
    { title: t('col.submittedAt'), dataIndex: 'submittedAt', render: (at: string | null) => formatDateTime(at) },
    { title: t('col.dueAt'), dataIndex: 'dueAt', render: (dueAt: string | null) => formatDate(dueAt) },
    {
      title: t('col.daysLeft'),
      dataIndex: 'workingDaysLeft',
      render: (days: number | null) => (days === null ? '—' : days),
    },
    { title: t('col.sla'), dataIndex: 'sla', render: (value: SlaLevel | null) => <SlaTag sla={value} /> },
    { title: t('col.updatedAt'), dataIndex: 'updatedAt', render: (at: string) => formatDateTime(at) },
  ];

  const paging = usePaging(page, PAGE_SIZE, data?.total ?? 0, setPage);
  return (
    <AreaPage areaKey="cases">
      <Tabs
        activeKey={view}
        onChange={(key) => {
          setView(key as CaseView);
          setPage(1);
        }}
        items={CASE_VIEWS.map((key) => ({
          key,
          label: (
            <span data-testid={`case-tab-${key}`}>
              {t(`cases.tab.${key}`)}
              {counts?.cases[key] !== undefined && (
                <Badge
                  count={counts.cases[key]}
                  showZero
                  overflowCount={9999}
                  color="#8c8c8c"
                  size="small"
                  data-testid={`case-tab-count-${key}`}
                  style={{ marginInlineStart: 6 }}
                />
              )}
            </span>
          ),
        }))}
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <ListSearch
          testId="case-search"
          placeholder={t('tasks.searchPlaceholder')}
          maxWidth={420}
          onSearch={(query) => {
            setQ(query);
            setPage(1);
          }}
        />
        <Button
          onClick={() => {
            setReload((n) => n + 1);
            refreshCounts();
          }}
        >
          {t('common.refresh')}
        </Button>
      </Flex>
      <Table<CaseRow>
        rowKey="caseNo"
        size="middle"
        data-testid="case-table"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        onRow={(row) => ({
          'data-testid': `case-row-${row.caseNo}`,
          style: { cursor: 'pointer' },
          onClick: () => void navigate(caseDetailPath(row.caseNo)),
        })}
        pagination={paging}
      />
    </AreaPage>
  );
}
