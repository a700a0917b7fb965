import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../../test-support/harness.js';

let api: TestApi;
const tokens: Record<string, string> = {};
const USERS = [
  'applicant1',
  'clerk1',
  'approver1',
  'lead1',
  'designer1',
  'itemadmin1',
  'auditor1',
  'admin1',
  'secadmin1',
  'auditadmin1',
];

before(async () => {
  api = await startTestApi();
  for (const u of USERS) tokens[u] = await api.login(u);
});
after(() => api.close());

/** Role × endpoint: who gets in (2xx) and who is refused (403); nobody gets in anonymously (401). */
const MATRIX: { method: string; path: string; allowed: string[] }[] = [
  { method: 'GET', path: '/api/v1/users', allowed: ['admin1', 'secadmin1'] },
  { method: 'GET', path: '/api/v1/roles', allowed: ['admin1', 'secadmin1'] },
  { method: 'GET', path: '/api/v1/departments', allowed: USERS },
  { method: 'GET', path: '/api/v1/departments/headcount', allowed: ['admin1', 'secadmin1'] },
  { method: 'GET', path: '/api/v1/audit', allowed: ['auditor1', 'secadmin1', 'auditadmin1'] },
  { method: 'GET', path: '/api/v1/audit/verify', allowed: ['auditor1', 'secadmin1', 'auditadmin1'] },
  {
    method: 'GET',
    path: '/api/v1/processes',
    allowed: ['clerk1', 'approver1', 'lead1', 'designer1', 'auditor1', 'admin1'],
  },
];

describe('permissions', () => {
  for (const row of MATRIX) {
    test(`${row.method} ${row.path}: ${row.allowed.length} of ${USERS.length} accounts allowed`, async () => {
      assert.equal((await api.call(row.method, row.path)).status, 401, 'anonymous');
      for (const u of USERS) {
        const r = await api.call(row.method, row.path, { token: tokens[u] });
        if (row.allowed.includes(u)) assert.ok(r.status < 300, `${u} expected 2xx, got ${r.status}`);
        else assert.equal(r.status, 403, `${u} expected 403, got ${r.status}`);
      }
    });
  }
});

describe('overviews', () => {
  test('roles and departments count enabled users: one more after a creation, one fewer after disabling', async () => {
    const read = async () => {
      const roles = await api.call('GET', '/api/v1/roles', { token: tokens.secadmin1 });
      const departments = await api.call('GET', '/api/v1/departments/headcount', { token: tokens.admin1 });
      assert.equal(roles.status, 200, roles.text);
      assert.equal(departments.status, 200, departments.text);
      const approvers = (roles.body as { code: string; users: number }[]).find((r) => r.code === 'approver');
      return { approvers: approvers?.users ?? -1, xf: (departments.body as Record<string, number>)['SLQ-XF'] ?? 0 };
    };
    const before = await read();
    assert.ok(before.approvers >= 1, 'the demo approvers are counted');
    const created = await api.call('POST', '/api/v1/users', {
      token: tokens.admin1,
      body: {
        username: `appr_${Date.now()}`,
        name: '计数',
        password: 'Count#2026x',
        roles: ['approver'],
        departments: ['SLQ-XF'],
      },
    });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(await read(), { approvers: before.approvers + 1, xf: before.xf + 1 });
    const disabled = await api.call('PATCH', `/api/v1/users/${created.body.id}`, {
      token: tokens.admin1,
      body: { disabled: true },
    });
    assert.equal(disabled.status, 200, disabled.text);
    assert.deepEqual(await read(), before);
  });
});

