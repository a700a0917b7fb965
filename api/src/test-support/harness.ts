import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from '../app.js';
import { loadConfig, type AppConfig } from '../config.js';
import { createDb, type Db } from '../db/knex.js';
import { migrateLatest } from '../db/migrate.js';
import { seedDemo } from '../demo/demo-seed.js';
import { createLogger } from '../logger.js';

export const DEMO_PASSWORD = 'Tongban@2026';
export const WORKER_TOKEN = 'test-worker-token-0123456789';

export interface TestApi {
  url: string;
  db: Db;
  config: AppConfig;
  app: ReturnType<typeof createApp>;
  call: (method: string, path: string, opts?: CallOptions) => Promise<CallResult>;
  login: (username: string, password?: string) => Promise<string>;
  close: () => Promise<void>;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
  text: string;
}

/**
 * Starts the API in this process on a random port, against the test PostgreSQL database that
 * `npm test` created (TEST_DATABASE_URL), or a fresh PGlite folder when TEST_DB_KIND=pglite, and
 * the test engine that `npm test` started (ENGINE_URL).
 */
export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const pglite = (env.TEST_DB_KIND ?? process.env.TEST_DB_KIND) === 'pglite';
  const tmp = process.env.TONGBAN_TEST_TMP ?? path.resolve('.tmp/test-local');
  const dataDir = path.join(tmp, `api-${randomUUID().slice(0, 8)}`);
  if (!pglite && !process.env.TEST_DATABASE_URL)
    throw new Error('TEST_DATABASE_URL is not set: run the integration tests through `npm test`');
  const config = loadConfig({
    NODE_ENV: 'test',
    TONGBAN_DATA_DIR: dataDir,
    ...(pglite ? {} : { DATABASE_URL: process.env.TEST_DATABASE_URL }),
    ENGINE_URL: process.env.ENGINE_URL ?? 'http://127.0.0.1:18080/engine-rest',
    ENGINE_USER: process.env.ENGINE_USER ?? 'tongban',
    ENGINE_PASSWORD: process.env.ENGINE_PASSWORD ?? 'tongban-test-engine',
    TONGBAN_WORKER_TOKEN: WORKER_TOKEN,
    TONGBAN_DEMO: 'true',
    TONGBAN_DEMO_PASSWORD: DEMO_PASSWORD,
    API_PORT: '0',
    LOGIN_RATE_PER_MINUTE: '10000',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...env,
  });
  const log = createLogger(config.logLevel);
  const db = createDb(config.db);
  await migrateLatest(db);
  await seedDemo(db, DEMO_PASSWORD, log);
  const app = createApp({ config, db, log });
  await app.processes.deployAll(config.processes.dir, { username: 'system', source: 'startup' });
  const server = http.createServer(app.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call = async (method: string, p: string, opts: CallOptions = {}): Promise<CallResult> => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) {
      body = opts.rawBody;
      headers['Content-Type'] ??= 'application/json';
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(url + p, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: callers read `text` */
    }
    return { status: res.status, body: parsed, headers: res.headers, text };
  };

  const login = async (username: string, password = DEMO_PASSWORD) => {
    const r = await call('POST', '/api/v1/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.text}`);
    return r.body.token as string;
  };

  return {
    url,
    db,
    config,
    app,
    call,
    login,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
    },
  };
}

/** Creates a throw-away staff user directly, for tests that lock or change accounts. */
export async function createTestUser(
  api: TestApi,
  opts: { roles?: string[]; departments?: string[]; kind?: 'staff' | 'person' | 'legal'; password?: string } = {},
): Promise<{ id: string; username: string; password: string }> {
  const username = `t_${randomUUID().slice(0, 12).replace(/-/g, '')}`;
  const password = opts.password ?? 'Test@Pass123';
  const { hashPassword } = await import('../modules/auth/index.js');
  const [row] = await api
    .db('users')
    .insert({ username, name: '测试用户', kind: opts.kind ?? 'staff', password_hash: await hashPassword(password) })
    .returning('id');
  const id = (row as { id: string }).id;
  if (opts.roles?.length)
    await api.db('user_roles').insert(opts.roles.map((role_code) => ({ user_id: id, role_code })));
  if (opts.departments?.length)
    await api
      .db('user_departments')
      .insert(opts.departments.map((department_code) => ({ user_id: id, department_code })));
  return { id, username, password };
}
