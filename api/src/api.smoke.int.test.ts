import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MIGRATIONS_DIR } from './db/migrate.js';
import { startTestApi, type TestApi } from './test-support/harness.js';

// Runs in the PostgreSQL phase and, with TEST_DB_KIND=pglite, on the embedded database.
let api: TestApi;
before(async () => {
  api = await startTestApi();
});
after(() => api.close());

test('migrations are applied and can be rolled back and re-applied', async () => {
  const [, pending] = (await api.db.migrate.list({ directory: MIGRATIONS_DIR, loadExtensions: ['.ts'] })) as [
    unknown[],
    unknown[],
  ];
  assert.equal(pending.length, 0);
  if (api.config.db.kind === 'pglite') {
    await api.db.migrate.rollback({ directory: MIGRATIONS_DIR, loadExtensions: ['.ts'] }, true);
    assert.equal((await api.db.raw(`SELECT to_regclass('public.cases') AS t`)).rows[0].t, null);
    await api.db.migrate.latest({ directory: MIGRATIONS_DIR, loadExtensions: ['.ts'] });
    const [{ n }] = (await api.db('work_calendar').count({ n: '*' })) as [{ n: string | number }];
    assert.equal(Number(n), 730);
  }
});

test('the health endpoint names the database kind in use', async () => {
  const r = await api.call('GET', '/api/v1/health');
  assert.equal(r.body.db.status, 'up');
  assert.equal(r.body.db.kind, process.env.TEST_DB_KIND === 'pglite' ? 'pglite' : 'postgres');
});

test('login, a staff read and the calendar work', async () => {
  const { seedDemo } = await import('./demo/demo-seed.js');
  const { createLogger } = await import('./logger.js');
  await seedDemo(api.db, 'Tongban@2026', createLogger('silent'));
  const token = await api.login('auditor1');
  assert.equal((await api.call('GET', '/api/v1/audit/verify', { token })).body.ok, true);
  assert.equal(
    (await api.call('GET', '/api/v1/calendar/due-date?from=2026-09-30&workingDays=5')).body.due,
    '2026-10-13',
  );
  const items = await api.call('GET', '/api/v1/items?audience=legal');
  assert.ok(items.body.some((i: { name: string }) => i.name.startsWith('食品经营许可')));
});

test('the data survives closing and reopening the database', async () => {
  const { createDb } = await import('./db/knex.js');
  await api.db('departments').insert({ code: 'SMOKE-1', name: '冒烟测试部门', level: 4 }).onConflict('code').ignore();
  await api.close();
  const db = createDb(api.config.db);
  try {
    assert.equal((await db('departments').where({ code: 'SMOKE-1' }).first())?.name, '冒烟测试部门');
    await db('departments').where({ code: 'SMOKE-1' }).del();
  } finally {
    await db.destroy();
  }
  api = await startTestApi(
    api.config.db.kind === 'pglite' ? { TONGBAN_DATA_DIR: api.config.dataDir, TEST_DB_KIND: 'pglite' } : {},
  );
});
