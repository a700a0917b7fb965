import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor } from '../../http/context.js';
import { allowedActions, canSeeCase, fromCandidateGroups } from './case-support.js';

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
  extra: Partial<{
    assignee: string | null;
    delegation_state: string | null;
    owner: string | null;
    candidate_roles: string[];
  }> = {},
) => ({
  activity_id,
  assignee: null,
  delegation_state: null,
  owner: null,
  candidate_roles: [] as string[],
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

test('a step a designer added is worked by the roles of its candidate groups: 通过, and void for a lead', () => {
  const designed = task('preCheck', { candidate_roles: ['clerk'] });
  assert.deepEqual(allowedActions(designed, actor(['clerk']), false), ['approve']);
  assert.deepEqual(allowedActions(designed, actor(['approver']), false), []);
  assert.deepEqual(allowedActions(designed, actor(['clerk', 'lead']), false), ['approve', 'void']);
  assert.deepEqual(allowedActions(task('preCheck'), actor(['clerk']), false), [], 'no candidate groups: nobody');
});

test("candidate groups <role>:<department> give the roles and the department, the case's first", () => {
  assert.deepEqual(fromCandidateGroups(['clerk:D2', 'approver:D1'], 'D1'), {
    roles: ['clerk', 'approver'],
    department: 'D1',
  });
  assert.deepEqual(fromCandidateGroups(['clerk:D2'], 'D1'), { roles: ['clerk'], department: 'D2' });
  assert.deepEqual(fromCandidateGroups(['clerk'], 'D1'), { roles: ['clerk'], department: null });
  assert.deepEqual(fromCandidateGroups([], 'D1'), { roles: [], department: null });
});
