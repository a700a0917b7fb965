import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { ROLE_LABELS, ROLES, USER_KINDS, type Role, type UserKind } from '@tongban/contracts';
import { describeError, isApiError } from '../../api/errors';
import { useI18n } from '../../i18n/context';
import { pickLabel } from '../../i18n/translate';
import { formFieldErrors } from './admin-rules';
import { createUser, patchUser, type Department, type UserRow } from './admin.api';

type FormValues = Record<string, unknown>;

/** Shows an API refusal: problems on the named fields, the message above the form. */
function useApiErrors(fields: readonly string[]) {
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const show = (cause: unknown, t: Parameters<typeof describeError>[1]) => {
    setError(describeError(cause, t));
    if (isApiError(cause)) {
      const problems = formFieldErrors(cause.details, fields);
      form.setFields(Object.entries(problems).map(([name, problem]) => ({ name, errors: [problem] })));
    }
  };
  return { form, error, setError, show };
}

export function useRoleOptions() {
  const { locale } = useI18n();
  return ROLES.map((role) => ({ value: role, label: pickLabel(ROLE_LABELS[role], locale) }));
}

export function departmentOptions(departments: readonly Department[]) {
  return departments.map((d) => ({ value: d.code, label: `${d.name} (${d.code})` }));
}

const CREATE_FIELDS = ['username', 'name', 'kind', 'password', 'roles', 'departments'] as const;

/** 新建用户 (system administrator): the API's problems are shown on the fields. */
export function CreateUserDialog({
  open,
  departments,
  onClose,
  onCreated,
}: {
  open: boolean;
  departments: readonly Department[];
  onClose: () => void;
  onCreated: () => void;
}) {
  const { t } = useI18n();
  const roleOptions = useRoleOptions();
  const { form, error, setError, show } = useApiErrors(CREATE_FIELDS);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form, setError]);

  const submit = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await createUser({
        username: String(values.username ?? '').trim(),
        name: String(values.name ?? '').trim(),
        kind: (values.kind as UserKind | undefined) ?? 'staff',
        password: String(values.password ?? ''),
        roles: (values.roles as Role[] | undefined) ?? [],
        departments: (values.departments as string[] | undefined) ?? [],
      });
      onCreated();
    } catch (cause) {
      show(cause, t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('admin.create')}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'user-create-submit' }}
      destroyOnHidden
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="user-form-error" />
      )}
      <Form form={form} layout="vertical" data-testid="user-create-form" initialValues={{ kind: 'staff' }}>
        <Form.Item
          name="username"
          label={t('admin.col.username')}
          extra={t('admin.usernameRule')}
          rules={[{ required: true, message: t('admin.required') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('admin.col.name')} rules={[{ required: true, message: t('admin.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('admin.col.kind')}>
          <Select options={USER_KINDS.map((kind) => ({ value: kind, label: t(`admin.kind.${kind}`) }))} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('admin.password')}
          extra={t('admin.passwordPolicy')}
          rules={[{ required: true, message: t('admin.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="roles" label={t('admin.col.roles')}>
          <Select mode="multiple" allowClear options={roleOptions} optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="departments" label={t('admin.col.departments')}>
          <Select mode="multiple" allowClear options={departmentOptions(departments)} optionFilterProp="label" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export type EditMode = 'roles' | 'departments' | 'resetPassword';
const EDIT_FIELDS = ['roles', 'departments', 'resetPassword'] as const;

/** 角色 / 部门 / 重置密码 of one user. */
export function EditUserDialog({
  user,
  mode,
  departments,
  onClose,
  onSaved,
}: {
  user: UserRow | null;
  mode: EditMode;
  departments: readonly Department[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const roleOptions = useRoleOptions();
  const { form, error, setError, show } = useApiErrors(EDIT_FIELDS);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (user) {
      form.setFieldsValue({
        roles: user.roles,
        departments: user.departments.map((d) => d.code),
        resetPassword: '',
      });
      setError(null);
    }
  }, [user, form, setError]);

  const submit = async () => {
    if (!user) return;
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      if (mode === 'roles') await patchUser(user.id, { roles: (values.roles as Role[] | undefined) ?? [] });
      else if (mode === 'departments')
        await patchUser(user.id, { departments: (values.departments as string[] | undefined) ?? [] });
      else await patchUser(user.id, { resetPassword: String(values.resetPassword ?? '') });
      onSaved();
    } catch (cause) {
      show(cause, t);
    } finally {
      setSaving(false);
    }
  };

  const action =
    mode === 'roles'
      ? t('admin.editRoles')
      : mode === 'departments'
        ? t('admin.editDepartments')
        : t('admin.resetPassword');
  return (
    <Modal
      open={!!user}
      title={t('admin.editFor', { action, name: user?.name ?? '' })}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'user-edit-submit' }}
      forceRender
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="user-form-error" />
      )}
      <Form form={form} layout="vertical" data-testid={`user-edit-form-${mode}`}>
        {mode === 'roles' && (
          <Form.Item name="roles" label={t('admin.col.roles')}>
            <Select mode="multiple" allowClear options={roleOptions} optionFilterProp="label" />
          </Form.Item>
        )}
        {mode === 'departments' && (
          <Form.Item name="departments" label={t('admin.col.departments')}>
            <Select mode="multiple" allowClear options={departmentOptions(departments)} optionFilterProp="label" />
          </Form.Item>
        )}
        {mode === 'resetPassword' && (
          <Form.Item
            name="resetPassword"
            label={t('admin.newPassword')}
            extra={t('admin.passwordPolicy')}
            rules={[{ required: true, message: t('admin.required') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
