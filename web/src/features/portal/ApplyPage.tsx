import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, InputNumber, Select, Tag, Typography } from 'antd';
import { describeError, fieldErrors, isApiError } from '../../api/errors';
import { AreaPage } from '../../components/AreaPage';
import { useCurrentUser } from '../auth/session-context';
import { useT } from '../../i18n/context';
import { portalCasePath } from '../../routes/table';
import { getItem, listItems, type FormField, type ItemGuide, type ItemSummary } from '../items/items.api';
import { MaterialUpload } from './MaterialUpload';
import { keyAfterFailure, materialsBody, newIdempotencyKey, serviceGuidePath } from './portal-rules';
import { createApplication } from './portal.api';

/** One form control; Form.Item hands it `id`, `value` and `onChange`, passed on to the input. */
function FieldInput({ field, ...control }: { field: FormField } & Record<string, unknown>) {
  if (field.type === 'select' && field.options) {
    return <Select {...control} options={field.options.map((option) => ({ value: option, label: option }))} />;
  }
  if (field.type === 'textarea') return <Input.TextArea {...control} rows={3} />;
  if (field.type === 'number') return <InputNumber {...control} style={{ width: '100%' }} />;
  if (field.type === 'phone') return <Input {...control} inputMode="tel" maxLength={20} />;
  return <Input {...control} maxLength={500} />;
}

const guideText = (guide: Record<string, unknown>, key: string) =>
  typeof guide[key] === 'string' ? (guide[key] as string) : null;

