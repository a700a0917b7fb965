// `npm start`: the whole stack on embedded defaults (engine on H2, API on PGlite), one command.
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
  workerToken,
} from './lib/stack.mjs';

const env = process.env;
const dataDir = path.resolve(ROOT, env.TONGBAN_DATA_DIR || 'data');
const apiHost = env.API_HOST || '127.0.0.1';
const apiPort = Number(env.API_PORT || 3000);
const enginePort = Number(env.ENGINE_PORT || 8080);
const externalEngine = !!env.ENGINE_URL;
const engineUrl = env.ENGINE_URL || `http://127.0.0.1:${enginePort}/engine-rest`;
const engineUser = env.ENGINE_USER || 'tongban';
const enginePassword = env.ENGINE_PASSWORD || 'tongban-engine-dev';
const logDir = path.join(dataDir, 'logs');
const children = [];
let shuttingDown = false;

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  log('stopping …');
  // Workers first (they stop polling), then the API, then the engine.
  for (const c of [...children].reverse()) await stopChild(c);
  log('stopped.');
  process.exit(code);
}

function watch(name, child) {
  children.push(child);
  child.on('exit', (code, signal) => {
    if (shuttingDown) return;
    log(`${name} exited unexpectedly (${signal ?? code}); see ${path.join(logDir, name + '.log')}`);
    shutdown(1);
  });
}

async function main() {
  const t0 = Date.now();
  ensureNodeModules();
  // Ports first: a taken port is told at once, before minutes of building.
  await ensurePortFree(apiPort, 'API and console', 'API_PORT');
  if (!externalEngine) await ensurePortFree(enginePort, 'engine', 'ENGINE_PORT');
  if (!externalEngine) {
    ensureJava();
    ensureEngineJar();
  }
  ensureWebBuild();

  const token = env.TONGBAN_WORKER_TOKEN || workerToken(dataDir);
  const common = {
    TONGBAN_DATA_DIR: dataDir,
    ENGINE_URL: engineUrl,
    ENGINE_USER: engineUser,
    ENGINE_PASSWORD: enginePassword,
    TONGBAN_WORKER_TOKEN: token,
  };

  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));

  if (!externalEngine) {
    log(`starting the engine on port ${enginePort} (log: ${path.join(logDir, 'engine.log')}) …`);
    const engine = startChild('engine', 'java', engineJavaArgs(), {
      env: { ...common, ENGINE_PORT: String(enginePort) },
      logFile: path.join(logDir, 'engine.log'),
    });
    watch('engine', engine);
    await waitFor(() => engineUp(engineUrl, engineUser, enginePassword), {
      timeoutMs: 180_000,
      what: 'the engine',
      child: engine,
    });
  } else {
    await waitFor(() => engineUp(engineUrl, engineUser, enginePassword), {
      timeoutMs: 60_000,
      what: `the engine at ${engineUrl}`,
    });
  }

  log('starting the API (migrations, demo data, process deployment) …');
  const api = startChild('api', process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
    env: { ...common, API_HOST: apiHost, API_PORT: String(apiPort) },
    logFile: path.join(logDir, 'api.log'),
  });
  watch('api', api);
  const apiUrl = `http://${apiHost}:${apiPort}`;
  await waitFor(() => fetch(`${apiUrl}/api/v1/health`).then((r) => r.ok), {
    timeoutMs: 120_000,
    what: 'the API',
    child: api,
  });

  log('starting the workers …');
  const workers = startChild('workers', process.execPath, ['--import', 'tsx', 'workers/src/main.ts'], {
    env: { ...common, API_URL: apiUrl },
    logFile: path.join(logDir, 'workers.log'),
  });
  watch('workers', workers);
  await waitFor(
    () =>
      fetch(`${apiUrl}/api/v1/health`)
        .then((r) => r.json())
        .then((h) => h.status === 'ok'),
    { timeoutMs: 60_000, what: 'the workers', child: workers },
  );

  const demoPassword = env.TONGBAN_DEMO_PASSWORD || 'Tongban@2026';
  const demoSetting = env.TONGBAN_DEMO ?? (env.DATABASE_URL || env.NODE_ENV === 'production' ? 'false' : 'true');
  const demo = ['true', '1', 'yes'].includes(demoSetting);
  console.log(`
  通办 Tongban is running (healthy after ${((Date.now() - t0) / 1000).toFixed(1)} s)

    Console + API   ${apiUrl}
    API docs        ${apiUrl}/api/docs
    Health          ${apiUrl}/api/v1/health
    Engine REST     ${engineUrl}  (user ${engineUser})
    Data folder     ${dataDir}
    Logs            ${logDir}
${
  demo
    ? `
  Demo logins (password ${demoPassword}):
    applicant1, applicant2 (persons) · legal1 (company) · clerk1 · approver1, approver2 · lead1
    designer1 · itemadmin1 · auditor1 · admin1 (system) · secadmin1 (security) · auditadmin1 (audit)
    other departments: clerk2, approver_wjw1/lead_wjw1, approver_xf1/lead_xf1, approver_zjj1/lead_zjj1, …
`
    : ''
}
  Press Ctrl-C to stop.`);
}

main().catch(async (err) => {
  if (err instanceof StartError) console.error(`\n[tongban] cannot start: ${err.message}\n`);
  else console.error(err);
  await shutdown(1);
});
