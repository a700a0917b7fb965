import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Result,
  Spin,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { isApiError } from '../../api/errors';
import { AreaPage } from '../../components/AreaPage';
import { FileLink } from '../../components/FileLink';
import { formatDate, formatDateTime } from '../../components/sla';
import { useT } from '../../i18n/context';
import { historyTitleKey } from '../cases/history';
import { CaseStatusTags } from './CaseStatusTags';
import { DepartmentsCard } from './DepartmentsCard';
import { MaterialUpload } from './MaterialUpload';
import { evaluationChannel, evaluationProblem, materialsBody, progressLink, RATINGS } from './portal-rules';
import { answerCorrection, evaluate, getMyCase, qrCodeUrl, submitDraft, withdraw, type MyCase } from './portal.api';

function CorrectionCard({ data, onDone }: { data: MyCase; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [uploads, setUploads] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState<Record<string, boolean>>({});
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const correction = data.correction;
  if (!correction) return null;
  const nameOf = (code: string) => data.materials.find((m) => m.code === code)?.name ?? code;

  const send = async () => {
    if (Object.values(busy).some(Boolean)) {
      setProblem(t('apply.uploading'));
      return;
    }
    const missing = correction.items.filter((item) => !(uploads[item.materialCode]?.length ?? 0));
    if (missing.length) {
      setProblem(missing.map((item) => t('apply.materialRequired', { name: nameOf(item.materialCode) })).join('；'));
      return;
    }
    setProblem(null);
    setSending(true);
    try {
      await answerCorrection(data.caseNo, {
        materials: materialsBody(
          correction.items.map((item) => item.materialCode),
          uploads,
        ),
        note: note.trim() || undefined,
      });
      void message.success(t('mycase.answered'));
      onDone();
    } catch {
      // shown by the client
    } finally {
      setSending(false);
    }
  };

  return (
    <Card title={t('mycase.correction')} size="small" data-testid="my-correction">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('case.noticeNo')}>{correction.noticeNo}</Descriptions.Item>
        <Descriptions.Item label={t('case.deadline')}>{formatDateTime(correction.deadline)}</Descriptions.Item>
        {correction.opinion && (
          <Descriptions.Item label={t('mycase.correctionOpinion')}>{correction.opinion}</Descriptions.Item>
        )}
      </Descriptions>
      <Flex vertical gap={16}>
        {correction.items.map((item) => (
          <div key={item.materialCode} data-testid={`correction-item-${item.materialCode}`}>
            <Typography.Paragraph style={{ marginBottom: 4 }} strong>
              {nameOf(item.materialCode)}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {item.reason}
            </Typography.Paragraph>
            <MaterialUpload
              code={item.materialCode}
              onChange={(ids) => setUploads((current) => ({ ...current, [item.materialCode]: ids }))}
              onBusyChange={(value) => setBusy((current) => ({ ...current, [item.materialCode]: value }))}
            />
          </div>
        ))}
        <Input.TextArea
          rows={2}
          maxLength={1000}
          placeholder={t('mycase.answerNote')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        {problem && <Alert type="error" showIcon title={problem} />}
        <Button type="primary" loading={sending} data-testid="correction-submit" onClick={() => void send()}>
          {t('mycase.answer')}
        </Button>
      </Flex>
    </Card>
  );
}

/** The case's QR code: scanning it opens the public progress page with number and query code filled in. */
function QrCard({ caseNo, queryCode }: { caseNo: string; queryCode: string }) {
  const t = useT();
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    let url: string | null = null;
    qrCodeUrl(caseNo, controller.signal)
      .then((objectUrl) => {
        url = objectUrl;
        setSrc(objectUrl);
      })
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [caseNo]);

  const link = progressLink('', caseNo, queryCode);
  return (
    <Card title={t('mycase.qrTitle')} size="small" data-testid="my-qrcode">
      <Flex vertical align="center" gap={8}>
        {src ? (
          <img
            src={src}
            width={180}
            height={180}
            alt={t('mycase.qrAlt', { caseNo })}
            data-testid="my-qrcode-image"
            style={{ imageRendering: 'pixelated' }}
          />
        ) : failed ? (
          <Typography.Text type="secondary">{t('mycase.qrFailed')}</Typography.Text>
        ) : (
          <Spin />
        )}
        <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
          {t('mycase.qrHint')}
        </Typography.Text>
        <Link to={link} data-testid="my-progress-link">
          {t('mycase.openProgress')}
        </Link>
      </Flex>
    </Card>
  );
}

