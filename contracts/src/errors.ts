/**
 * The stable error codes of the public API (API.md). Clients branch on `code`, never on `message`.
 * Each code has exactly one HTTP status.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  PASSWORD_EXPIRED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TASK_ALREADY_CLAIMED: 409,
  TASK_GONE: 409,
  ACTION_NOT_ALLOWED: 409,
  IDEMPOTENCY_CONFLICT: 409,
  USERNAME_TAKEN: 409,
  FILE_TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_FILE_TYPE: 415,
  MATERIALS_INCOMPLETE: 422,
  PASSWORD_POLICY: 422,
  PROCESS_INVALID: 422,
  CALENDAR_OUT_OF_RANGE: 422,
  DOMAIN_RULE: 422,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  ENGINE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}
