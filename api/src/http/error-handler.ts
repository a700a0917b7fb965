import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { ApiErrorBody } from '@tongban/contracts';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { state } from './context.js';

/** Turns zod issues into the `details: { field: problem }` shape of API.md. */
export function validationDetails(err: ZodError, prefix = ''): Record<string, string> {
  const details: Record<string, string> = {};
  for (const issue of err.issues) {
    const key = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)';
    details[key] ??= issue.message;
  }
  return details;
}

/** Maps any error to the API error format; nothing internal (stack, SQL, engine text) leaks. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return new AppError('VALIDATION_FAILED', '请求参数不正确', validationDetails(err));
  const e = err as { type?: string; status?: number; statusCode?: number };
  if (e?.type === 'entity.parse.failed')
    return new AppError('VALIDATION_FAILED', '请求体不是合法的 JSON', { '(body)': 'malformed JSON' });
  if (e?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', '请求体过大');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new AppError('VALIDATION_FAILED', '不支持的请求编码', { '(body)': 'unsupported encoding' });
  }
  return new AppError('INTERNAL', '服务器内部错误，请稍后重试');
}

export function errorHandler(
  log: Logger,
  beforeSend?: (req: Parameters<ErrorRequestHandler>[1], status: number) => Promise<void>,
): ErrorRequestHandler {
  return async (err, req, res, _next) => {
    const appError = toAppError(err);
    const { requestId } = state(req);
    if (appError.status >= 500) log.error({ err, requestId, path: req.path }, 'request failed');
    else log.debug({ code: appError.code, requestId, path: req.path }, 'request rejected');
    if (res.headersSent) return;
    const body: ApiErrorBody = { code: appError.code, message: appError.message };
    if (appError.details !== undefined) body.details = appError.details;
    if (beforeSend) await beforeSend(req, appError.status);
    if (res.headersSent) return;
    res.status(appError.status).json(body);
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `接口不存在: ${req.method} ${req.originalUrl.split('?')[0]}`));
};
