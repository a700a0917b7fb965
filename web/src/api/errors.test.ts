import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, describeError, fieldErrors, networkError, parseApiError } from './errors';
import { createTranslator } from '../i18n/translate';
import { MESSAGES } from '../i18n/messages';

const t = createTranslator(MESSAGES, 'en');

test('reads the documented error body: code, message and details', () => {
  const error = parseApiError(
    423,
    JSON.stringify({ code: 'ACCOUNT_LOCKED', message: '账号已锁定，请 30 分钟后再试', details: { until: 'x' } }),
  );
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 423);
  assert.equal(error.code, 'ACCOUNT_LOCKED');
  assert.equal(error.message, '账号已锁定，请 30 分钟后再试');
  assert.deepEqual(error.details, { until: 'x' });
  assert.equal(error.fromServer, true);
});

test('derives the code from the status when the body is not the API error shape', () => {
  const html = parseApiError(502, '<html>Bad Gateway</html>');
  assert.equal(html.code, 'INTERNAL');
  assert.equal(html.fromServer, false);
  assert.equal(parseApiError(401, '').code, 'UNAUTHENTICATED');
  assert.equal(parseApiError(409, '{"error":"x"}').code, 'CONFLICT');
});

test('keeps a code the API added after this console was built', () => {
  assert.equal(parseApiError(409, '{"code":"SLOT_TAKEN","message":"已被预约"}').code, 'SLOT_TAKEN');
});

test('maps VALIDATION_FAILED details to field messages and ignores other errors', () => {
  const error = parseApiError(
    400,
    JSON.stringify({
      code: 'VALIDATION_FAILED',
      message: '参数校验失败',
      details: { username: '必填', password: ['太短', '需包含数字'], nested: { a: 1 } },
    }),
  );
  assert.deepEqual(fieldErrors(error), { username: '必填', password: '太短; 需包含数字' });
  assert.deepEqual(fieldErrors(parseApiError(404, '{"code":"NOT_FOUND","message":"x","details":{"a":"b"}}')), {});
});

test('describes an error with the API message when the API sent one', () => {
  const error = parseApiError(401, '{"code":"UNAUTHENTICATED","message":"用户名或密码错误"}');
  assert.equal(describeError(error, t), '用户名或密码错误');
});

test('describes errors without a server message in the user language', () => {
  assert.equal(describeError(networkError(new TypeError('fetch failed')), t), MESSAGES.en['error.network']);
  assert.equal(describeError(parseApiError(504, ''), t), 'The request failed (HTTP 504). Please try again later.');
  assert.equal(describeError(new Error('bug'), t), MESSAGES.en['error.unexpected']);
});
