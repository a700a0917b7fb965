import path from 'node:path';
import { z } from 'zod';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  TONGBAN_DATA_DIR: z.string().default('./data'),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  ENGINE_URL: z.string().url().default('http://127.0.0.1:8080/engine-rest'),
  ENGINE_USER: z.string().default('tongban'),
  ENGINE_PASSWORD: z.string().default('tongban-engine-dev'),
  ENGINE_TIMEOUT_MS: z.coerce.number().int().min(100).default(10000),
  TONGBAN_WORKER_TOKEN: z.string().min(16).optional(),
  TONGBAN_DEMO: z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional(),
  TONGBAN_DEMO_PASSWORD: z.string().default('Tongban@2026'),
  TONGBAN_ADMIN_PASSWORD: z.string().optional(),
  TONGBAN_DEPLOY_ON_START: bool(true),
  TONGBAN_PROCESSES_DIR: z.string().default('./processes'),
  TONGBAN_WEB_DIST: z.string().default('./web/dist'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(60),
  PROGRESS_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(30),
  WORKER_STALE_SECONDS: z.coerce.number().int().min(5).default(60),
  FILE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
  PUBLIC_BASE_URL: z.string().url().optional(),
  NOTICE_PREFIX: z.string().min(1).max(16).default('石龙'),
  CORRECTION_DEADLINE_DAYS: z.coerce.number().int().min(1).max(60).default(10),
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().default('通办 <noreply@tongban.local>'),
  SMS_GATEWAY_URL: z.string().url().optional(),
  SMS_GATEWAY_TOKEN: z.string().optional(),
  NOTIFY_INTERVAL_MS: z.coerce.number().int().min(50).default(2000),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type AppConfig = ReturnType<typeof loadConfig>;

/** Parses and validates the environment once; nothing else in the API reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.TONGBAN_DATA_DIR);
  // Demo data is on by default only for the embedded set-up, and never implicitly in production.
  const demoDefault = !e.DATABASE_URL && e.NODE_ENV !== 'production';
  const demo = e.TONGBAN_DEMO === undefined ? demoDefault : ['true', '1', 'yes'].includes(e.TONGBAN_DEMO);
  return {
    env: e.NODE_ENV,
    dataDir,
    http: { host: e.API_HOST, port: e.API_PORT },
    db: e.DATABASE_URL
      ? ({ kind: 'postgres', url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX } as const)
      : ({ kind: 'pglite', dir: path.join(dataDir, 'api-db') } as const),
    engine: {
      url: e.ENGINE_URL.replace(/\/$/, ''),
      user: e.ENGINE_USER,
      password: e.ENGINE_PASSWORD,
      timeoutMs: e.ENGINE_TIMEOUT_MS,
    },
    workerToken: e.TONGBAN_WORKER_TOKEN,
    demo: { enabled: demo, password: e.TONGBAN_DEMO_PASSWORD },
    /** Only for `npm run admin:create`. */
    adminPassword: e.TONGBAN_ADMIN_PASSWORD,
    processes: { deployOnStart: e.TONGBAN_DEPLOY_ON_START, dir: path.resolve(e.TONGBAN_PROCESSES_DIR) },
    webDist: path.resolve(e.TONGBAN_WEB_DIST),
    files: { dir: path.join(dataDir, 'files'), maxBytes: e.FILE_MAX_BYTES },
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://${e.API_HOST}:${e.API_PORT}`).replace(/\/$/, ''),
    cases: { correctionDeadlineDays: e.CORRECTION_DEADLINE_DAYS, noticePrefix: e.NOTICE_PREFIX },
    notifications: {
      smtpUrl: e.SMTP_URL,
      smtpFrom: e.SMTP_FROM,
      smsGatewayUrl: e.SMS_GATEWAY_URL,
      smsGatewayToken: e.SMS_GATEWAY_TOKEN,
      intervalMs: e.NOTIFY_INTERVAL_MS,
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
    },
    auth: {
      idleMinutes: e.SESSION_IDLE_MINUTES,
      maxHours: e.SESSION_MAX_HOURS,
      maxFailures: e.LOGIN_MAX_FAILURES,
      lockMinutes: e.LOGIN_LOCK_MINUTES,
      passwordMaxAgeDays: e.PASSWORD_MAX_AGE_DAYS,
      loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
      progressPerMinute: e.PROGRESS_RATE_PER_MINUTE,
    },
    workers: { staleSeconds: e.WORKER_STALE_SECONDS },
    logLevel: e.LOG_LEVEL,
  };
}
