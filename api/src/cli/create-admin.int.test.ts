import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startTestApi, type TestApi } from '../test-support/harness.js';

// The first administrator of an installation without demo data, from the command line.
let api: TestApi;
before(async () => {
  api = await startTestApi();
});
after(() => api.close());

const createAdmin = (args: string[], password: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.resolve('api/src/cli/create-admin.ts'), ...args], {
    env: {
      ...process.env,
      DATABASE_URL: process.env.TEST_DATABASE_URL,
      TONGBAN_ADMIN_PASSWORD: password,
      LOG_LEVEL: 'silent',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });

test('creates a system and security administrator who can log in and manage users', async () => {
  const username = `root_${Date.now()}`;
  const r = createAdmin([username, '根管理员'], 'Root#Admin2026');
  assert.equal(r.status, 0, r.stderr);
  const token = await api.login(username, 'Root#Admin2026');
  const me = await api.call('GET', '/api/v1/auth/me', { token });
  assert.deepEqual(me.body.roles, ['secadmin', 'sysadmin']);
  assert.equal((await api.call('GET', '/api/v1/users', { token })).status, 200);
  const again = createAdmin([username, '根管理员'], 'Root#Admin2026');
  assert.equal(again.status, 1);
  assert.match(again.stderr, /exists already/);
});

test('refuses a weak password, an unknown role and a missing name, and writes nothing', async () => {
  assert.equal(createAdmin(['root_weak', 'x'], 'short').status, 2);
  assert.equal(createAdmin(['root_role', 'x', 'clerk'], 'Root#Admin2026').status, 2);
  assert.equal(createAdmin(['root_noname'], 'Root#Admin2026').status, 2);
  assert.equal(await api.db('users').whereIn('username', ['root_weak', 'root_role', 'root_noname']).first(), undefined);
});
