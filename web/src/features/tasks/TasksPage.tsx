import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Badge, Button, DatePicker, Flex, Form, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
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
import { refreshCounts, useWorkbenchCounts } from '../../layout/workbench-counts';
import { caseDetailPath } from '../../routes/table';
import { listItems, type ItemSummary } from '../items/items.api';
import { ReassignDialog } from './ReassignDialog';
import { activeFilterCount, filtersToQuery, type FilterForm } from './task-filters';
import { canReassign } from './task-rules';
import {
  claimTask,
  listTasks,
  TASK_VIEWS,
  unclaimTask,
  type Page,
  type TaskFilters,
  type TaskRow,
  type TaskView,
} from './tasks.api';

const PAGE_SIZE = 20;

/** 待办 / 已办 / 办结 of a clerk, approver or lead: claim, release, open the case. */
export default function TasksPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [view, setView] = useState<TaskView>('todo');
  const [q, setQ] = useState('');
  const [form] = Form.useForm<FilterForm>();
  const [filters, setFilters] = useState<TaskFilters>({ sort: 'dueAt' });
  const [showFilters, setShowFilters] = useState(false);
  const [range, setRange] = useState<[string, string] | null>(null);
  const [rangeKey, setRangeKey] = useState(0);
  const [items, setItems] = useState<ItemSummary[]>([]);
  const [reassigning, setReassigning] = useState<TaskRow | null>(null);
  const counts = useWorkbenchCounts(user.roles);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<TaskRow> | null>(null);
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listTasks({ ...filters, view, q: q || undefined, page, pageSize: PAGE_SIZE }, controller.signal)
      .then((result) => setData(result))
      .catch(() => undefined)
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [view, q, filters, page, reload]);

  useEffect(() => {
    if (!showFilters || items.length) return;
    const controller = new AbortController();
    listItems(undefined, controller.signal)
      .then(setItems)
      .catch(() => undefined);
    return () => controller.abort();
  }, [showFilters, items.length]);

  const applyFilters = (values: FilterForm) => {
    setFilters(filtersToQuery({ ...values, range, sort: filters.sort }));
    setPage(1);
  };

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
        refreshCounts();
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
    {
      title: t('col.dueAt'),
      dataIndex: 'dueAt',
      render: (dueAt: string | null) => formatDate(dueAt),
      // The server orders; the header arrow mirrors and changes the order of the select above.
      sorter: true,
      sortDirections: ['ascend', 'descend', 'ascend'],
      sortOrder: filters.sort === '-dueAt' ? 'descend' : 'ascend',
    },
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
          {canReassign(row, user.username) && (
            <Button size="small" data-testid={`reassign-${row.caseNo}`} onClick={() => setReassigning(row)}>
              {t('reassign.button')}
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
          label: (
            <span data-testid={`tab-${key}`}>
              {t(`tasks.tab.${key}`)}
              {key === 'todo' && counts ? (
                <span data-testid="tab-todo-count" data-count={counts.todo} style={{ marginInlineStart: 6 }}>
                  <Badge count={counts.todo} overflowCount={999} showZero color="#8c8c8c" size="small" />
                </span>
              ) : null}
            </span>
          ),
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
        <Select<'dueAt' | '-dueAt'>
          data-testid="task-sort"
          value={filters.sort ?? 'dueAt'}
          onChange={(sort) => {
            setFilters((current) => ({ ...current, sort }));
            setPage(1);
          }}
          style={{ width: 170 }}
          options={[
            { value: 'dueAt', label: t('tasks.sort.dueAsc') },
            { value: '-dueAt', label: t('tasks.sort.dueDesc') },
          ]}
        />
        <Button
          icon={<FilterOutlined />}
          data-testid="task-filter-toggle"
          type={activeFilterCount(filters) ? 'primary' : 'default'}
          ghost={activeFilterCount(filters) > 0}
          aria-expanded={showFilters}
          onClick={() => setShowFilters((open) => !open)}
        >
          {t('tasks.filters')}
          {activeFilterCount(filters) ? ` (${activeFilterCount(filters)})` : ''}
        </Button>
        <Button onClick={() => setReload((n) => n + 1)}>{t('common.refresh')}</Button>
      </Flex>
      {showFilters && (
        <Form<FilterForm>
          form={form}
          layout="inline"
          data-testid="task-filters"
          onFinish={applyFilters}
          initialValues={{ sla: '' }}
          style={{ marginBottom: 16, rowGap: 8 }}
        >
          <Form.Item name="itemCode" label={t('col.item')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="task-filter-item"
              style={{ width: 240 }}
              options={items.map((item) => ({ value: item.code, label: item.name }))}
            />
          </Form.Item>
          <Form.Item name="caseNo" label={t('col.caseNo')}>
            <Input allowClear data-testid="task-filter-case-no" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="applicant" label={t('col.applicant')}>
            <Input allowClear data-testid="task-filter-applicant" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item label={t('tasks.submittedRange')}>
            <DatePicker.RangePicker
              key={rangeKey}
              data-testid="task-filter-range"
              onChange={(_, strings) => setRange(strings[0] && strings[1] ? [strings[0], strings[1]] : null)}
            />
          </Form.Item>
          <Form.Item name="sla" label={t('col.sla')}>
            <Select<SlaLevel | ''>
              data-testid="task-sla-filter"
              style={{ width: 120 }}
              options={[
                { value: '', label: t('sla.all') },
                ...SLA_LEVELS.map((level) => ({ value: level, label: t(`sla.${level}`) })),
              ]}
            />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="task-filter-apply">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setRange(null);
                setRangeKey((n) => n + 1);
                setFilters((current) => ({ sort: current.sort }));
                setPage(1);
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form>
      )}
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
        onChange={(_pagination, _filters, sorter, extra) => {
          if (extra.action !== 'sort' || Array.isArray(sorter)) return;
          setFilters((current) => ({ ...current, sort: sorter.order === 'descend' ? '-dueAt' : 'dueAt' }));
          setPage(1);
        }}
      />
      {reassigning && (
        <ReassignDialog
          task={{ id: reassigning.id, name: reassigning.taskName, caseNo: reassigning.caseNo }}
          onClose={() => setReassigning(null)}
          onDone={(kind, username) => {
            void message.success(t(kind === 'transfer' ? 'reassign.transferred' : 'reassign.delegated', { username }));
            setReassigning(null);
            setReload((n) => n + 1);
          }}
        />
      )}
    </AreaPage>
  );
}
