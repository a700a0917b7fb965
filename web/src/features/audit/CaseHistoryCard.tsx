import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Col, Empty, Flex, Row, Spin, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { TASK_ACTIONS, type TaskAction } from '@tongban/contracts';
import { isApiError } from '../../api/errors';
import { formatDateTime } from '../../components/sla';
import { DiagramViewer } from '../../designer/DiagramViewer';
import { hidesDiagram, parseDefinitionId } from '../../designer/diagram-state';
import { getProcessXml } from '../../designer/processes.api';
import { useI18n } from '../../i18n/context';
import type { CaseDetail, EngineOperation, HistoryEntry } from '../cases/cases.api';
import { historyTitleKey } from '../cases/history';
import { activityRuns, durationBadges, engineOperationText, formatDuration, type ActivityRun } from './case-history';

const DIAGRAM_HEIGHT = 420;

type Xml = { state: 'loading' } | { state: 'ready'; xml: string } | { state: 'hidden' } | { state: 'failed' };

const detailText = (detail: unknown): string => {
  if (!detail || typeof detail !== 'object') return '';
  const d = detail as Record<string, unknown>;
  return ['stepName', 'opinion', 'reason', 'result', 'returnTo', 'to', 'step']
    .map((key) => d[key])
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .join(' · ');
};

/**
 * A case's history on its diagram: the process version the case runs on, with done and current
 * steps marked and the time spent under each step; beside it every activity with who, when, how long
 * and the opinion (a row outlines its step on the diagram, a click on a step picks its rows); and in
 * tabs the business events and the operation log.
 */
