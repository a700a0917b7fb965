import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApi, type TestApi } from '../test-support/harness.js';

let api: TestApi;
before(async () => {
  api = await startTestApi();
});
after(() => api.close());

test('the OpenAPI document lists exactly the routes the API serves', async () => {
  const r = await api.call('GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.equal(r.body.openapi, '3.0.3');
  const documented = new Set<string>();
  for (const [p, ops] of Object.entries(r.body.paths as Record<string, Record<string, unknown>>)) {
    for (const m of Object.keys(ops)) documented.add(`${m} ${p}`);
  }
  const served = new Set(
    api.app.router.list().map((x) => `${x.method} ${x.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`),
  );
  assert.deepEqual([...documented].sort(), [...served].sort());
  for (const must of [
    'get /api/v1/health',
    'post /api/v1/auth/login',
    'get /api/v1/calendar/due-date',
    'get /api/v1/audit/verify',
    'post /api/v1/processes',
  ]) {
    assert.ok(served.has(must), must);
  }
});

test('request schemas are documented from the validating zod schemas', async () => {
  const doc = (await api.call('GET', '/api/v1/openapi.json')).body;
  const login = doc.paths['/api/v1/auth/login'].post;
  const schema = login.requestBody.content['application/json'].schema;
  assert.deepEqual(schema.required.sort(), ['password', 'username']);
  assert.ok(login.responses['401']);
  const due = doc.paths['/api/v1/calendar/due-date'].get;
  assert.deepEqual(due.parameters.map((p: { name: string }) => p.name).sort(), ['from', 'workingDays']);
});

test('the browsable docs UI is served', async () => {
  const r = await api.call('GET', '/api/docs');
  assert.equal(r.status, 200);
  assert.match(r.text, /swagger-ui/);
  const js = await fetch(`${api.url}/api/docs/swagger-ui-bundle.js`);
  assert.equal(js.status, 200);
});
