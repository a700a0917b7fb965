import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zhCN } from '../../i18n/messages';
import { HISTORY_TYPES, historyTitleKey } from './history';

test('every known history type has a Chinese title', () => {
  for (const type of HISTORY_TYPES) assert.ok(Object.hasOwn(zhCN, `history.${type}`), type);
});

test('titles: engine names itself, task.<action> is the action, unknown types stay raw', () => {
  assert.equal(historyTitleKey({ source: 'engine', type: 'userTask' }), null);
  assert.equal(historyTitleKey({ source: 'event', type: 'correction_requested' }), 'history.correction_requested');
  assert.equal(historyTitleKey({ source: 'audit', type: 'task.accept' }), 'action.accept');
  assert.equal(historyTitleKey({ source: 'audit', type: 'task.claim' }), 'history.task.claim');
  assert.equal(historyTitleKey({ source: 'audit', type: 'something.else' }), null);
});
