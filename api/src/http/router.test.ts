import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import express from 'express';
import { z } from 'zod';
import type { Actor } from './context.js';
import { state } from './context.js';
import { errorHandler } from './error-handler.js';
import { ApiRouter } from './router.js';
import { createLogger } from '../logger.js';

// The department-scope rule of the one access middleware, on a real HTTP server.
const actors: Record<string, Actor> = {
  clerkA: {
    id: '1',
    username: 'clerkA',
    name: 'A',
    kind: 'staff',
    roles: ['clerk'],
    departments: [{ code: 'A', name: 'A' }],
    sessionId: 's',
    passwordExpired: false,
  },
  auditor: {
    id: '2',
    username: 'aud',
    name: 'B',
    kind: 'staff',
    roles: ['auditor'],
    departments: [{ code: 'Z', name: 'Z' }],
    sessionId: 's',
    passwordExpired: false,
  },
};
let url: string;
let server: http.Server;

before(async () => {
  const router = new ApiRouter({ verify: (t) => t === 'worker-secret' });
  router.add({
    method: 'get',
    path: '/cases/:dept',
    summary: 't',
    tags: ['t'],
    access: { kind: 'roles', roles: ['clerk', 'auditor'] },
    params: z.object({ dept: z.string() }),
    department: async ({ params }) => params.dept,
    success: { status: 200, description: 'ok' },
    handler: async ({ scope }) => ({ scope }),
  });
  router.add({
    method: 'post',
    path: '/internal',
    summary: 't',
    tags: ['t'],
    access: { kind: 'worker' },
    success: { status: 204, description: 'ok' },
    handler: async () => undefined,
  });
  const app = express();
  app.use((req, _res, next) => {
    const who = req.get('x-as');
    if (who) state(req).actor = actors[who];
    next();
  });
  router.mount(app);
  app.use(errorHandler(createLogger('silent')));
  server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const get = (path: string, as?: string) => fetch(url + path, { headers: as ? { 'x-as': as } : {} });

test('a department-scoped role may act in its own department and gets its scope', async () => {
  const r = await get('/cases/A', 'clerkA');
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { scope: ['A'] });
});

test('a department-scoped role is refused in another department with 403', async () => {
  const r = await get('/cases/B', 'clerkA');
  assert.equal(r.status, 403);
  assert.equal(((await r.json()) as { code: string }).code, 'FORBIDDEN');
});

test('a cross-department role (auditor) is not limited', async () => {
  const r = await get('/cases/B', 'auditor');
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { scope: null });
});

test('anonymous callers get 401', async () => {
  assert.equal((await get('/cases/A')).status, 401);
});

test('worker routes need the worker token', async () => {
  assert.equal((await fetch(url + '/internal', { method: 'POST' })).status, 401);
  assert.equal(
    (await fetch(url + '/internal', { method: 'POST', headers: { 'x-tongban-worker-token': 'worker-secret' } })).status,
    204,
  );
});
