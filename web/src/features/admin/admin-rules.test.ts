import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canCreateUser, formFieldErrors, userActions } from './admin-rules';

test('sysadmin gets disable and departments only', () => {
  assert.deepEqual(userActions(['sysadmin'], { locked: true }), ['toggleDisabled', 'departments']);
  assert.equal(canCreateUser(['sysadmin']), true);
});

test('secadmin gets roles, unlock (locked rows only) and password reset', () => {
  assert.deepEqual(userActions(['secadmin'], { locked: true }), ['roles', 'unlock', 'resetPassword']);
  assert.deepEqual(userActions(['secadmin'], { locked: false }), ['roles', 'resetPassword']);
  assert.equal(canCreateUser(['secadmin']), false);
});

test('both roles get every button; other roles none', () => {
  assert.deepEqual(userActions(['sysadmin', 'secadmin'], { locked: true }), [
    'toggleDisabled',
    'departments',
    'roles',
    'unlock',
    'resetPassword',
  ]);
  assert.deepEqual(userActions(['auditor', 'clerk'], { locked: true }), []);
  assert.equal(canCreateUser(['auditadmin']), false);
});

test('field errors: prefix stripped, lists joined, unknown fields dropped', () => {
  assert.deepEqual(
    formFieldErrors(
      { 'body.username': 'bad', password: ['short', 'classes'], '(body)': 'x', 'roles.0': 'unknown role' },
      ['username', 'password', 'roles'],
    ),
    { username: 'bad', password: 'short; classes', roles: 'unknown role' },
  );
  assert.deepEqual(formFieldErrors(undefined, ['username']), {});
  assert.deepEqual(formFieldErrors(['x'], ['username']), {});
});
