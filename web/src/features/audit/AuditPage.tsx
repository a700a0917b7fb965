import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, DatePicker, Flex, Form, Input, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { describeError } from '../../api/errors';
import { ListSearch, usePaging } from '../../components/ListControls';
import { AreaPage } from '../../components/AreaPage';
import { formatDate, formatDateTime } from '../../components/sla';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n/context';
import { caseDetailPath } from '../../routes/table';
import type { CaseRow } from '../cases/cases.api';
import type { Page } from '../tasks/tasks.api';
import { auditQuery, detailText, verifyView, type AuditFilters, type VerifyResult } from './audit-rules';
import { listAudit, searchAllCases, verifyAudit, type AuditEntry } from './audit.api';

const PAGE_SIZE = 20;
type AuditTab = 'log' | 'cases';

/** 审计日志 (with the hash-chain check) and 办件查询 across departments, for auditors. */
export default function AuditPage() {
  const { t } = useI18n();
  const [tab, setTab] = useState<AuditTab>('log');
  return (
    <AreaPage areaKey="audit">
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as AuditTab)}
        items={[
          {
            key: 'log',
            label: <span data-testid="audit-tab-log">{t('audit.tab.log')}</span>,
            children: <AuditLog />,
          },
          {
            key: 'cases',
            label: <span data-testid="audit-tab-cases">{t('audit.tab.cases')}</span>,
            children: <CaseSearch />,
          },
        ]}
      />
    </AreaPage>
  );
}

interface FilterForm {
  actor?: string;
  caseNo?: string;
  type?: string;
}

function AuditLog() {
  const { t } = useI18n();
  const [form] = Form.useForm<FilterForm>();
  const [range, setRange] = useState<[string, string] | null>(null);
  const [rangeKey, setRangeKey] = useState(0);
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<AuditEntry> | null>(null);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);
  const [verifying, setVerifying] = useState(false);
  const [verified, setVerified] = useState<VerifyResult | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listAudit({ ...auditQuery(filters), page, pageSize: PAGE_SIZE }, controller.signal)
      .then(setData)
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [filters, page, reload]);

  const verify = async () => {
    setVerifying(true);
    setVerifyError(null);
    setVerified(null);
    try {
      setVerified(await verifyAudit());
    } catch (error) {
      setVerifyError(describeError(error, t));
    } finally {
      setVerifying(false);
    }
  };

  const apply = (values: FilterForm) => {
    setFilters({ ...values, fromDate: range?.[0], toDate: range?.[1] });
    setPage(1);
  };

  const columns: ColumnsType<AuditEntry> = [
    { title: t('audit.col.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at) },
    { title: t('audit.actor'), dataIndex: 'actorUsername', render: (actor: string | null) => actor ?? '—' },
    { title: t('audit.type'), dataIndex: 'type', render: (type: string) => <code>{type}</code> },
    {
      title: t('audit.col.success'),
      dataIndex: 'success',
      render: (success: boolean) =>
        success ? <Tag color="green">{t('audit.success')}</Tag> : <Tag color="red">{t('audit.failure')}</Tag>,
    },
    { title: t('audit.col.target'), dataIndex: 'target', render: (target: string | null) => target ?? '—' },
    {
      title: t('col.caseNo'),
      dataIndex: 'caseNo',
      render: (caseNo: string | null) => (caseNo ? <Link to={caseDetailPath(caseNo)}>{caseNo}</Link> : '—'),
    },
    { title: t('audit.col.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
    {
      title: t('audit.col.detail'),
      dataIndex: 'detail',
      render: (detail: Record<string, unknown>) => (
        <Typography.Text style={{ maxWidth: 360 }} ellipsis={{ tooltip: detailText(detail) }}>
          {detailText(detail) || '—'}
        </Typography.Text>
      ),
    },
  ];

  const view = verified ? verifyView(verified) : null;
  const paging = usePaging(page, PAGE_SIZE, data?.total ?? 0, setPage);
  return (
    <>
      <Form<FilterForm> form={form} layout="inline" onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input allowClear data-testid="audit-actor" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="caseNo" label={t('col.caseNo')}>
          <Input allowClear data-testid="audit-case-no" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="type" label={t('audit.type')}>
          <Input allowClear data-testid="audit-type" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item label={t('audit.range')}>
          <DatePicker.RangePicker
            key={rangeKey}
            data-testid="audit-range"
            onChange={(_, strings) => setRange(strings[0] && strings[1] ? [strings[0], strings[1]] : null)}
          />
        </Form.Item>
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" data-testid="audit-search">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setRange(null);
              setRangeKey((n) => n + 1);
              setFilters({});
              setPage(1);
            }}
          >
            {t('common.reset')}
          </Button>
          <Button onClick={() => setReload((n) => n + 1)}>{t('common.refresh')}</Button>
          <Button data-testid="audit-verify" loading={verifying} onClick={() => void verify()}>
            {t('audit.verify')}
          </Button>
        </Flex>
      </Form>
      {view && (
        <Alert
          type={view.type}
          showIcon
          data-testid="audit-verify-result"
          data-ok={String(verified?.ok)}
          title={t(view.key, view.params)}
          style={{ marginBottom: 16 }}
        />
      )}
      {verifyError && (
        <Alert
          type="error"
          showIcon
          data-testid="audit-verify-result"
          title={verifyError}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        data-testid="audit-table"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={paging}
      />
    </>
  );
}

function CaseSearch() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<CaseRow> | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    searchAllCases({ q: q || undefined, page, pageSize: PAGE_SIZE }, controller.signal)
      .then(setData)
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [q, page]);

  const columns: ColumnsType<CaseRow> = [
    {
      title: t('col.caseNo'),
      dataIndex: 'caseNo',
      render: (caseNo: string) => (
        <Link to={caseDetailPath(caseNo)} data-testid={`audit-case-${caseNo}`}>
          {caseNo}
        </Link>
      ),
    },
    { title: t('col.item'), dataIndex: 'itemName' },
    { title: t('col.applicant'), dataIndex: 'applicantName', render: (name: string | null) => name ?? '—' },
    { title: t('audit.department'), dataIndex: 'department' },
    { title: t('col.status'), dataIndex: 'status', render: (status: string) => <StatusTag status={status} /> },
    { title: t('col.submittedAt'), dataIndex: 'submittedAt', render: (at: string | null) => formatDateTime(at) },
    { title: t('col.dueAt'), dataIndex: 'dueAt', render: (dueAt: string | null) => formatDate(dueAt) },
  ];

  const paging = usePaging(page, PAGE_SIZE, data?.total ?? 0, setPage);
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <ListSearch
          testId="audit-case-search"
          placeholder={t('audit.caseSearch')}
          maxWidth={420}
          onSearch={(query) => {
            setQ(query);
            setPage(1);
          }}
        />
      </Flex>
      <Table<CaseRow>
        rowKey="caseNo"
        size="middle"
        data-testid="audit-cases-table"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={paging}
      />
    </>
  );
}
