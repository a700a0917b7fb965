import { loginHref } from '../features/auth/redirect';
import { loadLocale } from '../i18n/locale-storage';
import { ApiError, networkError, parseApiError } from './errors';
import { tokenStore } from './token';

export const API_BASE = '/api/v1';

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON, or as is when it is FormData (file upload). */
  body?: unknown;
  query?: Readonly<Record<string, QueryValue>>;
  headers?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
  /** Whether to send the bearer token; false for sign-in. Default true. */
  auth?: boolean;
  /** Set when the caller shows the error itself; otherwise the one global handler shows it. */
  silent?: boolean;
}

export interface ClientHooks {
  /** Shows an error the caller did not promise to handle (set by the app to an antd message). */
  notifyError: (error: ApiError) => void;
  /** The token was refused: the stored token is already cleared; leave the protected page. */
  onUnauthenticated: (error: ApiError) => void;
}

const defaultHooks: ClientHooks = {
  notifyError: (error) => console.error(error),
  onUnauthenticated: () => {
    if (typeof window === 'undefined') return;
    const { pathname, search, hash } = window.location;
    window.location.assign(loginHref(pathname + search + hash));
  },
};

let hooks: ClientHooks = { ...defaultHooks };

/** Installs the app's handlers; returns a function restoring the previous ones. */
export function configureClient(overrides: Partial<ClientHooks>): () => void {
  const previous = hooks;
  hooks = { ...hooks, ...overrides };
  return () => {
    hooks = previous;
  };
}

export function buildUrl(path: string, query?: Readonly<Record<string, QueryValue>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.append(name, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path.startsWith('/') ? path : `/${path}`}${search ? `?${search}` : ''}`;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * The one way the console talks to the API. Resolves with the parsed JSON body (undefined for 204);
 * rejects with an ApiError after showing it, unless `silent`.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const token = options.auth === false ? null : tokenStore.get();
  const isForm = typeof FormData !== 'undefined' && options.body instanceof FormData;
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': loadLocale() };
  if (options.body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  Object.assign(headers, options.headers);

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : isForm ? (options.body as FormData) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (isAbort(cause)) throw cause;
    throw report(networkError(cause), options);
  }

  const text = await response.text();
  if (!response.ok) {
    const error = parseApiError(response.status, text);
    if (token && error.status === 401 && error.code === 'UNAUTHENTICATED') {
      tokenStore.clear();
      hooks.onUnauthenticated(error);
    }
    throw report(error, options);
  }
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw report(new ApiError(response.status, 'INTERNAL', 'Response is not JSON'), options);
  }
}

function report(error: ApiError, options: RequestOptions): ApiError {
  if (!options.silent) hooks.notifyError(error);
  return error;
}

type BodyOptions = Omit<RequestOptions, 'method' | 'body'>;

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: BodyOptions) =>
    request<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, options?: BodyOptions) =>
    request<T>(path, { ...options, method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown, options?: BodyOptions) =>
    request<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T>(path: string, options?: BodyOptions) => request<T>(path, { ...options, method: 'DELETE' }),
};
