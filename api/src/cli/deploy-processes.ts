import os from 'node:os';
import { loadConfig } from '../config.js';
import { createDb } from '../db/knex.js';
import { migrateLatest } from '../db/migrate.js';
import { CamundaClient } from '../integrations/camunda/index.js';
import { createLogger } from '../logger.js';
import { createProcessesRepository, createProcessesService } from '../modules/processes/index.js';

/**
 * `npm run processes:deploy`: lints and deploys every .bpmn under processes/. With the embedded
 * database the API must be stopped (PGlite allows one process per data folder).
 */
const config = loadConfig();
const log = createLogger('warn', 'tongban-deploy');
const db = createDb(config.db);
try {
  await migrateLatest(db);
  const service = createProcessesService(new CamundaClient(config.engine), createProcessesRepository(db), log);
  const results = await service.deployAll(config.processes.dir, { username: os.userInfo().username, source: 'cli' });
  for (const r of results)
    console.log(`${r.created ? 'deployed ' : 'unchanged'} ${r.key} v${r.version} (${r.resource})`);
} catch (err) {
  const e = err as Error & { details?: unknown };
  console.error(`deploy failed: ${e.message}`);
  if (e.details) console.error(JSON.stringify(e.details, null, 2));
  process.exitCode = 1;
} finally {
  await db.destroy();
}
