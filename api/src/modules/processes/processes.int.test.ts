import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startTestApi, type TestApi } from '../../test-support/harness.js';

let api: TestApi;
let designer: string;
const general = fs.readFileSync(path.resolve('processes/general-approval/general-approval.bpmn'), 'utf8');

const fixture = fs.readFileSync(path.resolve('api/src/modules/processes/fixtures/mini.bpmn'), 'utf8');

/** A small valid diagram (with DI, as the designer produces) under a unique key. */
function miniProcess(key: string, topic = 'tongban.case.completed', name = '测试流程') {
  return fixture.replaceAll('KEY', key).replaceAll('TOPIC', topic).replaceAll('NAME', name);
}

before(async () => {
  api = await startTestApi();
  designer = await api.login('designer1');
});
after(() => api.close());

test('the general approval flow is deployed at start-up and recorded with who and when', async () => {
  const r = await api.call('GET', '/api/v1/processes', { token: designer });
  assert.equal(r.status, 200);
  const ga = r.body.find((p: { key: string }) => p.key === 'general-approval');
  assert.ok(ga, 'general-approval listed');
  assert.equal(ga.name, '通用审批');
  const v = ga.versions.find((x: { version: number }) => x.version === ga.latestVersion);
  assert.ok(v.deployedBy, 'deployedBy recorded');
  assert.ok(v.deployedAt, 'deployedAt recorded');
  assert.ok(['startup', 'cli'].includes(v.source), v.source);
});

test('deploying unchanged files again creates no new version', async () => {
  const before = (await api.call('GET', '/api/v1/processes/general-approval/xml', { token: designer })).body.version;
  const results = await api.app.processes.deployAll(api.config.processes.dir, { username: 'system', source: 'cli' });
  const ga = results.find((r) => r.key === 'general-approval');
  assert.equal(ga?.created, false);
  assert.equal(ga?.version, before);
});

test('a designer deploys a new diagram; the same XML again keeps the version; a change makes the next', async () => {
  const key = `test-mini-${Date.now()}`;
  const first = await api.call('POST', '/api/v1/processes', {
    token: designer,
    body: { xml: miniProcess(key), comment: '第一版' },
  });
  assert.equal(first.status, 201, first.text);
  assert.deepEqual(first.body, { key, version: 1, created: true });
  const same = await api.call('POST', '/api/v1/processes', { token: designer, body: { xml: miniProcess(key) } });
  assert.deepEqual(same.body, { key, version: 1, created: false });
  const changed = await api.call('POST', '/api/v1/processes', {
    token: designer,
    body: { xml: miniProcess(key, undefined, '测试流程二') },
  });
  assert.deepEqual(changed.body, { key, version: 2, created: true });
  const list = await api.call('GET', '/api/v1/processes', { token: designer });
  const p = list.body.find((x: { key: string }) => x.key === key);
  assert.equal(p.versions[0].deployedBy, 'designer1');
  assert.equal(p.versions[0].source, 'designer');
  assert.equal(p.versions[0].comment, '第一版');
  const v1 = await api.call('GET', `/api/v1/processes/${key}/xml?version=1`, { token: designer });
  assert.match(v1.body.xml, /测试流程"/);
});

test('422 PROCESS_INVALID names the element with an unknown worker topic', async () => {
  const r = await api.call('POST', '/api/v1/processes', {
    token: designer,
    body: { xml: miniProcess('test-bad-topic', 'no.such.topic') },
  });
  assert.equal(r.status, 422);
  assert.equal(r.body.code, 'PROCESS_INVALID');
  assert.ok(
    r.body.details.some(
      (d: { elementId: string; message: string }) => d.elementId === 'notify' && /unknown worker topic/.test(d.message),
    ),
  );
});

test('422 for a user task without candidate groups and for a missing history time-to-live', async () => {
  const xml = miniProcess('test-no-groups')
    .replace(' camunda:candidateGroups="approver:${departmentCode}"', '')
    .replace(' camunda:historyTimeToLive="P30D"', '');
  const r = await api.call('POST', '/api/v1/processes', { token: designer, body: { xml } });
  assert.equal(r.status, 422);
  const ids = r.body.details.map((d: { elementId: string }) => d.elementId);
  assert.ok(ids.includes('review'));
  assert.ok(ids.includes('test-no-groups'));
});

test('422 for a document that is not BPMN, and bpmnlint errors are reported', async () => {
  const r = await api.call('POST', '/api/v1/processes', {
    token: designer,
    body: { xml: '<not-bpmn>hello world, this is not a diagram</not-bpmn>' },
  });
  assert.equal(r.status, 422);
  const dangling = miniProcess('test-dangling')
    .replace('<bpmn:incoming>f3</bpmn:incoming>', '')
    .replace('<bpmn:sequenceFlow id="f3" sourceRef="notify" targetRef="end" />', '');
  const r2 = await api.call('POST', '/api/v1/processes', { token: designer, body: { xml: dangling } });
  assert.equal(r2.status, 422);
  assert.ok(r2.body.details.length > 0);
});

test('only designers deploy; unknown process answers 404', async () => {
  const clerk = await api.login('clerk1');
  assert.equal(
    (await api.call('POST', '/api/v1/processes', { token: clerk, body: { xml: miniProcess('test-x') } })).status,
    403,
  );
  assert.equal((await api.call('GET', '/api/v1/processes', { token: await api.login('applicant1') })).status, 403);
  assert.equal((await api.call('GET', '/api/v1/processes/no-such-process/xml', { token: designer })).status, 404);
});

test('the committed general flow passes the linter', async () => {
  const { lintBpmn } = await import('./process-lint.js');
  assert.deepEqual((await lintBpmn(general)).problems, []);
});
