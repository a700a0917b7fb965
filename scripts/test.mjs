// `npm test`: lint, type check, unit tests, integration tests against a real PostgreSQL and a real
// Camunda engine that this script starts, the PGlite run, and the browser tests.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT,
  StartError,
  engineJavaArgs,
  engineUp,
  ensureEngineJar,
  ensureJava,
  ensureNodeModules,
  ensurePortFree,
  ensureWebBuild,
  log,
  startChild,
  stopChild,
  waitFor,
} from './lib/stack.mjs';

const only = process.argv.slice(2); // e.g. `npm test -- unit int`
const want = (phase) => only.length === 0 || only.includes(phase);
const tmp = path.join(ROOT, '.tmp', `test-${process.pid}`);
const totals = { pass: 0, fail: 0, skipped: 0 };
const failedPhases = [];
let engine;
let dropDb;

function run(phase, cmd, args, env = {}) {
  log(`── ${phase}: ${[cmd, ...args].join(' ').slice(0, 160)}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) failedPhases.push(phase);
  return r.status === 0;
}

/** TEST_ONLY=<substring> narrows every phase to the matching files (for development). */
const onlyFiles = (files) => (process.env.TEST_ONLY ? files.filter((f) => f.includes(process.env.TEST_ONLY)) : files);

function findTests(dirs, suffix, exclude = []) {
  const out = [];
  const visit = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && e.name !== 'node_modules' && e.name !== 'dist') visit(p);
      else if (e.name.endsWith(suffix) && !exclude.some((x) => e.name.endsWith(x))) out.push(path.relative(ROOT, p));
    }
  };
  dirs.forEach((d) => visit(path.join(ROOT, d)));
  return onlyFiles(out.sort());
}

/** Runs files with node's test runner; counts from a TAP copy of the results. */
function nodeTests(phase, files, env = {}, extra = []) {
  if (files.length === 0) {
    log(`── ${phase}: no test files`);
    return;
  }
  const tap = path.join(tmp, `${phase}.tap`);
  run(
    phase,
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-timeout=300000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...extra,
      ...files,
    ],
    env,
  );
  if (fs.existsSync(tap)) {
    const text = fs.readFileSync(tap, 'utf8');
    const num = (k) => Number(text.match(new RegExp(`^# ${k} (\\d+)`, 'm'))?.[1] ?? 0);
    totals.pass += num('pass');
    totals.fail += num('fail') + num('cancelled');
    totals.skipped += num('skipped') + num('todo');
  }
}

