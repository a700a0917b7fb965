import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelayMs } from './dispatcher.js';
import { maskEmail } from './mask.js';

test('retries back off exponentially from 5 s and never wait more than an hour', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((n) => backoffDelayMs(n)),
    [5_000, 10_000, 20_000, 40_000, 80_000],
  );
  assert.equal(backoffDelayMs(10), 2_560_000);
  assert.equal(backoffDelayMs(11), 3_600_000);
  assert.equal(backoffDelayMs(50), 3_600_000);
});

test('an e-mail address is masked to its first character and domain', () => {
  assert.equal(maskEmail('zhangsan@example.com'), 'z***@example.com');
  assert.equal(maskEmail('a@b.cn'), 'a***@b.cn');
  assert.equal(maskEmail('not-an-address'), '***');
  assert.equal(maskEmail(null), null);
});
