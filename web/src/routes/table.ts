import { areasForRoles, CONSOLE_AREAS, type ConsoleAreaKey } from '@tongban/contracts';
import { LOGIN_PATH, pathnameOf, safeRedirect } from '../features/auth/redirect';

export type ConsoleArea = (typeof CONSOLE_AREAS)[number];
export type PublicPage = 'home' | 'login';
export type PageKey = PublicPage | ConsoleAreaKey;

export type RouteDef =
  | { path: string; page: PublicPage; access: 'public' }
  | { path: string; page: ConsoleAreaKey; access: 'area'; area: ConsoleArea };

/**
 * Every page of the console, in one table. Area pages and who may open them come from
 * CONSOLE_AREAS in the contracts, the same table the API's guards read.
 */
export const ROUTES: readonly RouteDef[] = [
  { path: '/', page: 'home', access: 'public' },
  { path: LOGIN_PATH, page: 'login', access: 'public' },
  ...CONSOLE_AREAS.map((area) => ({ path: area.path, page: area.key, access: 'area' as const, area })),
];

export type Access = 'public' | 'allowed' | 'needsLogin' | 'forbidden' | 'notFound';

function normalize(pathname: string): string {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
}

export function findRoute(pathname: string): RouteDef | undefined {
  const path = normalize(pathname);
  return ROUTES.find((route) => route.path === path);
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