function EvaluationCard({ data, onDone }: { data: MyCase; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [rating, setRating] = useState<number | undefined>();
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  if (data.evaluation) {
    return (
      <Card title={t('mycase.evaluate')} size="small" data-testid="my-evaluation">
        {t('mycase.yourRating', { rating: t(`rating.${data.evaluation.rating as 1 | 2 | 3 | 4 | 5}`) })}
      </Card>
    );
  }
  if (!data.canEvaluate) return null;

  const send = async () => {
    if (rating === undefined) return;
    const issue = evaluationProblem(rating, comment);
    if (issue) {
      setProblem(t(issue));
      return;
    }
    setProblem(null);
    setSending(true);
    try {
      await evaluate(data.caseNo, {
        rating,
        comment: comment.trim() || undefined,
        channel: evaluationChannel(navigator.userAgent),
      });
      void message.success(t('mycase.evaluated'));
      onDone();
    } catch {
      // shown by the client
    } finally {
      setSending(false);
    }
  };

  return (
    <Card title={t('mycase.evaluate')} size="small" data-testid="my-evaluation">
      <Flex vertical gap={12}>
        <Radio.Group
          data-testid="evaluation-rating"
          value={rating}
          onChange={(event) => setRating(event.target.value as number)}
          options={RATINGS.map((value) => ({ value, label: t(`rating.${value}`) }))}
        />
        <Input.TextArea
          rows={3}
          maxLength={1000}
          data-testid="evaluation-comment"
          placeholder={rating !== undefined && rating <= 2 ? t('mycase.commentRequired') : t('mycase.comment')}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
        />
        {problem && <Alert type="error" showIcon title={problem} data-testid="evaluation-error" />}
        <Button
          type="primary"
          disabled={rating === undefined}
          loading={sending}
          data-testid="evaluation-submit"
          onClick={() => void send()}
        >
          {t('common.submit')}
        </Button>
      </Flex>
    </Card>
  );
}

/** One of the applicant's cases: status, timeline, documents, correction answer, withdraw, evaluation. */
export default function MyCasePage() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { caseNo = '' } = useParams();
  const [data, setData] = useState<MyCase | null>(null);
  const [missing, setMissing] = useState(false);
  const [reload, setReload] = useState(0);
  const [withdrawing, setWithdrawing] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [withdrawForm] = Form.useForm<{ reason: string }>();

  useEffect(() => {
    const controller = new AbortController();
    getMyCase(caseNo, controller.signal)
      .then(setData)
      .catch((error: unknown) => {
        if (isApiError(error) && error.status === 404) setMissing(true);
      });
    return () => controller.abort();
  }, [caseNo, reload]);

  const refresh = useCallback(() => setReload((n) => n + 1), []);
  const timelineTitle = (entry: { type: string; title: string }) => {
    const key = historyTitleKey({ source: 'event', type: entry.type });
    return key ? t(key) : entry.title;
  };

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/portal')}>
      {t('common.back')}
    </Button>
  );

  if (missing) {
    return (
      <AreaPage areaKey="portal" title={caseNo} extra={back}>
        <Result status="404" subTitle={t('page.notFound')} />
      </AreaPage>
    );
  }
  if (!data) return <Spin style={{ display: 'block', margin: '64px auto' }} />;

  const confirmWithdraw = async () => {
    const { reason } = await withdrawForm.validateFields();
    try {
      await withdraw(data.caseNo, reason.trim());
      void message.success(t('mycase.withdrawn'));
      setWithdrawing(false);
      refresh();
    } catch {
      // shown by the client
    }
  };

  return (
    <AreaPage areaKey="portal" title={data.itemName} extra={back}>
      <Flex vertical gap={16} data-testid="my-case">
        <Card size="small">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('col.caseNo')}>
              <span style={{ wordBreak: 'break-all' }}>{data.caseNo}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('case.status')}>
              <CaseStatusTags status={data.status} result={data.result} testId="case-status" />
            </Descriptions.Item>
            {data.step && <Descriptions.Item label={t('portal.step')}>{data.step}</Descriptions.Item>}
            {data.resultReason && (
              <Descriptions.Item label={t('case.resultReason')}>{data.resultReason}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('case.department')}>{data.department.name}</Descriptions.Item>
            {data.queryCode && (
              <Descriptions.Item label={t('mycase.queryCode')}>
                <span data-testid="my-query-code">{data.queryCode}</span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('case.submittedAt')}>{formatDateTime(data.submittedAt)}</Descriptions.Item>
            {data.dueDate && (
              <Descriptions.Item label={t('mycase.dueDate')}>
                {data.dueDate}
                {data.workingDaysLeft !== undefined && ` · ${t('clock.daysLeft', { days: data.workingDaysLeft })}`}
              </Descriptions.Item>
            )}
            {data.completedAt && (
              <Descriptions.Item label={t('case.completedAt')}>{formatDate(data.completedAt)}</Descriptions.Item>
            )}
          </Descriptions>
          <Flex gap={8} wrap style={{ marginTop: 12 }}>
            {data.status === 'draft' && (
              <Button
                type="primary"
                loading={submitting}
                data-testid="draft-submit"
                onClick={() => {
                  setSubmitting(true);
                  submitDraft(data.caseNo)
                    .then(refresh)
                    .catch(() => undefined)
                    .finally(() => setSubmitting(false));
                }}
              >
                {t('apply.submit')}
              </Button>
            )}
            {data.canWithdraw && (
              <Button danger data-testid="withdraw" onClick={() => setWithdrawing(true)}>
                {t('mycase.withdraw')}
              </Button>
            )}
          </Flex>
        </Card>

        <DepartmentsCard key={`departments-${reload}`} data={data} onDone={refresh} />
        <CorrectionCard key={`correction-${reload}`} data={data} onDone={refresh} />
        <EvaluationCard key={`evaluation-${reload}`} data={data} onDone={refresh} />
        {data.queryCode && data.status !== 'draft' && <QrCard caseNo={data.caseNo} queryCode={data.queryCode} />}

        <Card title={t('case.documents')} size="small" data-testid="my-documents">
          {data.documents.length === 0 ? (
            <Typography.Text type="secondary">{t('case.noDocuments')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={data.documents}
              renderItem={(doc) => (
                <List.Item>
                  <Flex vertical align="flex-start" style={{ minWidth: 0 }}>
                    <FileLink url={doc.url} name={`${doc.title}.pdf`} testId={`document-${doc.type}`} />
                    <Typography.Text type="secondary">{formatDateTime(doc.createdAt)}</Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          )}
        </Card>

        <Card title={t('case.timeline')} size="small" data-testid="my-timeline">
          <Timeline
            items={data.timeline.map((entry, index) => ({
              key: `${entry.at}-${index}`,
              content: (
                <Flex vertical>
                  <Typography.Text>{timelineTitle(entry)}</Typography.Text>
                  <Typography.Text type="secondary">{formatDateTime(entry.at)}</Typography.Text>
                </Flex>
              ),
            }))}
          />
        </Card>
      </Flex>

      <Modal
        open={withdrawing}
        title={t('mycase.withdraw')}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, 'data-testid': 'withdraw-confirm' }}
        onOk={() => void confirmWithdraw().catch(() => undefined)}
        onCancel={() => setWithdrawing(false)}
        destroyOnHidden
      >
        <Form form={withdrawForm} layout="vertical">
          <Form.Item
            name="reason"
            label={t('mycase.withdrawReason')}
            rules={[{ required: true, whitespace: true, message: t('mycase.withdrawReason') }]}
          >
            <Input.TextArea rows={3} maxLength={1000} data-testid="withdraw-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </AreaPage>
  );
}
