import { test } from 'node:test';
import assert from 'node:assert/strict';
import { badgeText } from './count-badge';

test('a menu badge shows the count, nothing for none, and 99+ above 99', () => {
  assert.equal(badgeText(undefined), null);
  assert.equal(badgeText(null), null);
  assert.equal(badgeText(0), null);
  assert.equal(badgeText(-1), null);
  assert.equal(badgeText(7), '7');
  assert.equal(badgeText(99), '99');
  assert.equal(badgeText(100), '99+');
});
