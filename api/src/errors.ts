import { ERROR_CODES, type ErrorCode } from '@tongban/contracts';

/** The one error type services throw; mapped to HTTP once, in http/error-handler.ts. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code];
  }
}

export const notFound = (what = '资源') => new AppError('NOT_FOUND', `${what}不存在`);
export const forbidden = (message = '无权执行此操作') => new AppError('FORBIDDEN', message);
export const unauthenticated = (message = '请先登录') => new AppError('UNAUTHENTICATED', message);
