// The benchmark's own stack: an engine, the API and the workers on unused ports with fresh data
// (H2 + PGlite, or two throw-away PostgreSQL databases with BENCH_DATABASE=pg), stopped at the end.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

/** The parts of scripts/lib/stack.mjs used here (plain JavaScript without declarations). */
interface StackLib {
  ROOT: string;
  ensureJava(): void;
  ensureEngineJar(): void;
  portFree(port: number): Promise<boolean>;
  engineJavaArgs(): string[];
  engineUp(url: string, user: string, password: string): Promise<boolean>;
  waitFor(check: () => Promise<boolean>, o: { timeoutMs: number; what: string; child?: ChildProcess }): Promise<void>;
  startChild(
    name: string,
    cmd: string,
    args: string[],
    o: { env: Record<string, string>; logFile: string; echo?: boolean },
  ): ChildProcess;
  stopChild(child: ChildProcess | undefined, timeoutMs?: number): Promise<void>;
}

const lib = (await import(new URL('../lib/stack.mjs', import.meta.url).href)) as StackLib;
export const ROOT = lib.ROOT;

export interface Stack {
  apiUrl: string;
  engineUrl: string;
  engineUser: string;
  enginePassword: string;
  database: 'h2+pglite' | 'postgresql';
  /** Connection strings of the two throw-away databases (PostgreSQL only). */
  databases?: { engine: string; api: string };
  dir: string;
  /** Process ids of the children, for CPU accounting. */
  pids: { engine?: number; api?: number; workers?: number };
  /** Rejects when a child exits before `stop` (the workers also before `stopWorkers`). */
  died: Promise<never>;
  stopWorkers(): Promise<void>;
  stop(opts?: { keepDir?: boolean }): Promise<void>;
}

async function freePort(from: number): Promise<number> {
  for (let p = from; p < from + 100; p++) if (await lib.portFree(p)) return p;
  throw new Error(`no free port in ${from}–${from + 99}`);
}

function log(msg: string): void {
  process.stdout.write(`[bench] ${msg}\n`);
}

interface ThrowAwayDb {
  name: string;
  url: URL;
}

