export const LOGIN_PATH = '/login';
const REDIRECT_PARAM = 'redirect';

/**
 * Accepts only a path on this site. Anything else (`https://…`, `//host`, `/\host`) would turn the
 * login page into an open redirect that a phishing link could use after a real sign-in.
 */
export function safeRedirect(value: string | null | undefined): string | null {
  if (!value || !/^\/(?![/\\])/.test(value) || /\p{Cc}/u.test(value)) return null;
  return value;
}

export function pathnameOf(target: string): string {
  return target.split(/[?#]/, 1)[0] ?? target;
}

/** The login page address that brings the user back to `from` afterwards. */
export function loginHref(from: string): string {
  const target = safeRedirect(from);
  if (!target || target === '/' || pathnameOf(target) === LOGIN_PATH) return LOGIN_PATH;
  return `${LOGIN_PATH}?${new URLSearchParams({ [REDIRECT_PARAM]: target }).toString()}`;
}

/** Where the login page was asked to go back to, if that is a safe place. */
export function redirectFromSearch(search: string): string | null {
  return safeRedirect(new URLSearchParams(search).get(REDIRECT_PARAM));
}
