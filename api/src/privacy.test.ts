import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskIdNumber, maskName, maskPhone } from './privacy.js';

test('masks phones as 138****1234', () => {
  assert.equal(maskPhone('13800001234'), '138****1234');
  assert.equal(maskPhone('+86 138-0000-1234'), '138****1234');
  assert.equal(maskPhone(null), null);
});

test('masks ID numbers keeping the region and the last four', () => {
  assert.equal(maskIdNumber('110101199003071234'), '110101********1234');
});

test('masks personal names but not organisation names', () => {
  assert.equal(maskName('张三'), '张*');
  assert.equal(maskName('欧阳小明'), '欧***');
  assert.equal(maskName('石龙区味道餐饮有限公司'), '石龙区味道餐饮有限公司');
});