/** 申请: pick an item, read its guide, fill its form, upload each material, save a draft or submit. */
export default function ApplyPage() {
  const t = useT();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [items, setItems] = useState<ItemSummary[] | null>(null);
  const [item, setItem] = useState<ItemGuide | null>(null);
  const [uploads, setUploads] = useState<Record<string, string[]>>({});
  const [uploading, setUploading] = useState<Record<string, boolean>>({});
  const [sending, setSending] = useState<'draft' | 'submit' | null>(null);
  const [error, setError] = useState<string | null>(null);
  // One key per form and intent, so a double click (or a retry after a lost answer) makes one case.
  const [keys, setKeys] = useState(() => ({ draft: newIdempotencyKey(), submit: newIdempotencyKey() }));

  const [params] = useSearchParams();
  const preselected = params.get('item');

  useEffect(() => {
    const controller = new AbortController();
    listItems({ audience: user.kind === 'legal' ? 'legal' : 'person' }, controller.signal)
      .then(setItems)
      .catch(() => undefined);
    return () => controller.abort();
  }, [user.kind]);

  const pick = (code: string) => {
    setItem(null);
    setUploads({});
    setUploading({});
    setError(null);
    form.resetFields();
    setKeys({ draft: newIdempotencyKey(), submit: newIdempotencyKey() });
    getItem(code)
      .then(setItem)
      .catch(() => undefined);
  };

  // Coming from an item's guide (“apply online”): that item is chosen already, when this user may apply for it.
  useEffect(() => {
    if (!preselected || items === null) return;
    if (items.some((candidate) => candidate.code === preselected)) pick(preselected);
    else setError(t('apply.itemUnavailable'));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per item in the address, when the list is there
  }, [preselected, items]);

  const busy = useMemo(() => Object.values(uploading).some(Boolean), [uploading]);

  const send = async (submit: boolean) => {
    if (!item) return;
    if (busy) {
      setError(t('apply.uploading'));
      return;
    }
    let values: Record<string, unknown>;
    if (submit) {
      try {
        values = await form.validateFields();
      } catch {
        return;
      }
      const missing = item.materials.filter((m) => m.required && !(uploads[m.code]?.length ?? 0));
      if (missing.length) {
        setError(missing.map((m) => t('apply.materialRequired', { name: m.name })).join('；'));
        return;
      }
    } else {
      values = form.getFieldsValue();
    }
    const formBody = Object.fromEntries(
      Object.entries(values).filter(([, value]) => value !== undefined && value !== null && value !== ''),
    );
    const intent = submit ? 'submit' : 'draft';
    setSending(intent);
    setError(null);
    try {
      const created = await createApplication(
        {
          itemCode: item.code,
          form: formBody,
          materials: materialsBody(
            item.materials.map((m) => m.code),
            uploads,
          ),
          submit,
        },
        keys[intent],
      );
      void message.success({
        content: (
          <span style={{ wordBreak: 'break-all' }}>
            {submit
              ? t('apply.submitted', { caseNo: created.caseNo, queryCode: created.queryCode })
              : t('apply.saved', { caseNo: created.caseNo })}
          </span>
        ),
      });
      void navigate(portalCasePath(created.caseNo));
    } catch (cause) {
      const status = isApiError(cause) ? cause.status : 0;
      setKeys((current) => ({ ...current, [intent]: keyAfterFailure(current[intent], status) }));
      const fields = isApiError(cause) ? fieldErrors(cause) : {};
      const details = Object.values(fields);
      setError([describeError(cause, t), ...details].join('：'));
      form.setFields(
        Object.entries(fields)
          .filter(([name]) => name.startsWith('form.'))
          .map(([name, problem]) => ({ name: name.slice(5), errors: [problem] })),
      );
    } finally {
      setSending(null);
    }
  };

  return (
    <AreaPage areaKey="portal" title={t('apply.title')}>
      <Flex vertical gap={16}>
        <Select
          showSearch
          optionFilterProp="label"
          placeholder={t('apply.pickItem')}
          data-testid="apply-item"
          value={item?.code}
          onChange={pick}
          style={{ width: '100%' }}
          options={(items ?? []).map((i) => ({ value: i.code, label: i.name }))}
        />
        {!item && error && <Alert type="warning" showIcon title={error} data-testid="apply-error" />}
        {item && (
          <>
            <Card
              title={t('apply.guide')}
              size="small"
              data-testid="apply-guide"
              extra={
                <Link to={serviceGuidePath(item.code)} data-testid="apply-full-guide">
                  {t('apply.fullGuide')}
                </Link>
              }
            >
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('apply.department')}>{item.department.name}</Descriptions.Item>
                <Descriptions.Item label={t('apply.legalDays')}>
                  {t('apply.days', { days: item.legalDays })}
                </Descriptions.Item>
                <Descriptions.Item label={t('apply.promisedDays')}>
                  {item.caseType === 'instant' ? (
                    <Tag color="success">{t('apply.instant')}</Tag>
                  ) : (
                    t('apply.days', { days: item.promisedDays })
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('apply.onsiteVisits')}>{item.onsiteVisits}</Descriptions.Item>
                {(
                  [
                    ['legalBasis', 'apply.legalBasis'],
                    ['acceptanceConditions', 'apply.conditions'],
                    ['location', 'apply.location'],
                    ['hours', 'apply.hours'],
                    ['consultPhone', 'apply.phone'],
                  ] as const
                ).map(([key, label]) => {
                  const text = guideText(item.guide, key);
                  return text ? (
                    <Descriptions.Item key={key} label={t(label)}>
                      {text}
                    </Descriptions.Item>
                  ) : null;
                })}
              </Descriptions>
            </Card>

            <Card title={t('apply.form')} size="small">
              <Form form={form} layout="vertical" data-testid="apply-form">
                {(item.form.fields ?? []).map((field) => (
                  <Form.Item
                    key={field.key}
                    name={field.key}
                    label={field.label}
                    rules={
                      field.required
                        ? [
                            {
                              required: true,
                              whitespace: true,
                              message: t('apply.fieldRequired', { label: field.label }),
                            },
                          ]
                        : []
                    }
                  >
                    <FieldInput field={field} />
                  </Form.Item>
                ))}
              </Form>
            </Card>

            <Card title={t('apply.materials')} size="small" data-testid="apply-materials">
              <Flex vertical gap={16}>
                {item.materials.map((material) => (
                  <div key={material.code}>
                    <Typography.Paragraph style={{ marginBottom: 8 }}>
                      {material.name}{' '}
                      <Tag color={material.required ? 'red' : 'default'}>
                        {material.required ? t('common.required') : t('common.optional')}
                      </Tag>
                    </Typography.Paragraph>
                    <MaterialUpload
                      code={material.code}
                      onChange={(ids) => setUploads((current) => ({ ...current, [material.code]: ids }))}
                      onBusyChange={(value) => setUploading((current) => ({ ...current, [material.code]: value }))}
                    />
                  </div>
                ))}
              </Flex>
            </Card>

            {error && <Alert type="error" showIcon title={error} data-testid="apply-error" />}
            <Flex gap={8} wrap justify="flex-end">
              <Button
                data-testid="apply-save-draft"
                loading={sending === 'draft'}
                disabled={sending !== null}
                onClick={() => void send(false)}
              >
                {t('apply.saveDraft')}
              </Button>
              <Button
                type="primary"
                data-testid="apply-submit"
                loading={sending === 'submit'}
                disabled={sending !== null}
                onClick={() => void send(true)}
              >
                {t('apply.submit')}
              </Button>
            </Flex>
          </>
        )}
      </Flex>
    </AreaPage>
  );
}
