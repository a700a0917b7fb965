import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Timeline, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { ProgressDto } from '@tongban/contracts';
import { isApiError } from '../../api/errors';
import { formatDate, formatDateTime } from '../../components/sla';
import { useT } from '../../i18n/context';
import { historyTitleKey } from '../cases/history';
import { CaseStatusTags } from './CaseStatusTags';
import { PublicShell } from './PublicShell';
import { parseProgressQuery, progressErrorKey, progressProblem } from './portal-rules';
import { getProgress } from './portal.api';

interface Fields {
  caseNo: string;
  queryCode: string;
}

/**
 * 办件查询: anyone with a case number and its query code (查询密码) sees the status, the current step
 * and what happened when. The case's QR code opens this page with both filled in and asks at once.
 */
export default function ProgressPage() {
  const t = useT();
  const { search } = useLocation();
  const [form] = Form.useForm<Fields>();
  const [result, setResult] = useState<ProgressDto | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const pending = useRef<AbortController | null>(null);

  const lookUp = useCallback(
    async ({ caseNo, queryCode }: Fields) => {
      const issue = progressProblem(caseNo, queryCode);
      setResult(null);
      if (issue) {
        setProblem(t(issue));
        return;
      }
      pending.current?.abort();
      const controller = new AbortController();
      pending.current = controller;
      setProblem(null);
      setLoading(true);
      try {
        setResult(await getProgress(caseNo.trim(), queryCode.trim(), controller.signal));
      } catch (error) {
        if (controller.signal.aborted) return;
        setProblem(t(progressErrorKey(isApiError(error) ? error.status : 0)));
      } finally {
        if (!controller.signal.aborted) setLoading(false);
      }
    },
    [t],
  );

  // Prefilled from the address (the QR code's link): fill the form and ask once.
  useEffect(() => {
    const fromUrl = parseProgressQuery(search);
    form.setFieldsValue(fromUrl);
    if (fromUrl.caseNo && fromUrl.queryCode) void lookUp(fromUrl);
    return () => pending.current?.abort();
  }, [search, form, lookUp]);

  const submit = (values: Fields) =>
    void lookUp({ caseNo: (values.caseNo ?? '').trim(), queryCode: (values.queryCode ?? '').trim() });

  const timelineTitle = (entry: { type: string; title: string }) => {
    const key = historyTitleKey({ source: 'event', type: entry.type });
    return key ? t(key) : entry.title;
  };

  return (
    <PublicShell title={t('progress.title')}>
      <Flex vertical gap={12} data-testid="progress">
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('progress.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('progress.intro')}</Typography.Text>
        <Card size="small">
          <Form<Fields> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item name="caseNo" label={t('col.caseNo')} style={{ marginBottom: 12 }}>
              <Input
                maxLength={50}
                autoComplete="off"
                placeholder={t('progress.caseNoPlaceholder')}
                data-testid="progress-case-no"
              />
            </Form.Item>
            <Form.Item name="queryCode" label={t('mycase.queryCode')} style={{ marginBottom: 12 }}>
              <Input
                maxLength={6}
                inputMode="numeric"
                autoComplete="off"
                placeholder={t('progress.queryCodePlaceholder')}
                data-testid="progress-query-code"
              />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              block
              icon={<SearchOutlined />}
              loading={loading}
              data-testid="progress-submit"
            >
              {t('progress.lookUp')}
            </Button>
          </Form>
        </Card>
        {problem && <Alert type="error" showIcon title={problem} data-testid="progress-error" />}
        {result && (
          <>
            <Card size="small" title={result.itemName} data-testid="progress-result">
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('col.caseNo')}>
                  <span style={{ wordBreak: 'break-all' }}>{result.caseNo}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('case.status')}>
                  <CaseStatusTags status={result.status} result={result.result} testId="progress-status" />
                </Descriptions.Item>
                {result.step && (
                  <Descriptions.Item label={t('portal.step')}>
                    <span data-testid="progress-step">{result.step}</span>
                  </Descriptions.Item>
                )}
                {result.applicantName && (
                  <Descriptions.Item label={t('progress.applicant')}>
                    <span data-testid="progress-applicant">{result.applicantName}</span>
                  </Descriptions.Item>
                )}
                <Descriptions.Item label={t('case.department')}>{result.departmentName}</Descriptions.Item>
                <Descriptions.Item label={t('case.submittedAt')}>
                  {formatDateTime(result.submittedAt)}
                </Descriptions.Item>
                {result.acceptedAt && (
                  <Descriptions.Item label={t('progress.acceptedAt')}>
                    {formatDateTime(result.acceptedAt)}
                  </Descriptions.Item>
                )}
                {result.dueDate && <Descriptions.Item label={t('mycase.dueDate')}>{result.dueDate}</Descriptions.Item>}
                {result.completedAt && (
                  <Descriptions.Item label={t('case.completedAt')}>{formatDate(result.completedAt)}</Descriptions.Item>
                )}
              </Descriptions>
            </Card>
            <Card size="small" title={t('case.timeline')} data-testid="progress-timeline">
              <Timeline
                items={result.timeline.map((entry, index) => ({
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
          </>
        )}
      </Flex>
    </PublicShell>
  );
}
