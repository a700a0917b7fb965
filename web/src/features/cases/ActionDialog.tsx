import { useState } from 'react';
import { Alert, Button, Checkbox, Flex, Form, Input, InputNumber, Modal, Radio, Select, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { TaskAction } from '@tongban/contracts';
import { describeError, fieldErrors, isApiError } from '../../api/errors';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/messages';
import { buildActionBody, OPINION_REQUIRED, RETURN_TARGETS, SPECIAL_KINDS, type ActionFormValues } from './action-body';
import { takeAction, type CaseTask } from './cases.api';
import { insertPhrase, loadOwnPhrases, phrasesFor, removeOwnPhrase, saveOwnPhrase } from './phrases';

const phraseStorage = (): Storage | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
};

export interface MaterialOption {
  code: string;
  name: string;
}

const stepKey = (id: string): MessageKey | null =>
  ['acceptance', 'review', 'decision', 'specialProcedure'].includes(id) ? (`step.${id}` as MessageKey) : null;

/** The small form of one task action: exactly the fields that action takes. */
export function ActionDialog({
  task,
  action,
  materials,
  onClose,
  onDone,
}: {
  task: CaseTask;
  action: TaskAction;
  materials: readonly MaterialOption[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<ActionFormValues>();
  const [ownPhrases, setOwnPhrases] = useState(() => loadOwnPhrases(phraseStorage()));
  const opinion = Form.useWatch('opinion', form);
  const addPhrase = (phrase: string) => {
    form.setFieldValue('opinion', insertPhrase(form.getFieldValue('opinion') as string | undefined, phrase));
    void form.validateFields(['opinion']).catch(() => undefined);
  };
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const corrections = Form.useWatch('corrections', form);
  const opinionRequired = OPINION_REQUIRED.includes(action);
  const returnTargets = RETURN_TARGETS[task.activityId] ?? [];
  const stepLabel = (id: string) => {
    const key = stepKey(id);
    return key ? t(key) : id;
  };

  const submit = async () => {
    let values: ActionFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body = buildActionBody(action, values);
    if (action === 'requestCorrection' && (body.items as unknown[]).length === 0) {
      setError({ message: t('action.pickMaterial'), fields: {} });
      return;
    }
    setSending(true);
    setError(null);
    try {
      await takeAction(task.id, action, body);
      onDone();
    } catch (cause) {
      setError({ message: describeError(cause, t), fields: isApiError(cause) ? fieldErrors(cause) : {} });
    } finally {
      setSending(false);
    }
  };

  const minTwo = (message: string) => [{ required: true, whitespace: true, min: 2, message }];

  return (
    <Modal
      open
      title={t(`action.${action}`)}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={sending}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'action-dialog-submit' }}
      destroyOnHidden
    >
      <Form<ActionFormValues>
        form={form}
        layout="vertical"
        data-testid={`action-dialog-form-${action}`}
        initialValues={{ type: 1, toActivityId: returnTargets[0] }}
      >
        {action === 'requestCorrection' && (
          <Form.Item label={t('action.correctionItems')} required>
            <Flex vertical gap={8}>
              {materials.map((material) => (
                <div key={material.code}>
                  <Form.Item name={['corrections', material.code, 'checked']} valuePropName="checked" noStyle>
                    <Checkbox data-testid={`correction-${material.code}`}>{material.name}</Checkbox>
                  </Form.Item>
                  {corrections?.[material.code]?.checked && (
                    <Form.Item
                      name={['corrections', material.code, 'reason']}
                      rules={minTwo(t('action.correctionReason'))}
                      style={{ marginTop: 8, marginBottom: 8 }}
                    >
                      <Input
                        placeholder={t('action.correctionReason')}
                        data-testid={`correction-reason-${material.code}`}
                      />
                    </Form.Item>
                  )}
                </div>
              ))}
            </Flex>
          </Form.Item>
        )}
        {action === 'return' && returnTargets.length > 0 && (
          <Form.Item name="toActivityId" label={t('action.toActivityId')} rules={[{ required: true }]}>
            <Radio.Group options={returnTargets.map((id) => ({ value: id, label: stepLabel(id) }))} />
          </Form.Item>
        )}
        {action === 'startSpecialProcedure' && (
          <>
            <Form.Item name="type" label={t('action.spType')} rules={[{ required: true }]}>
              <Radio.Group
                options={[
                  { value: 1, label: t('action.spType1') },
                  { value: 2, label: t('action.spType2') },
                ]}
              />
            </Form.Item>
            <Form.Item name="kind" label={t('action.spKind')}>
              <Select allowClear options={SPECIAL_KINDS.map((kind) => ({ value: kind, label: t(`spKind.${kind}`) }))} />
            </Form.Item>
            <Form.Item name="reason" label={t('action.reason')} rules={minTwo(t('action.reasonRequired'))}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
            <Form.Item
              name="expectedDays"
              label={t('action.expectedDays')}
              rules={[{ required: true, type: 'integer', min: 1, max: 365 }]}
            >
              <InputNumber min={1} max={365} precision={0} />
            </Form.Item>
          </>
        )}
        {action === 'endSpecialProcedure' && (
          <Form.Item
            name="result"
            label={t('action.result')}
            rules={[{ required: true, whitespace: true, message: t('action.resultRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        )}
        {action === 'void' && (
          <Form.Item name="reason" label={t('action.reason')} rules={minTwo(t('action.reasonRequired'))}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        )}
        <Form.Item
          name="opinion"
          label={t('action.opinion')}
          rules={opinionRequired ? minTwo(t('action.opinionRequired')) : []}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="action-dialog-opinion" />
        </Form.Item>
        <Flex gap={6} wrap align="center" data-testid="phrases" style={{ marginTop: -12, marginBottom: 16 }}>
          <Typography.Text type="secondary">{t('phrases.label')}</Typography.Text>
          {phrasesFor(action, locale).map((phrase, index) => (
            <Tag.CheckableTag
              key={phrase}
              checked={false}
              data-testid={`phrase-${index}`}
              onChange={() => addPhrase(phrase)}
              style={{ border: '1px solid #d9d9d9' }}
            >
              {phrase}
            </Tag.CheckableTag>
          ))}
          {ownPhrases.map((phrase) => (
            <Tag
              key={`own-${phrase}`}
              color="blue"
              closable
              style={{ cursor: 'pointer' }}
              onClick={() => addPhrase(phrase)}
              onClose={(event) => {
                event.preventDefault();
                setOwnPhrases(removeOwnPhrase(phraseStorage(), phrase));
              }}
            >
              {phrase}
            </Tag>
          ))}
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            disabled={!opinion?.trim()}
            data-testid="phrase-save"
            onClick={() => setOwnPhrases(saveOwnPhrase(phraseStorage(), opinion ?? ''))}
          >
            {t('phrases.save')}
          </Button>
        </Flex>
      </Form>
      {error && (
        <Alert
          type="error"
          showIcon
          data-testid="action-dialog-error"
          title={error.message}
          description={
            Object.keys(error.fields).length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                {Object.entries(error.fields).map(([field, problem]) => (
                  <li key={field}>
                    <Typography.Text code>{field}</Typography.Text> {problem}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
    </Modal>
  );
}