describe('user administration with separated duties', () => {
  test('the system administrator creates a user who can then log in', async () => {
    const username = `clerk_${Date.now()}`;
    const r = await api.call('POST', '/api/v1/users', {
      token: tokens.admin1,
      body: {
        username,
        name: '新窗口',
        password: 'Window#2026',
        roles: ['clerk'],
        departments: ['SLQ-WJW'],
        phone: '13712345678',
      },
    });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.roles, ['clerk']);
    assert.equal(
      (await api.call('POST', '/api/v1/auth/login', { body: { username, password: 'Window#2026' } })).status,
      200,
    );
    const list = await api.call('GET', `/api/v1/users?q=${username}`, { token: tokens.admin1 });
    assert.equal(list.body.items[0].phone, '137****5678', 'phone masked in lists');
  });

  test('a duplicate username is 409 USERNAME_TAKEN; a weak password 422; an unknown department 400', async () => {
    const base = { name: '重复', roles: ['clerk'], departments: ['SLQ-SCJG'] };
    assert.equal(
      (
        await api.call('POST', '/api/v1/users', {
          token: tokens.admin1,
          body: { ...base, username: 'clerk1', password: 'Window#2026' },
        })
      ).body.code,
      'USERNAME_TAKEN',
    );
    assert.equal(
      (
        await api.call('POST', '/api/v1/users', {
          token: tokens.admin1,
          body: { ...base, username: 'weakling', password: 'password' },
        })
      ).status,
      422,
    );
    const dept = await api.call('POST', '/api/v1/users', {
      token: tokens.admin1,
      body: { ...base, username: 'nodept', password: 'Window#2026', departments: ['NOPE'] },
    });
    assert.equal(dept.status, 400);
    assert.equal(await api.db('users').where({ username: 'nodept' }).first(), undefined, 'nothing half-written');
  });

  test('the security administrator changes roles and resets passwords; the system administrator may not', async () => {
    const username = `staff_${Date.now()}`;
    const created = await api.call('POST', '/api/v1/users', {
      token: tokens.admin1,
      body: { username, name: '职员', password: 'Staff#2026a', roles: ['clerk'], departments: ['SLQ-SCJG'] },
    });
    const id = created.body.id;
    assert.equal(
      (await api.call('PATCH', `/api/v1/users/${id}`, { token: tokens.admin1, body: { roles: ['lead'] } })).status,
      403,
    );
    const changed = await api.call('PATCH', `/api/v1/users/${id}`, {
      token: tokens.secadmin1,
      body: { roles: ['approver'], resetPassword: 'Reset#2026b' },
    });
    assert.equal(changed.status, 200, changed.text);
    assert.deepEqual(changed.body.roles, ['approver']);
    assert.equal(
      (await api.call('POST', '/api/v1/auth/login', { body: { username, password: 'Reset#2026b' } })).status,
      200,
    );
    assert.equal(
      (await api.call('PATCH', `/api/v1/users/${id}`, { token: tokens.secadmin1, body: { disabled: true } })).status,
      403,
    );
    const disabled = await api.call('PATCH', `/api/v1/users/${id}`, { token: tokens.admin1, body: { disabled: true } });
    assert.equal(disabled.body.disabled, true);
    assert.equal(
      (await api.call('POST', '/api/v1/auth/login', { body: { username, password: 'Reset#2026b' } })).status,
      401,
    );
  });

  test('nobody changes their own roles', async () => {
    const me = await api.call('GET', '/api/v1/auth/me', { token: tokens.secadmin1 });
    const r = await api.call('PATCH', `/api/v1/users/${me.body.id}`, {
      token: tokens.secadmin1,
      body: { roles: ['secadmin', 'auditor'] },
    });
    assert.equal(r.status, 403);
  });

  test('an unknown user is 404; an empty patch is 400', async () => {
    assert.equal(
      (
        await api.call('PATCH', '/api/v1/users/00000000-0000-4000-8000-000000000000', {
          token: tokens.admin1,
          body: { name: 'x' },
        })
      ).status,
      404,
    );
    assert.equal(
      (
        await api.call('PATCH', '/api/v1/users/00000000-0000-4000-8000-000000000000', {
          token: tokens.admin1,
          body: {},
        })
      ).status,
      400,
    );
  });
});
