import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestUser, startTestApi, type TestApi } from '../../test-support/harness.js';

let api: TestApi;
before(async () => {
  api = await startTestApi();
});
after(() => api.close());

describe('login', () => {
  test('returns a token and the user with roles and departments', async () => {
    const r = await api.call('POST', '/api/v1/auth/login', { body: { username: 'clerk1', password: 'Tongban@2026' } });
    assert.equal(r.status, 200);
    assert.match(r.body.token, /^[A-Za-z0-9_-]{40,}$/);
    assert.equal(r.body.user.username, 'clerk1');
    assert.equal(r.body.user.kind, 'staff');
    assert.deepEqual(r.body.user.roles, ['clerk']);
    assert.deepEqual(r.body.user.departments, [{ code: 'SLQ-SCJG', name: '石龙区市场监督管理局' }]);
    assert.equal(r.body.passwordExpired, false);
  });

  test('every demo account can log in', async () => {
    for (const u of [
      'applicant1',
      'applicant2',
      'legal1',
      'clerk1',
      'approver1',
      'approver2',
      'lead1',
      'designer1',
      'itemadmin1',
      'auditor1',
      'admin1',
    ]) {
      const r = await api.call('POST', '/api/v1/auth/login', { body: { username: u, password: 'Tongban@2026' } });
      assert.equal(r.status, 200, u);
    }
  });

  test('answers 401 UNAUTHENTICATED for a wrong password and for an unknown user, with the same message', async () => {
    const wrong = await api.call('POST', '/api/v1/auth/login', {
      body: { username: 'clerk1', password: 'Wrong@Pass1' },
    });
    const unknown = await api.call('POST', '/api/v1/auth/login', {
      body: { username: 'nobody_here', password: 'Wrong@Pass1' },
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.code, 'UNAUTHENTICATED');
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.message, wrong.body.message);
    await api.login('clerk1'); // resets the failure count
  });

  test('locks the account after 5 failures: the sixth attempt gets 423 even with the right password', async () => {
    const u = await createTestUser(api, { roles: ['clerk'], departments: ['SLQ-SCJG'] });
    for (let i = 1; i <= 5; i++) {
      const r = await api.call('POST', '/api/v1/auth/login', {
        body: { username: u.username, password: 'Wrong@Pass1' },
      });
      assert.equal(r.status, 401, `attempt ${i}`);
    }
    const sixth = await api.call('POST', '/api/v1/auth/login', {
      body: { username: u.username, password: u.password },
    });
    assert.equal(sixth.status, 423);
    assert.equal(sixth.body.code, 'ACCOUNT_LOCKED');
    const lockedUntil = new Date(sixth.body.details.lockedUntil).getTime();
    assert.ok(
      lockedUntil > Date.now() + 29 * 60_000 && lockedUntil < Date.now() + 31 * 60_000,
      'locked for 30 minutes',
    );
  });

  test('a lock that has expired lets the user in and clears the failure count', async () => {
    const u = await createTestUser(api, { roles: ['clerk'] });
    await api
      .db('users')
      .where({ id: u.id })
      .update({ failed_logins: 5, locked_until: new Date(Date.now() - 1000) });
    const r = await api.call('POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } });
    assert.equal(r.status, 200);
    const row = await api.db('users').where({ id: u.id }).first('failed_logins', 'locked_until');
    assert.equal(row.failed_logins, 0);
    assert.equal(row.locked_until, null);
  });

  test('a disabled account cannot log in', async () => {
    const u = await createTestUser(api, { roles: ['clerk'] });
    await api.db('users').where({ id: u.id }).update({ disabled: true });
    const r = await api.call('POST', '/api/v1/auth/login', { body: { username: u.username, password: u.password } });
    assert.equal(r.status, 401);
  });

  test('rejects malformed JSON with 400 VALIDATION_FAILED', async () => {
    const r = await api.call('POST', '/api/v1/auth/login', { rawBody: '{"username": "clerk1", ' });
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'VALIDATION_FAILED');
  });

  test('rejects a body without a password with 400 naming the field', async () => {
    const r = await api.call('POST', '/api/v1/auth/login', { body: { username: 'clerk1' } });
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'VALIDATION_FAILED');
    assert.ok(r.body.details.password);
  });
});

