import http from 'node:http';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createDb } from './db/knex.js';
import { migrateLatest } from './db/migrate.js';
import { demoAccountsTable, seedDemo } from './demo/demo-seed.js';
import { createLogger } from './logger.js';

async function waitForEngine(check: () => Promise<unknown>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      await check();
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  return false;
}

async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const db = createDb(config.db);
  const applied = await migrateLatest(db);
  if (applied.length) log.info({ applied }, 'migrations applied');
  if (config.demo.enabled) await seedDemo(db, config.demo.password, log);

  const { app, engine, processes, notifications, reconcile } = createApp({ config, db, log });

  if (config.processes.deployOnStart) {
    if (!(await waitForEngine(() => engine.version(), 120_000))) {
      throw new Error(`engine not reachable at ${config.engine.url}`);
    }
    const results = await processes.deployAll(config.processes.dir, { username: 'system', source: 'startup' });
    for (const r of results) log.info({ key: r.key, version: r.version, created: r.created }, 'process ready');
  }

  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, resolve);
  });
  log.info({ url: `http://${config.http.host}:${config.http.port}`, db: config.db.kind }, 'api listening');
  notifications.dispatcher.start();
  reconcile.start();
  if (config.demo.enabled) console.log(demoAccountsTable(config.demo.password));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'api stopping');
    reconcile.stop();
    server.close(() => {
      notifications.dispatcher
        .stop()
        .then(() => db.destroy())
        .finally(() => process.exit(0));
    });
    server.closeAllConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: Error & { code?: string; details?: unknown }) => {
  if (err.code === 'EADDRINUSE') console.error(`API port already in use: ${err.message}`);
  else if (err.code === 'PROCESS_INVALID')
    console.error(`Process validation failed:\n${JSON.stringify(err.details, null, 2)}`);
  else console.error(`API failed to start: ${err.message}`);
  process.exit(1);
});
