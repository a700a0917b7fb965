import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';

const EnvSchema = z.object({
  ENGINE_URL: z.url().default('http://127.0.0.1:8080/engine-rest'),
  ENGINE_USER: z.string().min(1).default('tongban'),
  ENGINE_PASSWORD: z.string().min(1).default('tongban-engine-dev'),
  API_URL: z.url().default('http://127.0.0.1:3000'),
  TONGBAN_WORKER_TOKEN: z.string().min(16),
  WORKER_ID: z.string().min(1).max(255).optional(),
  WORKER_MAX_TASKS: z.coerce.number().int().min(1).max(100).default(10),
  WORKER_ASYNC_RESPONSE_TIMEOUT: z.coerce.number().int().min(0).max(300_000).default(20_000),
  // Pause after each fetch before the next long poll. The client's default (300 ms) delays every
  // task created while the worker is between two polls. 50 ms keeps pickup well under 100 ms with
  // fewer, fuller fetches than 10 ms (less engine CPU; docs/benchmarks.md, worker pickup).
  WORKER_POLL_INTERVAL: z.coerce.number().int().min(0).max(60_000).default(50),
  // Pause before the next poll after a failed one (engine down), instead of polling in a tight loop.
  WORKER_POLL_ERROR_BACKOFF: z.coerce.number().int().min(0).max(60_000).default(1_000),
  WORKER_RETRIES: z.coerce.number().int().min(0).max(100).default(3),
  WORKER_RETRY_BASE_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type WorkerConfig = ReturnType<typeof parseConfig>;

/** Several worker processes may run side by side; the engine tells their locks apart by this id. */
function defaultWorkerId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Parses and validates the environment; the only place in workers/ that reads it. */
export function parseConfig(env: Record<string, string | undefined>) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid worker configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    engine: { url: e.ENGINE_URL.replace(/\/$/, ''), user: e.ENGINE_USER, password: e.ENGINE_PASSWORD },
    api: { url: e.API_URL.replace(/\/$/, ''), token: e.TONGBAN_WORKER_TOKEN },
    workerId: e.WORKER_ID ?? defaultWorkerId(),
    maxTasks: e.WORKER_MAX_TASKS,
    asyncResponseTimeout: e.WORKER_ASYNC_RESPONSE_TIMEOUT,
    pollInterval: e.WORKER_POLL_INTERVAL,
    pollErrorBackoff: e.WORKER_POLL_ERROR_BACKOFF,
    retries: e.WORKER_RETRIES,
    retryBaseMs: e.WORKER_RETRY_BASE_MS,
    logLevel: e.LOG_LEVEL,
  };
}

export function loadConfig(): WorkerConfig {
  return parseConfig(process.env);
}
