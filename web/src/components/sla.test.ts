import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, formatDateTime, slaColor } from './sla';

test('maps each time-limit level to its card colour, and no clock to none', () => {
  assert.equal(slaColor('green'), 'success');
  assert.equal(slaColor('yellow'), 'warning');
  assert.equal(slaColor('red'), 'error');
  assert.equal(slaColor(null), null);
  assert.equal(slaColor('purple'), null);
});

test('formats times in Beijing time', () => {
  assert.equal(formatDateTime('2026-11-27T16:30:00.000Z'), '2026-11-28 00:30');
  assert.equal(formatDate('2026-11-27T16:30:00.000Z'), '2026-11-28');
  assert.equal(formatDateTime(null), '—');
  assert.equal(formatDate('not a date'), '—');
});
