import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startTestApi, type TestApi } from '../../test-support/harness.js';

const FOOD = '11410404MB0000001X4000111001001';
const fixture = fs.readFileSync(path.resolve('api/src/modules/processes/fixtures/mini.bpmn'), 'utf8');

let api: TestApi;
let itemAdmin: string;
let designer: string;
/** A throw-away copy of a demo item, so other tests keep the seeded binding. */
let itemCode: string;

before(async () => {
  api = await startTestApi();
  itemAdmin = await api.login('itemadmin1');
  designer = await api.login('designer1');
  const row = (await api.db('service_items').where({ code: FOOD }).first()) as Record<string, unknown>;
  itemCode = `T${Date.now()}`.slice(0, 31);
  const { guide, materials, form, ...rest } = row;
  await api.db('service_items').insert({
    ...rest,
    code: itemCode,
    guide: JSON.stringify(guide),
    materials: JSON.stringify(materials),
    form: JSON.stringify(form),
  });
});
after(async () => {
  await api.db('service_items').where({ code: itemCode }).delete();
  await api.close();
});

test('an item manager binds an item to a deployed process; the guide shows it and the change is audited', async () => {
  const key = `test-item-${Date.now()}`;
  const deployed = await api.call('POST', '/api/v1/processes', {
    token: designer,
    body: {
      xml: fixture.replaceAll('KEY', key).replaceAll('TOPIC', 'tongban.case.completed').replaceAll('NAME', '测试'),
    },
  });
  assert.equal(deployed.status, 201, deployed.text);

  const r = await api.call('PATCH', `/api/v1/items/${itemCode}`, { token: itemAdmin, body: { processKey: key } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { code: itemCode, processKey: key });
  const guide = await api.call('GET', `/api/v1/items/${itemCode}`);
  assert.equal(guide.body.processKey, key);

  const audit = await api
    .db('audit_log')
    .where({ type: 'item.process', target: itemCode })
    .orderBy('id', 'desc')
    .first();
  assert.ok(audit, 'audited');
  assert.equal(audit.actor_username, 'itemadmin1');
  assert.equal(audit.success, true);
  assert.deepEqual(audit.detail.to, key);
  assert.equal(audit.detail.from, 'general-approval');
});

test('a process key that is not deployed is refused with DOMAIN_RULE and nothing changes', async () => {
  const before = (await api.call('GET', `/api/v1/items/${itemCode}`)).body.processKey;
  const r = await api.call('PATCH', `/api/v1/items/${itemCode}`, {
    token: itemAdmin,
    body: { processKey: 'no-such-process-anywhere' },
  });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.code, 'DOMAIN_RULE');
  assert.equal((await api.call('GET', `/api/v1/items/${itemCode}`)).body.processKey, before);
});

test('a malformed key or an extra field is a validation error; an unknown item is not found', async () => {
  for (const body of [{ processKey: 'has space' }, { processKey: '' }, {}, { processKey: 'general-approval', x: 1 }]) {
    const r = await api.call('PATCH', `/api/v1/items/${itemCode}`, { token: itemAdmin, body });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.code, 'VALIDATION_FAILED');
  }
  const missing = await api.call('PATCH', '/api/v1/items/NO-SUCH-ITEM', {
    token: itemAdmin,
    body: { processKey: 'general-approval' },
  });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.code, 'NOT_FOUND');
});

test('only item managers may bind: anonymous 401, a designer or a clerk 403', async () => {
  const anonymous = await api.call('PATCH', `/api/v1/items/${itemCode}`, { body: { processKey: 'general-approval' } });
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.body.code, 'UNAUTHENTICATED');
  for (const token of [designer, await api.login('clerk1')]) {
    const r = await api.call('PATCH', `/api/v1/items/${itemCode}`, { token, body: { processKey: 'general-approval' } });
    assert.equal(r.status, 403);
    assert.equal(r.body.code, 'FORBIDDEN');
  }
});