export function CaseHistoryCard({
  detail,
  history,
  engineOperations,
}: {
  detail: CaseDetail;
  history: HistoryEntry[];
  engineOperations: EngineOperation[];
}) {
  const { t, locale } = useI18n();
  const definition = parseDefinitionId(detail.diagram.processDefinitionId);
  const key = definition?.key;
  const version = definition?.version;
  const [xml, setXml] = useState<Xml>({ state: 'loading' });
  const [selected, setSelected] = useState<string | null>(null);
  const [now] = useState(() => new Date());

  useEffect(() => {
    if (!key || !version) {
      setXml({ state: 'hidden' });
      return;
    }
    const controller = new AbortController();
    setXml({ state: 'loading' });
    getProcessXml(key, version, { signal: controller.signal, silent: true })
      .then((result) => setXml({ state: 'ready', xml: result.xml }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setXml(isApiError(error) && hidesDiagram(error.status) ? { state: 'hidden' } : { state: 'failed' });
      });
    return () => controller.abort();
  }, [key, version]);

  const runs = useMemo(() => activityRuns(history, now), [history, now]);
  const badges = useMemo(() => durationBadges(runs, locale), [runs, locale]);
  const events = history.filter((entry) => entry.source === 'event');
  const operations = history.filter((entry) => entry.source === 'audit');
  const title = (entry: HistoryEntry) => {
    const key = historyTitleKey(entry);
    return key ? t(key) : (entry.title ?? entry.type);
  };

  const activityColumns: ColumnsType<ActivityRun> = [
    {
      title: t('history.col.activity'),
      dataIndex: 'title',
      render: (value: string, run) => (
        <span>
          {value}{' '}
          {run.active ? (
            <Tag color="processing">{t('diagram.legend.active')}</Tag>
          ) : run.canceled ? (
            <Tag>{t('history.canceled')}</Tag>
          ) : null}
        </span>
      ),
    },
    { title: t('history.col.actor'), dataIndex: 'actor', render: (actor: string | null) => actor ?? '—' },
    { title: t('history.col.start'), dataIndex: 'startAt', render: (at: string) => formatDateTime(at) },
    { title: t('history.col.end'), dataIndex: 'endAt', render: (at: string | null) => formatDateTime(at) },
    {
      title: t('history.col.duration'),
      dataIndex: 'durationMs',
      render: (ms: number, run) => (
        <span data-testid={`history-duration-${run.activityId}`}>{formatDuration(ms, locale)}</span>
      ),
    },
    {
      title: t('history.col.opinion'),
      key: 'opinion',
      render: (_: unknown, run) =>
        run.action || run.opinion ? (
          <Typography.Text>
            {run.action && (TASK_ACTIONS as readonly string[]).includes(run.action) && (
              <Tag>{t(`action.${run.action as TaskAction}`)}</Tag>
            )}
            {run.opinion}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  const entryColumns: ColumnsType<HistoryEntry> = [
    { title: t('history.col.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at), width: 170 },
    { title: t('history.col.what'), key: 'what', render: (_: unknown, entry) => title(entry) },
    { title: t('history.col.actor'), dataIndex: 'actor', render: (actor: string | null) => actor ?? '—' },
    {
      title: t('history.col.detail'),
      key: 'detail',
      render: (_: unknown, entry) =>
        entry.source === 'audit' && entry.success === false ? (
          <Tag color="red">{t('audit.failure')}</Tag>
        ) : (
          detailText(entry.detail) || '—'
        ),
    },
  ];

  const engineColumns: ColumnsType<EngineOperation> = [
    { title: t('history.col.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at), width: 170 },
    {
      title: t('history.col.what'),
      key: 'what',
      render: (_: unknown, entry) => engineOperationText(entry, locale).title,
    },
    { title: t('history.col.actor'), dataIndex: 'actor', render: (actor: string | null) => actor ?? '—' },
    {
      title: t('history.col.detail'),
      key: 'detail',
      render: (_: unknown, entry) => engineOperationText(entry, locale).change ?? '—',
    },
  ];

  const selectedRows = selected ? runs.filter((run) => run.activityId.split('#')[0] === selected) : [];

  return (
    <Card title={t('history.title')} size="small" data-testid="case-history">
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={11}>
          {xml.state === 'loading' && (
            // The diagram's own height, so the page does not jump when it arrives.
            <Flex align="center" justify="center" style={{ height: DIAGRAM_HEIGHT + 40 }}>
              <Spin />
            </Flex>
          )}
          {xml.state === 'failed' && <Alert type="warning" showIcon title={t('diagram.loadFailed')} />}
          {xml.state === 'hidden' && (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.noDiagram')} />
          )}
          {xml.state === 'ready' && (
            <DiagramViewer
              xml={xml.xml}
              activeActivityIds={detail.diagram.activeActivityIds}
              completedActivityIds={detail.diagram.completedActivityIds}
              badges={badges}
              selectedId={selected}
              onSelect={(id) => setSelected((current) => (current === id ? null : id))}
              height={DIAGRAM_HEIGHT}
              testId="case-history-diagram"
            />
          )}
          {selected && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }} data-testid="history-selected">
              {selectedRows.length
                ? t('history.selected', { name: selectedRows[0]?.title ?? selected, count: selectedRows.length })
                : t('history.selectedNone')}
            </Typography.Paragraph>
          )}
        </Col>
        <Col xs={24} xxl={13}>
          <Tabs
            size="small"
            items={[
              {
                key: 'activities',
                label: <span data-testid="history-tab-activities">{t('history.tab.activities')}</span>,
                children: (
                  <Table<ActivityRun>
                    rowKey="key"
                    size="small"
                    data-testid="history-activities"
                    columns={activityColumns}
                    dataSource={runs}
                    pagination={false}
                    scroll={{ x: 'max-content' }}
                    rowClassName={(run) => (run.activityId.split('#')[0] === selected ? 'ant-table-row-selected' : '')}
                    onRow={(run) => ({
                      'data-testid': `history-activity-${run.activityId}`,
                      style: { cursor: 'pointer' },
                      onClick: () => setSelected(run.activityId.split('#')[0] ?? null),
                    })}
                  />
                ),
              },
              {
                key: 'events',
                label: (
                  <span data-testid="history-tab-events">{t('history.tab.events', { count: events.length })}</span>
                ),
                children: (
                  <Table<HistoryEntry>
                    rowKey={(entry) => String(events.indexOf(entry))}
                    size="small"
                    data-testid="history-events"
                    columns={entryColumns}
                    dataSource={events}
                    pagination={false}
                    scroll={{ x: 'max-content' }}
                  />
                ),
              },
              {
                key: 'operations',
                label: (
                  <span data-testid="history-tab-operations">
                    {t('history.tab.operations', { count: operations.length })}
                  </span>
                ),
                children: (
                  <Table<HistoryEntry>
                    rowKey={(entry) => String(operations.indexOf(entry))}
                    size="small"
                    data-testid="history-operations"
                    columns={entryColumns}
                    dataSource={operations}
                    pagination={false}
                    scroll={{ x: 'max-content' }}
                  />
                ),
              },
              {
                key: 'engine',
                label: (
                  <span data-testid="history-tab-engine">
                    {t('history.tab.engine', { count: engineOperations.length })}
                  </span>
                ),
                children: (
                  <Table<EngineOperation>
                    rowKey={(op) => String(engineOperations.indexOf(op))}
                    size="small"
                    data-testid="history-engine"
                    columns={engineColumns}
                    dataSource={engineOperations}
                    pagination={false}
                    scroll={{ x: 'max-content' }}
                  />
                ),
              },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}
