import { useEffect, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { Button, Flex, Typography } from 'antd';
import { LoginOutlined, UserOutlined } from '@ant-design/icons';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useT } from '../../i18n/context';
import { firstAllowedPath } from '../../routes/table';
import { loginHref } from '../auth/redirect';
import { useSession } from '../auth/session-context';
import { PROGRESS_PATH, SERVICES_PATH } from './portal-rules';

/** Hidden when printing (a printed guide needs no navigation); the rest of the page prints as shown. */
const PRINT_CSS = `@media print { .tb-no-print { display: none !important; } body { background: #fff; } }`;

/**
 * The frame of the public portal pages (item list, guide, progress lookup): open without signing in,
 * laid out for a 375 px phone first (also the H5 page inside WeChat and the app).
 */
export function PublicShell({ title, children }: { title: string; children: ReactNode }) {
  const t = useT();
  const { user } = useSession();
  const { pathname, search } = useLocation();

  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);

  const navLink = (to: string, label: string, testId: string) => (
    <Link
      to={to}
      data-testid={testId}
      aria-current={pathname.startsWith(to) ? 'page' : undefined}
      style={{ fontWeight: pathname.startsWith(to) ? 600 : 400, whiteSpace: 'nowrap' }}
    >
      {label}
    </Link>
  );

  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <style>{PRINT_CSS}</style>
      <header className="tb-no-print" style={{ background: '#fff', borderBottom: '1px solid #e8ecf0' }}>
        <Flex
          align="center"
          justify="space-between"
          wrap
          gap={8}
          style={{ maxWidth: 960, margin: '0 auto', padding: '8px 12px' }}
        >
          <Link to="/" data-testid="portal-home" style={{ color: 'inherit' }}>
            <Typography.Text strong style={{ fontSize: 18 }}>
              {t('app.name')}
            </Typography.Text>
          </Link>
          <Flex align="center" gap={8}>
            <LanguageSwitch />
            {user ? (
              <Link to={firstAllowedPath(user.roles)}>
                <Button size="small" icon={<UserOutlined />} data-testid="portal-console">
                  {user.roles.includes('applicant') ? t('services.myServices') : t('home.enterConsole')}
                </Button>
              </Link>
            ) : (
              <Link to={loginHref(pathname + search)}>
                <Button size="small" type="primary" icon={<LoginOutlined />} data-testid="portal-login">
                  {t('home.login')}
                </Button>
              </Link>
            )}
          </Flex>
          <nav aria-label={t('layout.navigation')} style={{ width: '100%' }}>
            <Flex gap={20}>
              {navLink(SERVICES_PATH, t('services.title'), 'nav-services')}
              {navLink(PROGRESS_PATH, t('progress.title'), 'nav-progress')}
            </Flex>
          </nav>
        </Flex>
      </header>
      <main style={{ maxWidth: 960, margin: '0 auto', padding: '12px 12px 32px' }}>{children}</main>
    </div>
  );
}
