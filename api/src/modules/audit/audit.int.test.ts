import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Db } from '../../db/knex.js';
import { startTestApi, type TestApi } from '../../test-support/harness.js';
import { createAuditRepository } from './audit.repository.js';

let api: TestApi;
let auditor: string;
before(async () => {
  api = await startTestApi();
  auditor = await api.login('auditor1');
});
after(() => api.close());

test('logins, failed logins and mutations are written to the audit log', async () => {
  await api.call('POST', '/api/v1/auth/login', { body: { username: 'lead1', password: 'Wrong@Pass1' } });
  const lead = await api.login('lead1');
  await api.call('POST', '/api/v1/auth/logout', { token: lead });
  const r = await api.call('GET', '/api/v1/audit?actor=lead1&pageSize=10', { token: auditor });
  assert.equal(r.status, 200);
  const types = r.body.items.map((e: { type: string; success: boolean }) => `${e.type}:${e.success}`);
  assert.ok(types.includes('auth.login:false'));
  assert.ok(types.includes('auth.login:true'));
  assert.ok(types.includes('auth.logout:true'));
  for (const e of r.body.items) assert.match(e.hash, /^[0-9a-f]{64}$/);
});

test('the generic mutation record catches a mutation its handler did not audit', async () => {
  const admin = await api.login('admin1');
  await api.call('PUT', '/api/v1/calendar/days/2026-12-31', {
    token: admin,
    body: { isWorkday: false, source: '区政府通知（测试）' },
  });
  const r = await api.call('GET', '/api/v1/audit?type=calendar.day.set', { token: auditor });
  assert.equal(r.body.items[0].actorUsername, 'admin1');
  assert.equal(r.body.items[0].target, '2026-12-31');
  await api.call('PUT', '/api/v1/calendar/days/2026-12-31', {
    token: admin,
    body: { isWorkday: true, source: '国务院办公厅关于2026年部分节假日安排的通知' },
  });
});

test('the chain verifies', async () => {
  const r = await api.call('GET', '/api/v1/audit/verify', { token: auditor });
  assert.equal(r.status, 200);
  assert.equal(r.body.ok, true);
  assert.ok(r.body.checked >= 3);
});

test('the table refuses updates and deletes', async () => {
  await assert.rejects(
    api.db.raw(`UPDATE audit_log SET success = NOT success WHERE id = (SELECT max(id) FROM audit_log)`),
    /append-only/,
  );
  await assert.rejects(api.db.raw(`DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)`), /append-only/);
});

test('verification finds the first record changed behind the trigger’s back', async () => {
  // Tamper inside a transaction that is rolled back, so the shared test database stays intact.
  await api.db
    .transaction(async (trx) => {
      await trx.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      const { id } = await trx('audit_log').orderBy('id', 'asc').offset(1).first('id');
      await trx('audit_log').where({ id }).update({ actor_username: 'mallory' });
      const result = await createAuditRepository(trx as unknown as Db).verify();
      assert.equal(result.ok, false);
      assert.equal(result.firstBrokenId, String(id));
      throw new Error('rollback');
    })
    .catch((e: Error) => assert.equal(e.message, 'rollback'));
  assert.equal((await api.call('GET', '/api/v1/audit/verify', { token: auditor })).body.ok, true);
});

test('only auditors and security/audit admins read the trail', async () => {
  for (const u of ['clerk1', 'applicant1', 'designer1', 'admin1']) {
    const token = await api.login(u);
    assert.equal((await api.call('GET', '/api/v1/audit', { token })).status, 403, u);
    assert.equal((await api.call('GET', '/api/v1/audit/verify', { token })).status, 403, u);
  }
  for (const u of ['auditor1', 'auditadmin1', 'secadmin1']) {
    const token = await api.login(u);
    assert.equal((await api.call('GET', '/api/v1/audit', { token })).status, 200, u);
  }
});

test('rejects a bad filter with 400', async () => {
  const r = await api.call('GET', '/api/v1/audit?from=yesterday', { token: auditor });
  assert.equal(r.status, 400);
  assert.ok(r.body.details['query.from']);
});
