import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WORKER_TOKEN, startTestApi, type TestApi } from '../../test-support/harness.js';

let api: TestApi;
before(async () => {
  api = await startTestApi({ WORKER_STALE_SECONDS: '30' });
  await api.db('worker_heartbeats').del();
});
after(() => api.close());

test('reports db and engine up, workers down, and status degraded without a worker', async () => {
  const r = await api.call('GET', '/api/v1/health');
  assert.equal(r.status, 200);
  assert.equal(r.body.db.status, 'up');
  assert.equal(r.body.engine.status, 'up');
  assert.equal(r.body.engine.version, '7.24.0');
  assert.equal(r.body.workers.status, 'down');
  assert.equal(r.body.status, 'degraded');
});

test('a worker heartbeat needs the worker token', async () => {
  const body = { workerId: 'w-test', topics: ['tongban.case.accepted'], host: 'h', pid: 1 };
  assert.equal((await api.call('POST', '/api/v1/internal/workers/heartbeat', { body })).status, 401);
  assert.equal(
    (
      await api.call('POST', '/api/v1/internal/workers/heartbeat', {
        body,
        headers: { 'X-Tongban-Worker-Token': 'wrong-token-wrong-token' },
      })
    ).status,
    401,
  );
});

test('with a live worker the status is ok; a stopping heartbeat takes it out', async () => {
  const headers = { 'X-Tongban-Worker-Token': WORKER_TOKEN };
  const body = { workerId: 'w-test', topics: ['tongban.case.accepted'], host: 'h', pid: 1 };
  assert.equal((await api.call('POST', '/api/v1/internal/workers/heartbeat', { body, headers })).status, 204);
  const up = await api.call('GET', '/api/v1/health');
  assert.equal(up.body.status, 'ok');
  assert.equal(up.body.workers.instances[0].workerId, 'w-test');
  assert.ok(Date.now() - new Date(up.body.workers.lastSeenAt).getTime() < 10_000);
  await api.call('POST', '/api/v1/internal/workers/heartbeat', { body: { ...body, stopping: true }, headers });
  assert.equal((await api.call('GET', '/api/v1/health')).body.workers.status, 'down');
});

test('a worker silent for longer than the stale window counts as down', async () => {
  const headers = { 'X-Tongban-Worker-Token': WORKER_TOKEN };
  await api.call('POST', '/api/v1/internal/workers/heartbeat', { body: { workerId: 'w-old', topics: [] }, headers });
  await api
    .db('worker_heartbeats')
    .where({ worker_id: 'w-old' })
    .update({ last_seen_at: new Date(Date.now() - 60_000) });
  const r = await api.call('GET', '/api/v1/health');
  assert.ok(!r.body.workers.instances.some((w: { workerId: string }) => w.workerId === 'w-old'));
});
