import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { FullPageSpin } from '../components/FullPageSpin';
import { loginHref } from '../features/auth/redirect';
import { useSession } from '../features/auth/session-context';
import { ForbiddenPage, NotFoundPage } from '../layout/ErrorPages';
import { PAGES } from './pages';
import type { Role } from '@tongban/contracts';
import { canOpenArea, ROUTES, type ConsoleArea, type RouteDef } from './table';

const ConsoleLayout = lazy(() => import('../layout/ConsoleLayout'));

type AreaRoute = Extract<RouteDef, { access: 'area' }>;
const isAreaRoute = (route: RouteDef): route is AreaRoute => route.access === 'area';
type RolesRoute = Extract<RouteDef, { access: 'roles' }>;
const isRolesRoute = (route: RouteDef): route is RolesRoute => route.access === 'roles';

/** Sends a visitor without a session to the login page, with the way back. */
function RequireSession({ children }: { children: ReactNode }) {
  const { status } = useSession();
  const { pathname, search, hash } = useLocation();
  if (status === 'restoring') return <FullPageSpin />;
  if (status === 'anonymous') return <Navigate to={loginHref(pathname + search + hash)} replace />;
  return children;
}

/** The role rule of CONSOLE_AREAS: a user whose roles do not open the area sees 403. */
function AreaGuard({ area, children }: { area: ConsoleArea; children: ReactNode }) {
  const { user } = useSession();
  return user && canOpenArea(area, user.roles) ? children : <ForbiddenPage />;
}

/** A page below an area with its own roles. */
function RolesGuard({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { user } = useSession();
  return user && roles.some((role) => user.roles.includes(role)) ? children : <ForbiddenPage />;
}

/** 404 inside the console frame for a signed-in user, on its own for a visitor. */
function NotFoundRoute() {
  const { status } = useSession();
  if (status === 'restoring') return <FullPageSpin />;
  if (status === 'authenticated') {
    return (
      <ConsoleLayout>
        <NotFoundPage />
      </ConsoleLayout>
    );
  }
  return <NotFoundPage />;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<FullPageSpin />}>
      <Routes>
        {ROUTES.filter((route) => route.access === 'public').map((route) => {
          const Page = PAGES[route.page];
          return <Route key={route.path} path={route.path} element={<Page />} />;
        })}
        <Route
          element={
            <RequireSession>
              <ConsoleLayout />
            </RequireSession>
          }
        >
          {ROUTES.filter(isAreaRoute).map((route) => {
            const Page = PAGES[route.page];
            return (
              <Route
                key={route.path}
                path={route.path}
                element={
                  <AreaGuard area={route.area}>
                    <Page />
                  </AreaGuard>
                }
              />
            );
          })}
          {ROUTES.filter(isRolesRoute).map((route) => {
            const Page = PAGES[route.page];
            return (
              <Route
                key={route.path}
                path={route.path}
                element={
                  <RolesGuard roles={route.roles}>
                    <Page />
                  </RolesGuard>
                }
              />
            );
          })}
        </Route>
        <Route path="*" element={<NotFoundRoute />} />
      </Routes>
    </Suspense>
  );
}
