import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, buildUrl, configureClient } from './client';
import { ApiError } from './errors';
import { tokenStore } from './token';

interface Call {
  url: string;
  init: RequestInit;
}

const realFetch = globalThis.fetch;
let calls: Call[];
let notified: ApiError[];
let unauthenticated: number;
let restoreHooks: () => void;

function answer(status: number, body: unknown): void {
  globalThis.fetch = async (url, init) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  };
}

beforeEach(() => {
  calls = [];
  notified = [];
  unauthenticated = 0;
  tokenStore.clear();
  restoreHooks = configureClient({
    notifyError: (error) => notified.push(error),
    onUnauthenticated: () => {
      unauthenticated += 1;
    },
  });
});

afterEach(() => {
  globalThis.fetch = realFetch;
  restoreHooks();
});

test('builds API URLs under /api/v1 and leaves out empty query values', () => {
  assert.equal(buildUrl('/tasks', { view: 'todo', q: '', sla: undefined, page: 2 }), '/api/v1/tasks?view=todo&page=2');
  assert.equal(buildUrl('auth/me'), '/api/v1/auth/me');
});

test('sends JSON with the bearer token and returns the parsed body', async () => {
  tokenStore.set('t-1');
  answer(200, { id: 'u1' });
  const body = await api.post<{ id: string }>('/things', { a: 1 });
  assert.deepEqual(body, { id: 'u1' });
  const headers = calls[0]?.init.headers as Record<string, string>;
  assert.equal(headers.Authorization, 'Bearer t-1');
  assert.equal(headers['Content-Type'], 'application/json');
  assert.equal(calls[0]?.init.body, '{"a":1}');
});

test('does not send the token when auth is false', async () => {
  tokenStore.set('t-1');
  answer(200, {});
  await api.post('/auth/login', { username: 'a', password: 'b' }, { auth: false });
  assert.equal((calls[0]?.init.headers as Record<string, string>).Authorization, undefined);
});

test('resolves undefined for 204 No Content', async () => {
  answer(204, undefined);
  assert.equal(await api.post('/auth/logout'), undefined);
});

test('throws a typed ApiError and shows it once when the caller does not handle it', async () => {
  answer(409, { code: 'TASK_ALREADY_CLAIMED', message: '任务已被他人签收' });
  await assert.rejects(api.post('/tasks/1/claim'), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'TASK_ALREADY_CLAIMED');
    return true;
  });
  assert.equal(notified.length, 1);
});

test('does not show the error when the caller handles it (silent)', async () => {
  answer(423, { code: 'ACCOUNT_LOCKED', message: '账号已锁定' });
  await assert.rejects(api.post('/auth/login', {}, { auth: false, silent: true }), ApiError);
  assert.equal(notified.length, 0);
});

test('clears the session and leaves for login when the token is refused with 401', async () => {
  tokenStore.set('expired');
  answer(401, { code: 'UNAUTHENTICATED', message: '登录已过期' });
  await assert.rejects(api.get('/tasks'), ApiError);
  assert.equal(tokenStore.get(), null);
  assert.equal(unauthenticated, 1);
});

test('a 401 without a token (wrong password at sign-in) does not end any session', async () => {
  answer(401, { code: 'UNAUTHENTICATED', message: '用户名或密码错误' });
  await assert.rejects(api.post('/auth/login', {}, { auth: false, silent: true }), ApiError);
  assert.equal(unauthenticated, 0);
});

test('turns a failed connection into a NETWORK_ERROR ApiError', async () => {
  globalThis.fetch = async () => {
    throw new TypeError('fetch failed');
  };
  await assert.rejects(api.get('/health'), (error: unknown) => error instanceof ApiError && error.status === 0);
  assert.equal(notified[0]?.code, 'NETWORK_ERROR');
});
