import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Flex, Typography } from 'antd';
import { LoginOutlined } from '@ant-design/icons';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useT } from '../../i18n/context';
import { firstAllowedPath } from '../../routes/table';
import { useSession } from '../auth/session-context';

/** The public front page: what Tongban is, and the way in. */
export default function HomePage() {
  const t = useT();
  const navigate = useNavigate();
  const { user } = useSession();
  const consolePath = user ? firstAllowedPath(user.roles) : null;

  useEffect(() => {
    document.title = t('app.fullName');
  }, [t]);

  return (
    <Flex vertical style={{ minHeight: '100vh', padding: '16px 16px 32px' }}>
      <Flex justify="flex-end">
        <LanguageSwitch />
      </Flex>
      <Flex
        vertical
        align="center"
        justify="center"
        gap={16}
        style={{ flex: 1, textAlign: 'center', maxWidth: 640, width: '100%', margin: '0 auto' }}
      >
        <Typography.Title
          level={1}
          style={{ margin: 0, fontSize: 'clamp(24px, 7vw, 40px)' }}
          data-testid="product-name"
        >
          {t('app.fullName')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ fontSize: 16, margin: 0 }}>
          {t('home.description')}
        </Typography.Paragraph>
        {user ? (
          <>
            <Typography.Text>{t('home.signedInAs', { name: user.name })}</Typography.Text>
            {consolePath === '/' ? (
              <Typography.Text type="warning">{t('home.noAreas')}</Typography.Text>
            ) : (
              <Button type="primary" size="large" onClick={() => navigate(consolePath ?? '/')}>
                {t('home.enterConsole')}
              </Button>
            )}
          </>
        ) : (
          <Button
            type="primary"
            size="large"
            icon={<LoginOutlined />}
            href="/login"
            onClick={(event) => {
              event.preventDefault();
              navigate('/login');
            }}
            data-testid="home-login"
          >
            {t('home.login')}
          </Button>
        )}
      </Flex>
    </Flex>
  );
}
