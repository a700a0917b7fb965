import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor } from '../../http/context.js';
import { allowedActions, canSeeCase } from './case-support.js';

const actor = (roles: string[], departments = ['D1'], username = 'u1'): Actor =>
  ({
    id: username,
    username,
    name: username,
    kind: 'staff',
    roles,
    departments: departments.map((code) => ({ code, name: code })),
    sessionId: 's',
    passwordExpired: false,
  }) as Actor;
const task = (
  activity_id: string,
  extra: Partial<{ assignee: string | null; delegation_state: string | null; owner: string | null }> = {},
) => ({
  activity_id,
  assignee: null,
  delegation_state: null,
  owner: null,
  ...extra,
});

test('a clerk at acceptance may accept, not accept or ask for corrections; accept-and-decide only for instant items', () => {
  assert.deepEqual(allowedActions(task('acceptance'), actor(['clerk']), false), [
    'accept',
    'notAccept',
    'requestCorrection',
  ]);
  assert.deepEqual(allowedActions(task('acceptance'), actor(['clerk']), true), [
    'accept',
    'notAccept',
    'requestCorrection',
    'acceptAndDecide',
  ]);
});

test('only a lead may void; an approver has no action at the decision step', () => {
  assert.ok(!allowedActions(task('review'), actor(['approver']), false).includes('void'));
  assert.ok(allowedActions(task('review'), actor(['approver', 'lead']), false).includes('void'));
  assert.deepEqual(allowedActions(task('decision'), actor(['approver']), false), []);
  assert.deepEqual(allowedActions(task('decision'), actor(['lead']), false), [
    'approve',
    'refuse',
    'return',
    'startSpecialProcedure',
    'void',
  ]);
});

test('a delegated task offers its delegate only "submit" (send back), its owner nothing', () => {
  const delegated = task('review', { assignee: 'helper', owner: 'u1', delegation_state: 'PENDING' });
  assert.deepEqual(allowedActions(delegated, actor(['approver'], ['D1'], 'helper'), false), ['submit']);
  assert.deepEqual(allowedActions(delegated, actor(['approver'], ['D1'], 'u1'), false), []);
});

test('staff see the cases of their departments; auditors see all; applicants only their own', () => {
  const c = { department_code: 'D1', applicant_id: 'app' };
  assert.equal(canSeeCase(actor(['clerk'], ['D1']), c), true);
  assert.equal(canSeeCase(actor(['clerk'], ['D2']), c), false);
  assert.equal(canSeeCase(actor(['auditor'], ['D9']), c), true);
  assert.equal(canSeeCase({ ...actor(['applicant'], [], 'app'), kind: 'person', id: 'app' }, c), true);
  assert.equal(canSeeCase({ ...actor(['applicant'], [], 'other'), kind: 'person', id: 'other' }, c), false);
});
