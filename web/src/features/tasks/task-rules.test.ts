import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canReassign } from './task-rules';

test('a free task or one of mine with actions can be handed over', () => {
  assert.equal(canReassign({ assignee: null, allowedActions: ['accept', 'notAccept'] }, 'clerk1'), true);
  assert.equal(canReassign({ assignee: 'clerk1', allowedActions: ['accept'] }, 'clerk1'), true);
});

test('not a colleague’s task, not one without actions, not a delegated one waiting for my opinion', () => {
  assert.equal(canReassign({ assignee: 'clerk_b', allowedActions: ['accept'] }, 'clerk1'), false);
  assert.equal(canReassign({ assignee: null, allowedActions: [] }, 'clerk1'), false);
  assert.equal(canReassign({ assignee: 'clerk1', allowedActions: ['submit'] }, 'clerk1'), false);
});
