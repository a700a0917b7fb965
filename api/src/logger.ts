import { pino, type Logger } from 'pino';

/** Paths never written to logs; personal data is masked before it reaches a log call. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-tongban-worker-token"]',
  'password',
  '*.password',
  'token',
  '*.token',
];

export function createLogger(level: string, name = 'tongban-api'): Logger {
  return pino({ name, level, redact: { paths: REDACT, censor: '[redacted]' } });
}
export type { Logger };
