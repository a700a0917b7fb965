import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { App, Button, Card, Descriptions, Empty, Flex, List, Result, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { TaskAction } from '@tongban/contracts';
import { describeError, isApiError } from '../../api/errors';
import { AreaPage } from '../../components/AreaPage';
import { FileLink } from '../../components/FileLink';
import { FilePreviewDrawer, PreviewButton, type PreviewFile } from '../../components/FilePreview';
import { formatDate, formatDateTime } from '../../components/sla';
import { SlaTag } from '../../components/SlaTag';
import { StatusTag } from '../../components/StatusTag';
import { useT } from '../../i18n/context';
import { refreshCounts } from '../../layout/workbench-counts';
import { CaseHistoryCard } from '../audit/CaseHistoryCard';
import { useCurrentUser } from '../auth/session-context';
import { ReassignDialog } from '../tasks/ReassignDialog';
import { canReassign } from '../tasks/task-rules';
import { claimTask, unclaimTask } from '../tasks/tasks.api';
import type { MessageKey } from '../../i18n/messages';
import { getItem, type FormField } from '../items/items.api';
import { ActionDialog } from './ActionDialog';
import { BranchesCard } from './BranchesCard';
import { correctionChecklist } from './correction-checklist';
import {
  getCase,
  getHistory,
  type CaseDetail,
  type CaseTask,
  type ClockView,
  type EngineOperation,
  type HistoryEntry,
} from './cases.api';

const CLOCK_STATES = ['running', 'paused', 'not_started', 'stopped'];

function ClockCard({ clock }: { clock: ClockView }) {
  const t = useT();
  const days = clock.workingDaysLeft;
  return (
    <Card title={t('case.clock')} size="small" data-testid="case-clock">
      <Flex gap={8} wrap align="center">
        <Tag color={clock.state === 'running' ? 'processing' : 'default'} data-testid="clock-state">
          {CLOCK_STATES.includes(clock.state) ? t(`clock.${clock.state}` as MessageKey) : clock.state}
        </Tag>
        <SlaTag sla={clock.sla} />
        <span>
          {t('case.dueAt')}: {formatDate(clock.dueAt)}
        </span>
        {days !== null && (
          <span data-testid="clock-days-left">
            {days >= 0 ? t('clock.daysLeft', { days }) : t('clock.overdue', { days: -days })}
          </span>
        )}
      </Flex>
      {clock.limitDays !== null && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('clock.limit', { days: clock.limitDays, ext: clock.extensionDays, paused: clock.pausedDays })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** One case for staff: header, clock, form, materials, documents, records, history, and the task actions. */
export default function CaseDetailPage() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { caseNo = '' } = useParams();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [engineOperations, setEngineOperations] = useState<EngineOperation[]>([]);
  const [fields, setFields] = useState<FormField[]>([]);
  const [missing, setMissing] = useState<403 | 404 | null>(null);
  const [reload, setReload] = useState(0);
  const [dialog, setDialog] = useState<{ task: CaseTask; action: TaskAction } | null>(null);
  const [reassigning, setReassigning] = useState<CaseTask | null>(null);
  const [preview, setPreview] = useState<PreviewFile | null>(null);
  const user = useCurrentUser();

  useEffect(() => {
    const controller = new AbortController();
    getCase(caseNo, controller.signal)
      .then((result) => {
        setDetail(result);
        return getItem(result.itemCode, { signal: controller.signal, silent: true })
          .then((item) => setFields(item.form.fields ?? []))
          .catch(() => undefined);
      })
      .catch((error: unknown) => {
        if (isApiError(error) && (error.status === 404 || error.status === 403))
          setMissing(error.status === 403 ? 403 : 404);
      });
    getHistory(caseNo, controller.signal)
      .then((result) => {
        setHistory(result.entries);
        setEngineOperations(result.engineOperations ?? []);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [caseNo, reload]);

  const refresh = useCallback(() => setReload((n) => n + 1), []);
  const [busy, setBusy] = useState<string | null>(null);
  /** 签收 / 释放 from the detail, like the list; a 409 (someone was faster) shows the API's message. */
  const claim = async (task: CaseTask, kind: 'claim' | 'unclaim') => {
    setBusy(task.id);
    try {
      await (kind === 'claim' ? claimTask(task.id) : unclaimTask(task.id));
      void message.success(t(kind === 'claim' ? 'tasks.claimed' : 'tasks.released'));
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setBusy(null);
      refresh();
      refreshCounts();
    }
  };

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)}>
      {t('case.back')}
    </Button>
  );

  if (missing) {
    return (
      <AreaPage areaKey="cases" title={t('case.title', { caseNo })} extra={back}>
        {missing === 403 ? (
          <div data-testid="case-forbidden">
            <Result status="403" subTitle={t('page.forbidden')} />
          </div>
        ) : (
          <Result status="404" subTitle={t('page.notFound')} />
        )}
      </AreaPage>
    );
  }
  if (!detail) return <Spin style={{ display: 'block', margin: '64px auto' }} />;

  const checklist = correctionChecklist(detail.correction, detail.materials);
  const labelOf = (key: string) => fields.find((field) => field.key === key)?.label ?? key;
  const formKeys = fields.length
    ? [...fields.map((f) => f.key), ...Object.keys(detail.form).filter((k) => !fields.some((f) => f.key === k))]
    : Object.keys(detail.form);

  return (
    <div data-testid="case-detail">
      <AreaPage areaKey="cases" title={t('case.title', { caseNo: detail.caseNo })} extra={back}>
        <Flex vertical gap={16}>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
              <Descriptions.Item label={t('col.caseNo')}>
                <span data-testid="case-no">{detail.caseNo}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('case.item')}>{detail.itemName}</Descriptions.Item>
              <Descriptions.Item label={t('case.status')}>
                <StatusTag status={detail.status} testId="case-status" />
                {detail.result && (
                  <Tag color={detail.result === 'approved' ? 'success' : 'error'}>
                    {t(detail.result === 'approved' ? 'case.result.approved' : 'case.result.refused')}
                  </Tag>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.department')}>{detail.department.name}</Descriptions.Item>
              <Descriptions.Item label={t('case.applicant')}>
                <span data-testid="case-applicant">{detail.applicant.name ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('case.phone')}>{detail.applicant.phone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('case.idNumber')}>{detail.applicant.idNumber ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('case.submittedAt')}>{formatDateTime(detail.submittedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('case.acceptedAt')}>{formatDateTime(detail.acceptedAt)}</Descriptions.Item>
              {detail.completedAt && (
                <Descriptions.Item label={t('case.completedAt')}>
                  {formatDateTime(detail.completedAt)}
                </Descriptions.Item>
              )}
              {detail.resultReason && (
                <Descriptions.Item label={t('case.resultReason')}>{detail.resultReason}</Descriptions.Item>
              )}
              {detail.terminationReason && (
                <Descriptions.Item label={t('case.termination')}>{detail.terminationReason}</Descriptions.Item>
              )}
            </Descriptions>
          </Card>

          <ClockCard clock={detail.clock} />
          <BranchesCard detail={detail} />

          <Card title={t('case.tasks')} size="small" data-testid="case-tasks">
            {detail.tasks.length === 0 ? (
              <Typography.Text type="secondary">{t('case.noTask')}</Typography.Text>
            ) : (
              <Flex vertical gap={12}>
                {detail.tasks.map((task) => (
                  <div key={task.id} data-testid={`case-task-${task.activityId}`}>
                    <Space wrap style={{ marginBottom: 8 }}>
                      <Typography.Text strong>{task.name}</Typography.Text>
                      {task.assignee ? (
                        <Tag>
                          {t('col.assignee')}: {task.assignee}
                        </Tag>
                      ) : (
                        <Tag>{t('tasks.unassigned')}</Tag>
                      )}
                    </Space>
                    {task.allowedActions.length > 0 && task.delegationState !== 'PENDING' && (
                      <Space wrap style={{ marginBottom: 8 }}>
                        {!task.assignee && (
                          <Button
                            size="small"
                            loading={busy === task.id}
                            data-testid={`claim-task-${task.activityId}`}
                            onClick={() => void claim(task, 'claim')}
                          >
                            {t('tasks.claim')}
                          </Button>
                        )}
                        {task.assignee === user.username && (
                          <Button
                            size="small"
                            loading={busy === task.id}
                            data-testid={`unclaim-task-${task.activityId}`}
                            onClick={() => void claim(task, 'unclaim')}
                          >
                            {t('tasks.unclaim')}
                          </Button>
                        )}
                        {canReassign(task, user.username) && (
                          <Button
                            size="small"
                            data-testid={`reassign-task-${task.activityId}`}
                            onClick={() => setReassigning(task)}
                          >
                            {t('reassign.button')}
                          </Button>
                        )}
                      </Space>
                    )}
                    {task.allowedActions.length === 0 ? (
                      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                        {t('case.noAction')}
                      </Typography.Paragraph>
                    ) : (
                      <Flex gap={8} wrap>
                        {task.allowedActions.map((action) => (
                          <Button
                            key={action}
                            data-testid={`action-${action}`}
                            type={action === 'accept' || action === 'approve' ? 'primary' : 'default'}
                            danger={action === 'void' || action === 'refuse' || action === 'notAccept'}
                            onClick={() => setDialog({ task, action })}
                          >
                            {t(`action.${action}`)}
                          </Button>
                        ))}
                      </Flex>
                    )}
                  </div>
                ))}
              </Flex>
            )}
          </Card>

          <CaseHistoryCard detail={detail} history={history} engineOperations={engineOperations} />

          <Card title={t('case.form')} size="small" data-testid="case-form">
            {formKeys.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
                {formKeys.map((key) => (
                  <Descriptions.Item key={key} label={labelOf(key)}>
                    {detail.form[key] === undefined || detail.form[key] === null ? '—' : String(detail.form[key])}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            )}
          </Card>

          <Card title={t('case.materials')} size="small" data-testid="case-materials">
            <List
              size="small"
              dataSource={detail.materials}
              renderItem={(material) => (
                <List.Item>
                  <Flex vertical gap={4} align="flex-start" style={{ width: '100%' }}>
                    <Space wrap>
                      <Typography.Text>{material.name}</Typography.Text>
                      <Tag>{material.required ? t('common.required') : t('common.optional')}</Tag>
                    </Space>
                    {material.files.length === 0 ? (
                      <Typography.Text type="secondary">{t('case.noFiles')}</Typography.Text>
                    ) : (
                      material.files.map((file) => (
                        <Space key={file.id} size={12} wrap>
                          <FileLink url={file.url} name={file.name} testId={`file-${file.id}`} />
                          <PreviewButton file={file} onPreview={setPreview} testId={`preview-${file.id}`} />
                        </Space>
                      ))
                    )}
                  </Flex>
                </List.Item>
              )}
            />
          </Card>

          <Card title={t('case.documents')} size="small" data-testid="case-documents">
            {detail.documents.length === 0 ? (
              <Typography.Text type="secondary">{t('case.noDocuments')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={detail.documents}
                renderItem={(doc) => (
                  <List.Item>
                    <Flex vertical align="flex-start">
                      <Space size={12} wrap>
                        <FileLink url={doc.url} name={`${doc.title}.pdf`} testId={`document-${doc.type}`} />
                        <PreviewButton
                          file={{ url: doc.url, name: `${doc.title}.pdf`, mime: 'application/pdf' }}
                          onPreview={setPreview}
                          testId={`preview-document-${doc.type}`}
                        />
                      </Space>
                      <Typography.Text type="secondary">
                        {doc.noticeNo ?? ''} {formatDateTime(doc.createdAt)}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            )}
          </Card>

          {detail.correction && (
            <Card title={t('case.correction')} size="small" data-testid="case-correction">
              <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                <Descriptions.Item label={t('case.noticeNo')}>{detail.correction.noticeNo ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('case.status')}>
                  {['open', 'answered', 'expired'].includes(detail.correction.status)
                    ? t(`case.correctionStatus.${detail.correction.status}` as MessageKey)
                    : detail.correction.status}
                </Descriptions.Item>
                <Descriptions.Item label={t('case.deadline')}>
                  {formatDateTime(detail.correction.deadline)}
                </Descriptions.Item>
                <Descriptions.Item label={t('case.answeredAt')}>
                  {formatDateTime(detail.correction.answeredAt)}
                </Descriptions.Item>
              </Descriptions>
              <List
                size="small"
                data-testid="correction-checklist"
                dataSource={checklist}
                renderItem={(row) => (
                  <List.Item data-testid={`correction-item-${row.code}`} data-state={row.state}>
                    <Flex gap={8} wrap align="center" style={{ width: '100%' }}>
                      <Tag color={row.state === 'answered' ? 'success' : row.state === 'waiting' ? 'warning' : 'error'}>
                        {t(`case.checklist.${row.state}`)}
                      </Tag>
                      <Typography.Text strong>{row.name}</Typography.Text>
                      <Typography.Text type="secondary">{row.reason}</Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
              {detail.correction.answerNote && (
                <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                  {t('case.checklist.note')}: {detail.correction.answerNote}
                </Typography.Paragraph>
              )}
            </Card>
          )}

          {detail.specialProcedures.length > 0 && (
            <Card title={t('case.specials')} size="small" data-testid="case-specials">
              <List
                size="small"
                dataSource={detail.specialProcedures}
                renderItem={(sp) => (
                  <List.Item>
                    <Flex vertical align="flex-start">
                      <Space wrap>
                        <Tag>{t(sp.type === 1 ? 'action.spType1' : 'action.spType2')}</Tag>
                        <Typography.Text>{sp.reason}</Typography.Text>
                        <Typography.Text type="secondary">
                          {t('case.expectedDays', { days: sp.expectedDays })}
                        </Typography.Text>
                      </Space>
                      <Typography.Text type="secondary">
                        {t('case.startedAt')} {formatDateTime(sp.startedAt)} · {t('case.endedAt')}{' '}
                        {formatDateTime(sp.endedAt)} {sp.result ? `· ${sp.result}` : ''}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            </Card>
          )}
        </Flex>
      </AreaPage>
      {dialog && (
        <ActionDialog
          task={dialog.task}
          action={dialog.action}
          materials={detail.materials}
          onClose={() => setDialog(null)}
          onDone={() => {
            void message.success(t('action.done', { action: t(`action.${dialog.action}`) }));
            setDialog(null);
            refresh();
            refreshCounts();
          }}
        />
      )}
      {reassigning && (
        <ReassignDialog
          task={{ id: reassigning.id, name: reassigning.name, caseNo: detail.caseNo }}
          onClose={() => setReassigning(null)}
          onDone={(kind, username) => {
            void message.success(t(kind === 'transfer' ? 'reassign.transferred' : 'reassign.delegated', { username }));
            setReassigning(null);
            refresh();
          }}
        />
      )}
      <FilePreviewDrawer file={preview} onClose={() => setPreview(null)} />
    </div>
  );
}
