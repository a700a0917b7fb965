import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Flex, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { SLA_LEVELS, type SlaLevel } from '@tongban/contracts';
import { describeError } from '../../api/errors';
import { ListSearch, usePaging } from '../../components/ListControls';
import { AreaPage } from '../../components/AreaPage';
import { formatDate, formatDateTime } from '../../components/sla';
import { SlaTag } from '../../components/SlaTag';
import { StatusTag } from '../../components/StatusTag';
import { useCurrentUser } from '../auth/session-context';
import { useI18n } from '../../i18n/context';
import { caseDetailPath } from '../../routes/table';
import { claimTask, listTasks, TASK_VIEWS, unclaimTask, type Page, type TaskRow, type TaskView } from './tasks.api';

const PAGE_SIZE = 20;

/** 待办 / 已办 / 办结 of a clerk, approver or lead: claim, release, open the case. */
export default function TasksPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [view, setView] = useState<TaskView>('todo');
  const [q, setQ] = useState('');
  const [sla, setSla] = useState<SlaLevel | undefined>();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<TaskRow> | null>(null);
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listTasks({ view, q: q || undefined, sla, page, pageSize: PAGE_SIZE }, controller.signal)
      .then((result) => setData(result))
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [view, q, sla, page, reload]);

  const act = useCallback(
    async (row: TaskRow, kind: 'claim' | 'unclaim') => {
      setBusy(row.id);
      try {
        await (kind === 'claim' ? claimTask(row.id) : unclaimTask(row.id));
        void message.success(t(kind === 'claim' ? 'tasks.claimed' : 'tasks.released'));
      } catch (error) {
        void message.error(describeError(error, t));
      } finally {
        setBusy(null);
        setReload((n) => n + 1);
      }
    },
    [message, t],
  );

  const columns: ColumnsType<TaskRow> = [
    {
      title: t('col.caseNo'),
      dataIndex: 'caseNo',
      render: (caseNo: string) => <Typography.Link>{caseNo}</Typography.Link>,
    },
    { title: t('col.item'), dataIndex: 'itemName' },
    { title: t('col.applicant'), dataIndex: 'applicantName', render: (name: string | null) => name ?? '—' },
    { title: t('col.task'), dataIndex: 'taskName' },
    {
      title: t('col.status'),
      dataIndex: 'status',
      render: (status: string) => <StatusTag status={status} />,
    },
    view === 'todo'
      ? {
          title: t('col.assignee'),
          dataIndex: 'assignee',
          render: (assignee: string | null) => (assignee ? assignee : <Tag>{t('tasks.unassigned')}</Tag>),
        }
      : { title: t('col.closedAt'), dataIndex: 'closedAt', render: (at: string | null) => formatDateTime(at) },
    { title: t('col.dueAt'), dataIndex: 'dueAt', render: (dueAt: string | null) => formatDate(dueAt) },
    {
      title: t('col.daysLeft'),
      dataIndex: 'workingDaysLeft',
      render: (days: number | null) => (days === null ? '—' : days),
    },
    { title: t('col.sla'), dataIndex: 'sla', render: (value: SlaLevel | null) => <SlaTag sla={value} /> },
  ];
  if (view === 'todo') {
    columns.push({
      title: t('col.actions'),
      key: 'actions',
      render: (_: unknown, row: TaskRow) => (
        <Space onClick={(event) => event.stopPropagation()}>
          {!row.assignee && (
            <Button
              size="small"
              type="primary"
              loading={busy === row.id}
              data-testid={`claim-${row.caseNo}`}
              onClick={() => void act(row, 'claim')}
            >
              {t('tasks.claim')}
            </Button>
          )}
          {row.assignee === user.username && (
            <Button
              size="small"
              loading={busy === row.id}
              data-testid={`unclaim-${row.caseNo}`}
              onClick={() => void act(row, 'unclaim')}
            >
              {t('tasks.unclaim')}
            </Button>
          )}
        </Space>
      ),
    });
  }

  const paging = usePaging(page, PAGE_SIZE, data?.total ?? 0, setPage);
  return (
    <AreaPage areaKey="tasks">
      <Tabs
        activeKey={view}
        onChange={(key) => {
          setView(key as TaskView);
          setPage(1);
        }}
        items={TASK_VIEWS.map((key) => ({
          key,
          label: <span data-testid={`tab-${key}`}>{t(`tasks.tab.${key}`)}</span>,
        }))}
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <ListSearch
          testId="task-search"
          placeholder={t('tasks.searchPlaceholder')}
          maxWidth={420}
          onSearch={(query) => {
            setQ(query);
            setPage(1);
          }}
        />
        <Select<SlaLevel | ''>
          data-testid="task-sla-filter"
          value={sla ?? ''}
          onChange={(value) => {
            setSla(value || undefined);
            setPage(1);
          }}
          style={{ width: 140 }}
          options={[
            { value: '', label: t('sla.all') },
            ...SLA_LEVELS.map((level) => ({ value: level, label: t(`sla.${level}`) })),
          ]}
        />
        <Button onClick={() => setReload((n) => n + 1)}>{t('common.refresh')}</Button>
      </Flex>
      <Table<TaskRow>
        rowKey="id"
        size="middle"
        data-testid="task-table"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        onRow={(row) => ({
          'data-testid': `task-row-${row.caseNo}`,
          style: { cursor: 'pointer' },
          onClick: () => void navigate(caseDetailPath(row.caseNo)),
        })}
        pagination={paging}
      />
    </AreaPage>
  );
}
