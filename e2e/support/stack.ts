// The whole Tongban stack for a browser test file, started the way a user starts it: `node scripts/start.mjs`
// on the embedded defaults (engine on H2, API on PGlite), on its own ports and its own data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HealthResponse } from '@tongban/contracts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The first start on H2 creates the engine schema, deploys the flows and seeds the demo data. */
const START_TIMEOUT_MS = 240_000;
/** start.mjs stops workers, API and engine one after the other, each within 20 s. */
const STOP_TIMEOUT_MS = 70_000;

export interface Stack {
  /** Console and API, e.g. http://127.0.0.1:13000 */
  readonly baseUrl: string;
  readonly dataDir: string;
  /** The output of start.mjs; the engine, API and workers write theirs to `<dataDir>/logs/`. */
  readonly logFile: string;
  readonly health: HealthResponse;
  stop(): Promise<void>;
}

/**
 * Variables that would move the stack off the embedded defaults a user gets: `npm test` exports the
 * integration tests' engine (ENGINE_URL on 18080, PostgreSQL) and database, and a developer's shell
 * may hold a DATABASE_URL. ENGINE_HEAP is kept: it only sizes the JVM for the machine.
 */
const FOREIGN_PREFIXES = ['ENGINE_', 'API_', 'DATABASE_', 'TEST_', 'TONGBAN_', 'NODE_TEST_', 'SESSION_', 'LOGIN_'];
const FOREIGN_NAMES = ['NODE_ENV', 'LOG_LEVEL', 'PASSWORD_MAX_AGE_DAYS', 'WORKER_STALE_SECONDS'];
const KEPT_NAMES = ['ENGINE_HEAP'];

function embeddedStackEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const foreign = FOREIGN_NAMES.includes(name) || FOREIGN_PREFIXES.some((prefix) => name.startsWith(prefix));
    if (!foreign || KEPT_NAMES.includes(name)) env[name] = value;
  }
  return { ...env, ...overrides };
}

function tail(file: string, lines: number): string {
  if (!fs.existsSync(file)) return `(no ${path.basename(file)})`;
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** What to read when the stack did not come up: start.mjs says which part failed, that part's log says why. */
function startFailureReport(dataDir: string, logFile: string): string {
  const sections = [`── ${logFile} (last 40 lines)\n${tail(logFile, 40)}`];
  const logDir = path.join(dataDir, 'logs');
  if (fs.existsSync(logDir)) {
    for (const name of fs.readdirSync(logDir).sort()) {
      const file = path.join(logDir, name);
      sections.push(`── ${file} (last 15 lines)\n${tail(file, 15)}`);
    }
  }
  return sections.join('\n');
}

/** The health report, also when degraded (it says which part is down); null while the API does not answer. */
async function readHealth(baseUrl: string): Promise<HealthResponse | null> {
  try {
    const response = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(3000) });
    const report = HealthResponse.safeParse(await response.json());
    return report.success ? report.data : null;
  } catch {
    return null;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** Whether any process of the group (start.mjs and the engine, API and workers it started) is still alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** 'exited' as soon as the child has exited, else 'waited' after `ms`; the timer never keeps the process alive. */
function exitOrDelay(exit: Promise<void>, ms: number): Promise<'exited' | 'waited'> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<'waited'>((resolve) => (timer = setTimeout(() => resolve('waited'), ms)));
  return Promise.race([exit.then(() => 'exited' as const), waited]).finally(() => clearTimeout(timer));
}

/**
 * Starts `node scripts/start.mjs` in its own process group and waits until `GET /api/v1/health` reports
 * "ok" (database, engine and workers up). Ports: E2E_API_PORT (13000) and E2E_ENGINE_PORT (18090), away
 * from a developer's `npm start` (3000/8080) and the integration tests' engine (18080).
 */
export async function startStack(): Promise<Stack> {
  const tmpRoot = process.env.TONGBAN_TEST_TMP ?? path.join(ROOT, '.tmp');
  const dataDir = path.join(tmpRoot, `e2e-stack-${randomBytes(4).toString('hex')}`);
  const apiPort = Number(process.env.E2E_API_PORT ?? 13000);
  const enginePort = Number(process.env.E2E_ENGINE_PORT ?? 18090);
  const baseUrl = `http://127.0.0.1:${apiPort}`;
  const logFile = path.join(dataDir, 'start.log');

  fs.mkdirSync(dataDir, { recursive: true });
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: embeddedStackEnv({ TONGBAN_DATA_DIR: dataDir, API_PORT: String(apiPort), ENGINE_PORT: String(enginePort) }),
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  const exit = exited(child);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start scripts/start.mjs: ${tail(logFile, 20)}`);

  // A test process that ends without stop() (a crash, an uncaught error) takes the whole group with it.
  const onExit = () => {
    if (groupAlive(pid)) killGroup(pid);
  };
  // Interrupted (Ctrl-C, the test runner giving up): start.mjs stops its children in order on its own, so the
  // hard stop on exit must not cut that short. Either way no engine is left behind on 18090.
  const onSignal = (signal: NodeJS.Signals) => {
    process.off('exit', onExit);
    if (running(child)) child.kill('SIGTERM');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', onExit);

  let stopped: Promise<void> | undefined;
  const shutdown = (keepData: boolean) => {
    stopped ??= (async () => {
      if (running(child)) {
        child.kill('SIGTERM');
        await exitOrDelay(exit, STOP_TIMEOUT_MS);
      }
      if (groupAlive(pid)) killGroup(pid);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', onExit);
      // Under `npm test` the run's temp folder is removed by scripts/test.mjs when everything passed and kept
      // otherwise; a stand-alone run cleans up after itself unless asked to keep the logs and databases.
      if (!keepData && !process.env.TONGBAN_TEST_TMP && process.env.E2E_KEEP_DATA !== '1')
        fs.rmSync(dataDir, { recursive: true, force: true });
    })();
    return stopped;
  };
  const stop = () => shutdown(false);

  const startedAt = Date.now();
  let health: HealthResponse | null = null;
  let last: HealthResponse | null = null;
  while (Date.now() - startedAt < START_TIMEOUT_MS) {
    last = await readHealth(baseUrl);
    if (last?.status === 'ok') {
      health = last;
      break;
    }
    if ((await exitOrDelay(exit, 1000)) === 'exited') break;
  }
  if (!health) {
    const why = running(child)
      ? `not healthy within ${START_TIMEOUT_MS / 1000} s (last health: ${last ? JSON.stringify(last) : 'no answer'})`
      : `scripts/start.mjs exited (code ${child.exitCode ?? child.signalCode}) before the stack was healthy`;
    const report = startFailureReport(dataDir, logFile);
    await shutdown(true); // keeps the logs, which explain the failure
    throw new Error(`the e2e stack at ${baseUrl} did not start: ${why}\n${report}`);
  }
  return { baseUrl, dataDir, logFile, health, stop };
}
