import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Flex, Typography } from 'antd';
import { BankOutlined, LoginOutlined, SearchOutlined, UserOutlined } from '@ant-design/icons';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useT } from '../../i18n/context';
import { firstAllowedPath } from '../../routes/table';
import { useSession } from '../auth/session-context';
import { PROGRESS_PATH, servicesSearch } from '../portal/portal-rules';

/** The three ways into the public portal: 个人办事, 法人办事, 办件查询. */
function PortalEntries() {
  const t = useT();
  const entries = [
    {
      to: `/services${servicesSearch({ audience: 'person', by: 'theme', group: '', q: '' })}`,
      icon: <UserOutlined />,
      title: t('services.person'),
      text: t('home.personText'),
      testId: 'home-person',
    },
    {
      to: `/services${servicesSearch({ audience: 'legal', by: 'theme', group: '', q: '' })}`,
      icon: <BankOutlined />,
      title: t('services.legal'),
      text: t('home.legalText'),
      testId: 'home-legal',
    },
    {
      to: PROGRESS_PATH,
      icon: <SearchOutlined />,
      title: t('progress.title'),
      text: t('home.progressText'),
      testId: 'home-progress',
    },
  ];
  return (
    <Flex wrap gap={12} justify="center" style={{ width: '100%' }}>
      {entries.map((entry) => (
        <Link key={entry.testId} to={entry.to} data-testid={entry.testId} style={{ flex: '1 1 180px', maxWidth: 300 }}>
          <Card hoverable size="small" style={{ height: '100%', textAlign: 'start' }}>
            <Flex gap={12} align="start">
              <span style={{ fontSize: 24, color: '#1677ff' }}>{entry.icon}</span>
              <Flex vertical>
                <Typography.Text strong>{entry.title}</Typography.Text>
                <Typography.Text type="secondary">{entry.text}</Typography.Text>
              </Flex>
            </Flex>
          </Card>
        </Link>
      ))}
    </Flex>
  );
}

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
        <PortalEntries />
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
