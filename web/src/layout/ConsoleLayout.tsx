import { Suspense, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { Alert, Badge, Button, Drawer, Flex, Grid, Layout, Menu, Typography, theme } from 'antd';
import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { areasForRoles } from '@tongban/contracts';
import { FullPageSpin } from '../components/FullPageSpin';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useCurrentUser, useSession } from '../features/auth/session-context';
import { useI18n } from '../i18n/context';
import { pickLabel } from '../i18n/translate';
import { areaAt, firstAllowedPath } from '../routes/table';
import { AREA_ICONS } from './area-icons';
import { UserSummary } from './UserSummary';
import { badgeText } from './count-badge';
import { useWorkbenchCounts } from './workbench-counts';

const SIDER_WIDTH = 220;

/**
 * The signed-in frame: side menu of the user's areas (a drawer below the `lg` breakpoint, so the
 * applicant pages work on a 375 px phone), and a header with who is signed in.
 */
export default function ConsoleLayout({ children }: { children?: ReactNode }) {
  const user = useCurrentUser();
  const { passwordExpired, signOut } = useSession();
  const { locale, t } = useI18n();
  const { pathname } = useLocation();
  const { token } = theme.useToken();
  const narrow = !Grid.useBreakpoint().lg;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const counts = useWorkbenchCounts(user.roles);
  const menuCount: Partial<Record<string, string | null>> = {
    tasks: badgeText(counts?.todo),
    cases: badgeText(counts?.cases.correction),
  };

  const selected = areaAt(pathname)?.path;
  const menu = (
    <Menu
      data-testid="main-menu"
      aria-label={t('layout.navigation')}
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      onClick={() => setDrawerOpen(false)}
      style={{ borderInlineEnd: 0 }}
      items={areasForRoles(user.roles).map((area) => ({
        key: area.path,
        icon: AREA_ICONS[area.key],
        // The badge sits beside the link, so the link's text stays the area's name.
        label: (
          <Flex align="center" justify="space-between" gap={8}>
            <Link to={area.path}>{pickLabel(area.label, locale)}</Link>
            {counts && area.key in menuCount && (
              <span
                data-testid={`menu-count-${area.key}`}
                data-count={area.key === 'tasks' ? counts.todo : counts.cases.correction}
                title={t(area.key === 'tasks' ? 'counts.todo' : 'counts.correction')}
              >
                {menuCount[area.key] && (
                  <Badge
                    count={menuCount[area.key]}
                    color={area.key === 'tasks' ? token.colorPrimary : token.colorWarning}
                  />
                )}
              </span>
            )}
          </Flex>
        ),
      }))}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: narrow ? 8 : 16,
          padding: narrow ? '0 12px' : '0 24px',
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
        }}
      >
        {narrow && (
          <Button
            type="text"
            icon={<MenuOutlined />}
            aria-label={t('layout.openMenu')}
            aria-expanded={drawerOpen}
            data-testid="menu-toggle"
            onClick={() => setDrawerOpen(true)}
          />
        )}
        <Link to={firstAllowedPath(user.roles)} style={{ fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Link>
        <Flex align="center" gap={narrow ? 8 : 16} style={{ marginInlineStart: 'auto', minWidth: 0 }}>
          <Typography.Text strong ellipsis data-testid="current-user" style={{ maxWidth: narrow ? 96 : 200 }}>
            {user.name}
          </Typography.Text>
          {!narrow && <UserSummary user={user} />}
          <LanguageSwitch />
          <Button
            icon={<LogoutOutlined />}
            aria-label={t('layout.logout')}
            data-testid="logout"
            onClick={() => void signOut()}
          >
            {narrow ? null : t('layout.logout')}
          </Button>
        </Flex>
      </Layout.Header>
      <Layout>
        {narrow ? (
          <Drawer
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            placement="left"
            size={SIDER_WIDTH + 40}
            title={t('app.fullName')}
            styles={{ body: { padding: 0 } }}
          >
            <div style={{ padding: '12px 24px' }}>
              <UserSummary user={user} vertical />
            </div>
            {menu}
          </Drawer>
        ) : (
          <Layout.Sider
            width={SIDER_WIDTH}
            theme="light"
            style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
          >
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: narrow ? 12 : 24, minWidth: 0 }}>
          {passwordExpired && (
            <Alert
              type="warning"
              showIcon
              title={t('session.passwordExpired')}
              data-testid="password-expired"
              style={{ marginBottom: 16 }}
            />
          )}
          <main>
            <Suspense fallback={<FullPageSpin />}>{children ?? <Outlet />}</Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
