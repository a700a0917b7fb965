import { Form, Input, Modal, Typography, type FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import { useT } from '../i18n/context';
import { isValidProcessKey } from './modeler/process-xml';

/** What the dialog asks for: the process key (the `bpmn:process` id) and its display name. */
export interface ProcessKeyName {
  key: string;
  name: string;
}

export interface ProcessKeyNameModalProps {
  open: boolean;
  title: string;
  okText: string;
  /** The explanation above the fields. */
  hint: string;
  form: FormInstance<ProcessKeyName>;
  /** Test id prefix: the form is `<testId>-form`, its inputs `<testId>-key` and `<testId>-name`. */
  testId: string;
  /** Checks of the key on top of "required" and "a valid process key" (e.g. "not taken yet"). */
  extraKeyRules?: Rule[];
  destroyOnHidden?: boolean;
  onOk: () => void;
  onCancel: () => void;
}

/** The dialog that names a process: a new flow (流程设计) and a copy of the opened one (the modeler). */
export function ProcessKeyNameModal({
  open,
  title,
  okText,
  hint,
  form,
  testId,
  extraKeyRules = [],
  destroyOnHidden,
  onOk,
  onCancel,
}: ProcessKeyNameModalProps) {
  const t = useT();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      onOk={onOk}
      onCancel={onCancel}
      destroyOnHidden={destroyOnHidden}
      forceRender
    >
      <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
      <Form form={form} layout="vertical" data-testid={`${testId}-form`}>
        <Form.Item
          name="key"
          label={t('designer.col.key')}
          rules={[
            { required: true, message: t('designer.key.required') },
            {
              validator: (_, value: string) =>
                !value || isValidProcessKey(value.trim())
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('designer.key.invalid'))),
            },
            ...extraKeyRules,
          ]}
        >
          <Input data-testid={`${testId}-key`} maxLength={64} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('designer.col.name')}
          rules={[{ required: true, whitespace: true, message: t('designer.name.required') }]}
        >
          <Input data-testid={`${testId}-name`} maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
