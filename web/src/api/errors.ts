import type { ErrorCode } from '@tongban/contracts';
import type { MessageKey } from '../i18n/messages';
import type { Translate } from '../i18n/translate';

/** The documented codes, plus `NETWORK_ERROR` when no answer came back, plus codes the API may add later. */
export type ApiErrorCode = ErrorCode | 'NETWORK_ERROR' | (string & {});

/** A failed API call, in the shape of the API's error body `{ code, message, details }`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    /** True when the API sent its documented error body, so `message` is written for people. */
    readonly fromServer = false,
  ) {
    super(message);
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** What a status most likely means when the body is not the API's (a proxy page, an empty body). */
const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'FILE_TOO_LARGE',
  415: 'UNSUPPORTED_FILE_TYPE',
  422: 'DOMAIN_RULE',
  423: 'ACCOUNT_LOCKED',
  429: 'RATE_LIMITED',
};

function isErrorBody(value: unknown): value is { code: string; message: string; details?: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body.code === 'string' && body.code !== '' && typeof body.message === 'string';
}

/** Turns a non-2xx answer into an ApiError, whatever the body holds. */
export function parseApiError(status: number, bodyText: string): ApiError {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  if (isErrorBody(body)) return new ApiError(status, body.code, body.message, body.details, true);
  return new ApiError(status, CODE_BY_STATUS[status] ?? 'INTERNAL', `HTTP ${status}`);
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError(0, 'NETWORK_ERROR', 'Network request failed');
  (error as { cause?: unknown }).cause = cause;
  return error;
}

/**
 * Field → problem from a VALIDATION_FAILED body, for showing next to form fields. The API sends one
 * message per field or a list of them.
 */
export function fieldErrors(error: ApiError): Record<string, string> {
  if (error.code !== 'VALIDATION_FAILED' || typeof error.details !== 'object' || error.details === null) return {};
  const result: Record<string, string> = {};
  for (const [field, problem] of Object.entries(error.details)) {
    if (typeof problem === 'string') result[field] = problem;
    else if (Array.isArray(problem) && problem.every((p) => typeof p === 'string')) result[field] = problem.join('; ');
  }
  return result;
}

/** The sentence to show a person: the API's own message when it sent one, else a local one. */
export function describeError(error: unknown, t: Translate<MessageKey>): string {
  if (!isApiError(error)) return t('error.unexpected');
  if (error.fromServer && error.message.trim()) return error.message;
  if (error.code === 'NETWORK_ERROR') return t('error.network');
  return t('error.http', { status: error.status });
}
