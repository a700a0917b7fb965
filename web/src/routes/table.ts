import { areasForRoles, CONSOLE_AREAS, type ConsoleAreaKey, type Role } from '@tongban/contracts';
import { LOGIN_PATH, pathnameOf, safeRedirect } from '../features/auth/redirect';

export type ConsoleArea = (typeof CONSOLE_AREAS)[number];
/** Open to everyone: the front page, sign-in, and the portal's item list, guides and progress lookup. */
export type PublicPage = 'home' | 'login' | 'services' | 'serviceGuide' | 'progress';
/** Pages below an area, with their own roles (the case detail is also open to auditors). */
export type SubPage = 'caseDetail' | 'portalApply' | 'portalCase';
export type PageKey = PublicPage | ConsoleAreaKey | SubPage;

export type RouteDef =
  | { path: string; page: PublicPage; access: 'public' }
  | { path: string; page: ConsoleAreaKey; access: 'area'; area: ConsoleArea }
  | { path: string; page: SubPage; access: 'roles'; roles: readonly Role[] };

function areaOf(key: ConsoleAreaKey): ConsoleArea {
  return CONSOLE_AREAS.find((area) => area.key === key) as ConsoleArea;
}

/** The case detail: staff of the case's department and auditors (the API checks the department). */
export const CASE_DETAIL_ROLES: readonly Role[] = ['clerk', 'approver', 'lead', 'auditor', 'auditadmin'];

/** Where the console shows one case. */
export const caseDetailPath = (caseNo: string) => `/cases/${encodeURIComponent(caseNo)}`;
export const portalCasePath = (caseNo: string) => `/portal/cases/${encodeURIComponent(caseNo)}`;
export const PORTAL_APPLY_PATH = '/portal/apply';

/**
 * Every page of the console, in one table. Area pages and who may open them come from
 * CONSOLE_AREAS in the contracts, the same table the API's guards read.
 */
export const ROUTES: readonly RouteDef[] = [
  { path: '/', page: 'home', access: 'public' },
  { path: LOGIN_PATH, page: 'login', access: 'public' },
  { path: '/services', page: 'services', access: 'public' },
  { path: '/services/:code', page: 'serviceGuide', access: 'public' },
  { path: '/progress', page: 'progress', access: 'public' },
  ...CONSOLE_AREAS.map((area) => ({ path: area.path, page: area.key, access: 'area' as const, area })),
  { path: '/cases/:caseNo', page: 'caseDetail', access: 'roles', roles: CASE_DETAIL_ROLES },
  { path: PORTAL_APPLY_PATH, page: 'portalApply', access: 'roles', roles: areaOf('portal').roles },
  { path: '/portal/cases/:caseNo', page: 'portalCase', access: 'roles', roles: areaOf('portal').roles },
];

/** Whether `path` fits `pattern`, where a `:name` segment stands for any one non-empty segment. */
export function matchesPattern(pattern: string, path: string): boolean {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return false;
  return want.every((segment, i) => (segment.startsWith(':') ? (have[i] ?? '') !== '' : segment === have[i]));
}

export type Access = 'public' | 'allowed' | 'needsLogin' | 'forbidden' | 'notFound';

function normalize(pathname: string): string {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
}

export function findRoute(pathname: string): RouteDef | undefined {
  const path = normalize(pathname);
  return ROUTES.find((route) => route.path === path) ?? ROUTES.find((route) => matchesPattern(route.path, path));
}

export function canOpenArea(area: ConsoleArea, roles: readonly string[]): boolean {
  return area.roles.some((role: string) => roles.includes(role));
}

/** What happens at `pathname` for a visitor with these roles (null: not signed in). */
export function accessFor(pathname: string, roles: readonly string[] | null): Access {
  const route = findRoute(pathname);
  if (!route) return 'notFound';
  if (route.access === 'public') return 'public';
  if (!roles) return 'needsLogin';
  if (route.access === 'roles') return route.roles.some((role) => roles.includes(role)) ? 'allowed' : 'forbidden';
  return canOpenArea(route.area, roles) ? 'allowed' : 'forbidden';
}

/** The user's start page: the first area their roles open, or the public home when there is none. */
export function firstAllowedPath(roles: readonly string[]): string {
  return areasForRoles(roles)[0]?.path ?? '/';
}

/** After sign-in: back to where the user was going if they may open it, else their first area. */
export function postLoginTarget(redirect: string | null, roles: readonly string[]): string {
  const target = safeRedirect(redirect);
  if (target && accessFor(pathnameOf(target), roles) === 'allowed') return target;
  return firstAllowedPath(roles);
}

/** The area whose menu entry is highlighted at `pathname`, including pages below the area. */
export function areaAt(pathname: string): ConsoleArea | undefined {
  const path = normalize(pathname);
  return CONSOLE_AREAS.find((area) => path === area.path || path.startsWith(`${area.path}/`));
}