async function main() {
  fs.mkdirSync(tmp, { recursive: true });
  ensureNodeModules();

  if (want('lint')) {
    run('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '.', '--max-warnings=0']);
    run('format', process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--check', '.', '--log-level', 'warn']);
  }
  if (want('types')) {
    run('types', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);
    run('types-web', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'web/tsconfig.json', '--noEmit']);
  }
  if (want('unit')) {
    nodeTests('unit', findTests(['contracts', 'api', 'workers', 'web/src', 'scripts'], '.test.ts', ['.int.test.ts']));
  }

  const needStack = want('int') || want('pglite') || want('e2e');
  if (!needStack) return;
  ensureJava();
  ensureEngineJar();
  ensureWebBuild();
  // Loaded only now: `pg` comes with the npm install above.
  const { default: pg } = await import('./lib/pg.mjs');
  const dbs = [];
  dropDb = async () => {
    for (const d of dbs) await d.drop();
  };
  const newDatabase = async () => {
    const d = await pg.createTestDatabase(process.env.TEST_DATABASE_URL);
    dbs.push(d);
    return d;
  };

  const common = { TONGBAN_TEST_TMP: tmp, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL || 'silent' };
  if (want('int') || want('pglite')) await integrationPhases(newDatabase, common);
  if (want('e2e')) e2ePhase(common);
}

async function integrationPhases(newDatabase, base) {
  // One engine for the integration phases, on its own port and its own PostgreSQL database, as
  // in production; the H2 default of `npm start` is exercised by the browser tests, which start
  // the whole stack the way a user does.
  const engineDb = await newDatabase();
  const engineJdbc = new URL(engineDb.url);
  const enginePort = Number(process.env.TEST_ENGINE_PORT || 18080);
  await ensurePortFree(enginePort, 'test engine', 'TEST_ENGINE_PORT');
  const engineUrl = `http://127.0.0.1:${enginePort}/engine-rest`;
  // A short authentication cache (30 s in production), so that a test can see a password change take effect.
  const engineEnv = {
    ENGINE_URL: engineUrl,
    ENGINE_USER: 'tongban',
    ENGINE_PASSWORD: 'tongban-test-engine',
    ENGINE_AUTH_CACHE_SECONDS: '2',
  };
  log(`starting a test engine on port ${enginePort} (database ${engineDb.name}) …`);
  engine = startChild('engine', 'java', engineJavaArgs(), {
    env: {
      TONGBAN_DATA_DIR: path.join(tmp, 'engine-data'),
      ENGINE_PORT: String(enginePort),
      ENGINE_PASSWORD: engineEnv.ENGINE_PASSWORD,
      ENGINE_AUTH_CACHE_SECONDS: engineEnv.ENGINE_AUTH_CACHE_SECONDS,
      ENGINE_DB_URL: `jdbc:postgresql://${engineJdbc.host}${engineJdbc.pathname}`,
      ENGINE_DB_USER: decodeURIComponent(engineJdbc.username) || 'postgres',
      ENGINE_DB_PASSWORD: decodeURIComponent(engineJdbc.password),
    },
    logFile: path.join(tmp, 'engine.log'),
  });
  await waitFor(() => engineUp(engineUrl, 'tongban', engineEnv.ENGINE_PASSWORD), {
    timeoutMs: 180_000,
    what: 'the test engine',
    child: engine,
  });

  const common = { ...base, ...engineEnv };

  if (want('int')) {
    const db = await newDatabase();
    log(`integration tests on PostgreSQL database ${db.name}`);
    nodeTests('int', findTests(['api', 'workers'], '.int.test.ts'), { ...common, TEST_DATABASE_URL: db.url }, [
      '--test-concurrency=1',
    ]);
  }
  if (want('pglite')) {
    // The same migrations, the API smoke tests and the whole general-approval flow on the
    // embedded database that `npm start` uses (one connection: a query outside the open
    // transaction would deadlock, and these tests would hang on it).
    const files = [...findTests(['api'], '.smoke.int.test.ts'), ...findTests(['api'], 'general-approval.int.test.ts')];
    nodeTests('pglite', files, { ...common, TEST_DB_KIND: 'pglite' }, ['--test-concurrency=1']);
  }
  await stopChild(engine);
  engine = undefined;
}

/** The browser tests start their own stack (`npm start` on the embedded defaults). */
function e2ePhase(common) {
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (fs.existsSync(chromium)) {
    nodeTests('e2e', findTests(['e2e'], '.e2e.ts'), { ...common, CHROMIUM_PATH: chromium }, ['--test-concurrency=1']);
  } else if (process.env.TONGBAN_REQUIRE_E2E === '1') {
    failedPhases.push('e2e');
    log(`e2e: ${chromium} not found (apt-get install chromium)`);
  } else {
    log(`e2e: not run — ${chromium} not found (apt-get install chromium); .ci/run installs it`);
  }
}

async function finish(code) {
  if (engine) await stopChild(engine);
  if (dropDb) await dropDb().catch((e) => log(`could not drop the test database: ${e.message}`));
  if (code === 0 && failedPhases.length === 0) fs.rmSync(tmp, { recursive: true, force: true });
  const ok = code === 0 && failedPhases.length === 0 && totals.fail === 0;
  if (!ok && failedPhases.length)
    log(`failed phases: ${failedPhases.join(', ')} (logs in ${path.relative(ROOT, tmp)})`);
  console.log(`\n${totals.pass} passed, ${totals.fail} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
  process.exit(ok ? 0 : 1);
}

main().then(
  () => finish(0),
  async (err) => {
    if (err instanceof StartError) log(`cannot run the tests: ${err.message}`);
    else console.error(err);
    await finish(1);
  },
);