describe('sessions', () => {
  test('me returns the user; logout ends the session', async () => {
    const token = await api.login('approver1');
    const me = await api.call('GET', '/api/v1/auth/me', { token });
    assert.equal(me.status, 200);
    assert.equal(me.body.username, 'approver1');
    const out = await api.call('POST', '/api/v1/auth/logout', { token });
    assert.equal(out.status, 204);
    const again = await api.call('GET', '/api/v1/auth/me', { token });
    assert.equal(again.status, 401);
    assert.equal(again.body.code, 'UNAUTHENTICATED');
  });

  test('a session idle for more than 30 minutes is refused', async () => {
    const token = await api.login('approver2');
    const { hashToken } = await import('./auth.service.js');
    await api
      .db('sessions')
      .where({ token_hash: hashToken(token) })
      .update({ last_seen_at: new Date(Date.now() - 31 * 60_000) });
    const r = await api.call('GET', '/api/v1/auth/me', { token });
    assert.equal(r.status, 401);
  });

  test('a session used within the idle window stays valid', async () => {
    const token = await api.login('approver2');
    const { hashToken } = await import('./auth.service.js');
    await api
      .db('sessions')
      .where({ token_hash: hashToken(token) })
      .update({ last_seen_at: new Date(Date.now() - 29 * 60_000) });
    assert.equal((await api.call('GET', '/api/v1/auth/me', { token })).status, 200);
    const row = await api
      .db('sessions')
      .where({ token_hash: hashToken(token) })
      .first('last_seen_at');
    assert.ok(new Date(row.last_seen_at).getTime() > Date.now() - 60_000, 'the idle timer was refreshed');
  });

  test('a forged token is treated as anonymous', async () => {
    const r = await api.call('GET', '/api/v1/auth/me', { token: 'A'.repeat(43) });
    assert.equal(r.status, 401);
  });
});

describe('password policy and expiry', () => {
  test('a new password must follow the policy (422 PASSWORD_POLICY)', async () => {
    const u = await createTestUser(api, { roles: ['clerk'] });
    const token = await api.login(u.username, u.password);
    for (const bad of ['short1A', 'alllowercase1', 'NoDigitsOrSymbols', `${u.username}A1!`]) {
      const r = await api.call('POST', '/api/v1/auth/password', {
        token,
        body: { currentPassword: u.password, newPassword: bad },
      });
      assert.equal(r.status, 422, bad);
      assert.equal(r.body.code, 'PASSWORD_POLICY');
    }
    const ok = await api.call('POST', '/api/v1/auth/password', {
      token,
      body: { currentPassword: u.password, newPassword: 'Better#Pass2026' },
    });
    assert.equal(ok.status, 204);
    assert.equal(
      (await api.call('POST', '/api/v1/auth/login', { body: { username: u.username, password: 'Better#Pass2026' } }))
        .status,
      200,
    );
  });

  test('a wrong current password is refused', async () => {
    const u = await createTestUser(api, { roles: ['clerk'] });
    const token = await api.login(u.username, u.password);
    const r = await api.call('POST', '/api/v1/auth/password', {
      token,
      body: { currentPassword: 'Nope@1234', newPassword: 'Better#Pass2026' },
    });
    assert.equal(r.status, 400);
  });

  test('after 90 days the password must be changed before anything else (403 PASSWORD_EXPIRED)', async () => {
    const u = await createTestUser(api, { roles: ['auditor'] });
    await api
      .db('users')
      .where({ id: u.id })
      .update({ password_changed_at: new Date(Date.now() - 91 * 86_400_000) });
    const login = await api.call('POST', '/api/v1/auth/login', {
      body: { username: u.username, password: u.password },
    });
    assert.equal(login.status, 200);
    assert.equal(login.body.passwordExpired, true);
    const token = login.body.token as string;
    const blocked = await api.call('GET', '/api/v1/audit/verify', { token });
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.code, 'PASSWORD_EXPIRED');
    assert.equal(
      (
        await api.call('POST', '/api/v1/auth/password', {
          token,
          body: { currentPassword: u.password, newPassword: 'Fresh#Pass2026' },
        })
      ).status,
      204,
    );
    assert.equal((await api.call('GET', '/api/v1/audit/verify', { token })).status, 200);
  });
});

describe('errors', () => {
  test('an unknown API route answers 404 in the JSON error format', async () => {
    const r = await api.call('GET', '/api/v1/no-such-thing');
    assert.equal(r.status, 404);
    assert.equal(r.body.code, 'NOT_FOUND');
    assert.match(r.headers.get('content-type') ?? '', /application\/json/);
  });

  test('a staff endpoint without a token answers 401, with the wrong role 403', async () => {
    const anon = await api.call('GET', '/api/v1/users');
    assert.equal(anon.status, 401);
    assert.equal(anon.body.code, 'UNAUTHENTICATED');
    const clerk = await api.login('clerk1');
    const wrong = await api.call('GET', '/api/v1/users', { token: clerk });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.body.code, 'FORBIDDEN');
  });

  test('every response carries a request id', async () => {
    const r = await api.call('GET', '/api/v1/health');
    assert.match(r.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });
});
