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

/** The API path of a URL the API handed out (`/api/v1/files/…` → `/files/…`). */
export function apiPath(url: string): string {
  return url.startsWith(API_BASE) ? url.slice(API_BASE.length) : url;
}

/** The file name of a `Content-Disposition` header: the UTF-8 `filename*` first, else `filename`. */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1]?.trim() || fallback;
}

/** Fetches a protected file with the bearer token and hands it to the browser to save. */
export async function download(path: string, fallbackName: string, options: { silent?: boolean } = {}): Promise<void> {
  const token = tokenStore.get();
  const headers: Record<string, string> = { 'Accept-Language': loadLocale() };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(buildUrl(path), { headers });
  } catch (cause) {
    throw report(networkError(cause), options);
  }
  if (!response.ok) {
    const error = parseApiError(response.status, await response.text());
    if (token && error.status === 401 && error.code === 'UNAUTHENTICATED') {
      tokenStore.clear();
      hooks.onUnauthenticated(error);
    }
    throw report(error, options);
  }
  const blob = await response.blob();
  const name = filenameFromDisposition(response.headers.get('Content-Disposition'), fallbackName);
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * Uploads one file as multipart field `file`, reporting progress (0–100). XMLHttpRequest, because
 * fetch cannot report upload progress.
 */
export function upload<T>(
  path: string,
  file: Blob,
  onProgress?: (percent: number) => void,
  options: { silent?: boolean } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const token = tokenStore.get();
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl(path));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', loadLocale());
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && onProgress) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onerror = () => reject(report(networkError(new Error('upload failed')), options));
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        const error = parseApiError(xhr.status, xhr.responseText);
        if (token && error.status === 401 && error.code === 'UNAUTHENTICATED') {
          tokenStore.clear();
          hooks.onUnauthenticated(error);
        }
        reject(report(error, options));
        return;
      }
      try {
        resolve(JSON.parse(xhr.responseText) as T);
      } catch {
        reject(report(new ApiError(xhr.status, 'INTERNAL', 'Response is not JSON'), options));
      }
    };
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
