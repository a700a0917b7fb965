const TOKEN_KEY = 'tongban.token';

/** Tab-scoped on purpose: closing the tab ends the console session. */
function sessionStore(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

let memoryToken: string | null = null;

/** The bearer token; kept in memory as well so that a browser refusing storage still works per page. */
export const tokenStore = {
  get(): string | null {
    return sessionStore()?.getItem(TOKEN_KEY) ?? memoryToken;
  },
  set(token: string): void {
    memoryToken = token;
    sessionStore()?.setItem(TOKEN_KEY, token);
  },
  clear(): void {
    memoryToken = null;
    sessionStore()?.removeItem(TOKEN_KEY);
  },
};