async function createDatabases(adminUrl: string, names: string[]): Promise<ThrowAwayDb[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const out: ThrowAwayDb[] = [];
    for (const name of names) {
      await client.query(`CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      out.push({ name, url });
    }
    return out;
  } finally {
    await client.end();
  }
}

async function dropDatabases(adminUrl: string, names: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Starts engine, API and workers; `register` receives the stop function at once, so a Ctrl-C
 * during the start still stops what already runs.
 */
export async function startStack(
  register: (stop: () => Promise<void>) => void,
  opts: { workerEnv?: Record<string, string> } = {},
): Promise<Stack> {
  lib.ensureJava();
  lib.ensureEngineJar();
  const usePg = process.env.BENCH_DATABASE === 'pg';
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dir = path.join(ROOT, '.tmp', `bench-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const children: ChildProcess[] = [];
  let dbNames: string[] = [];
  let stopped = false;

  const stop = async (opts: { keepDir?: boolean } = {}): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const c of [...children].reverse()) await lib.stopChild(c);
    // BENCH_KEEP_DATABASES=1 keeps the two databases for a look at the data (EXPLAIN …) afterwards.
    if (dbNames.length && process.env.BENCH_KEEP_DATABASES === '1') log(`databases kept: ${dbNames.join(', ')}`);
    else if (dbNames.length)
      await dropDatabases(adminUrl, dbNames).catch((e: Error) => log(`drop failed: ${e.message}`));
    if (opts.keepDir) log(`logs kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  };
  register(() => stop({ keepDir: true }));

  // Other stacks (the browser tests) start on this machine too, some on 13300/18390: start the
  // search for a free port at a random offset so that two starts rarely race for the same one.
  const offset = () => Math.floor(Math.random() * 700);
  const enginePort = await freePort(Number(process.env.BENCH_ENGINE_PORT ?? 18300 + offset()));
  const apiPort = await freePort(Number(process.env.BENCH_API_PORT ?? 13300 + offset()));
  const engineUrl = `http://127.0.0.1:${enginePort}/engine-rest`;
  const engineUser = 'tongban';
  const enginePassword = `bench-${randomBytes(9).toString('base64url')}`;
  const token = randomBytes(24).toString('base64url');
  const apiUrl = `http://127.0.0.1:${apiPort}`;

  const engineEnv: Record<string, string> = {
    TONGBAN_DATA_DIR: dir,
    ENGINE_PORT: String(enginePort),
    ENGINE_USER: engineUser,
    ENGINE_PASSWORD: enginePassword,
  };
  const apiEnv: Record<string, string> = {};
  let databases: Stack['databases'];
  if (usePg) {
    const stamp = `${process.pid}_${Date.now().toString(36)}`;
    dbNames = [`tongban_bench_${stamp}_engine`, `tongban_bench_${stamp}_api`];
    const [engineDb, apiDb] = await createDatabases(adminUrl, dbNames);
    if (!engineDb || !apiDb) throw new Error('databases not created');
    engineEnv.ENGINE_DB_URL = `jdbc:postgresql://${engineDb.url.host}${engineDb.url.pathname}`;
    engineEnv.ENGINE_DB_USER = decodeURIComponent(engineDb.url.username) || 'postgres';
    engineEnv.ENGINE_DB_PASSWORD = decodeURIComponent(engineDb.url.password);
    apiEnv.DATABASE_URL = apiDb.url.toString();
    databases = { engine: engineDb.url.toString(), api: apiDb.url.toString() };
  }

  log(`engine on ${enginePort} (${usePg ? 'PostgreSQL' : 'H2'}), data and logs in ${path.relative(ROOT, dir)}`);
  // BENCH_ENGINE_JAVA_ARGS (e.g. a Flight Recorder recording) goes before the engine's own arguments.
  const engineArgs = [
    ...(process.env.BENCH_ENGINE_JAVA_ARGS ?? '').split(' ').filter(Boolean),
    ...lib.engineJavaArgs(),
  ];
  const engine = lib.startChild('engine', 'java', engineArgs, {
    env: engineEnv,
    logFile: path.join(dir, 'engine.log'),
  });
  children.push(engine);
  await lib.waitFor(() => lib.engineUp(engineUrl, engineUser, enginePassword), {
    timeoutMs: 180_000,
    what: 'the engine',
    child: engine,
  });

  const common = {
    TONGBAN_DATA_DIR: dir,
    ENGINE_URL: engineUrl,
    ENGINE_USER: engineUser,
    ENGINE_PASSWORD: enginePassword,
    TONGBAN_WORKER_TOKEN: token,
    LOG_LEVEL: 'warn',
  };
  log(`API on ${apiPort} (${usePg ? 'PostgreSQL' : 'PGlite'})`);
  // BENCH_API_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the API under load.
  const apiArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const api = lib.startChild('api', process.execPath, [...apiArgs, '--import', 'tsx', 'api/src/main.ts'], {
    env: {
      ...common,
      ...apiEnv,
      API_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      TONGBAN_DEMO: 'true',
      // The schema caps this at 10000 per minute: plenty for the four logins of a run.
      LOGIN_RATE_PER_MINUTE: '10000',
    },
    logFile: path.join(dir, 'api.log'),
  });
  children.push(api);
  // Another stack may take the port between the check and the API's listen: only an API that knows
  // this run's worker token counts (a no-op sync of a case that does not exist: 204 here, 401 there).
  const ours = () =>
    fetch(`${apiUrl}/api/v1/internal/cases/BENCH-PROBE-0000/sync`, {
      method: 'POST',
      headers: { 'X-Tongban-Worker-Token': token },
    }).then((r) => r.status === 204);
  await lib.waitFor(ours, { timeoutMs: 120_000, what: 'the API', child: api });

  const workers = lib.startChild('workers', process.execPath, ['--import', 'tsx', 'workers/src/main.ts'], {
    env: { ...common, API_URL: apiUrl, ...opts.workerEnv },
    logFile: path.join(dir, 'workers.log'),
  });
  children.push(workers);
  await lib.waitFor(
    () =>
      fetch(`${apiUrl}/api/v1/health`)
        .then((r) => r.json() as Promise<{ status?: string }>)
        .then((h) => h.status === 'ok'),
    { timeoutMs: 60_000, what: 'the workers', child: workers },
  );
  if (api.exitCode !== null || !(await ours())) throw new Error(`the API on port ${apiPort} is not this run's`);
  // A child that dies during the run makes the run worthless: say so at once.
  let workersStopping = false;
  const died = new Promise<never>((_, reject) => {
    for (const [name, child] of [
      ['engine', engine],
      ['api', api],
      ['workers', workers],
    ] as const)
      child.once('exit', (code, signal) => {
        if (stopped || (name === 'workers' && workersStopping)) return;
        reject(
          new Error(`the ${name} exited during the run (${signal ?? code}); see ${path.join(dir, name + '.log')}`),
        );
      });
  });
  died.catch(() => undefined);
  log('stack healthy');

  return {
    apiUrl,
    engineUrl,
    engineUser,
    enginePassword,
    database: usePg ? 'postgresql' : 'h2+pglite',
    databases,
    dir,
    pids: { engine: engine.pid, api: api.pid, workers: workers.pid },
    died,
    stopWorkers: () => {
      workersStopping = true;
      return lib.stopChild(workers);
    },
    stop,
  };
}

/**
 * Starts the benchmark's stack, runs `work` on it and stops the stack whatever happens, Ctrl-C
 * included (the logs are kept then). An error is printed and gives exit code 1.
 */
export async function withStack(
  opts: Parameters<typeof startStack>[1],
  work: (stack: Stack) => Promise<number>,
): Promise<number> {
  if (suite) {
    // Inside the quick suite: its stack, which only the suite stops.
    try {
      return await work({ ...suite, stop: () => Promise.resolve() });
    } catch (err) {
      console.error(`[bench] ${(err as Error).stack ?? String(err)}`);
      return 1;
    }
  }
  const cleanup: { stop?: () => Promise<void> } = {};
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n[bench] ${signal}: stopping the stack …`);
    void (cleanup.stop ?? (() => Promise.resolve()))().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work(await startStack((stop) => (cleanup.stop = stop), opts));
  } catch (err) {
    console.error(`[bench] ${(err as Error).stack ?? String(err)}`);
    return 1;
  } finally {
    // Idempotent: a no-op after a normal stop, otherwise stops whatever had started.
    await cleanup.stop?.();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The stack that `withSuiteStack` shares with the benchmarks it runs, if any. */
let suite: Stack | undefined;

/**
 * `npm run bench -- --quick`: one stack (PostgreSQL) for every benchmark that brings its own, so
 * that the suite is not three engine start-ups long. A benchmark's `withStack` then runs on it and
 * its `stop` does nothing; the suite stops the stack at the end. The workers get the union of what
 * the benchmarks ask of them (`workerEnv`); a benchmark that stops them must run last.
 */
export async function withSuiteStack(workerEnv: Record<string, string>, work: () => Promise<number>): Promise<number> {
  return withStack({ workerEnv }, async (stack) => {
    suite = stack;
    let code = 1;
    try {
      code = await work();
      return code;
    } finally {
      suite = undefined;
      await stack.stop({ keepDir: code !== 0 });
    }
  });
}
