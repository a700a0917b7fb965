import { useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { LoginRequest } from '@tongban/contracts';
import { describeError, fieldErrors, isApiError } from '../../api/errors';
import { FullPageSpin } from '../../components/FullPageSpin';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useT } from '../../i18n/context';
import { postLoginTarget } from '../../routes/table';
import { redirectFromSearch } from './redirect';
import { useSession } from './session-context';

const LOGIN_FIELDS: readonly string[] = ['username', 'password'] satisfies (keyof LoginRequest)[];

export default function LoginPage() {
  const t = useT();
  const { status, user, signIn } = useSession();
  const location = useLocation();
  const [form] = Form.useForm<LoginRequest>();
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (status === 'restoring') return <FullPageSpin />;
  if (user) return <Navigate to={postLoginTarget(redirectFromSearch(location.search), user.roles)} replace />;

  // Wrong password (401), locked account (423) and validation (400): the API's own message is shown.
  const submit = async ({ username, password }: LoginRequest) => {
    setSubmitting(true);
    setFailure(null);
    try {
      await signIn(username.trim(), password);
    } catch (error) {
      setFailure(describeError(error, t));
      if (isApiError(error)) {
        const problems = Object.entries(fieldErrors(error)).filter(([field]) => LOGIN_FIELDS.includes(field));
        form.setFields(problems.map(([field, problem]) => ({ name: field as keyof LoginRequest, errors: [problem] })));
      }
      setSubmitting(false);
    }
  };

  return (
    <Flex vertical align="center" style={{ minHeight: '100vh', padding: '16px 12px' }}>
      <Flex justify="space-between" align="center" style={{ width: '100%', maxWidth: 400, marginBottom: 24 }}>
        <Link to="/">{t('login.backHome')}</Link>
        <LanguageSwitch />
      </Flex>
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        {failure && (
          <Alert
            type="error"
            showIcon
            title={t('login.failed')}
            description={failure}
            data-testid="login-error"
            style={{ marginBottom: 16 }}
          />
        )}
        <Form<LoginRequest> form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={submitting}>
          <Form.Item
            label={t('login.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input id="username" size="large" prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password id="password" size="large" prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={submitting} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
