import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskForPublic, maskIdNumber, maskName, maskPhone } from './privacy.js';

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

test('an anonymous answer shows a person by the first character only, a company by its name', () => {
  assert.equal(maskForPublic('张三', 'person'), '张*');
  assert.equal(maskForPublic('阿依古丽·买买提', 'person'), '阿*******');
  assert.equal(maskForPublic('张', 'person'), '张*');
  assert.equal(maskForPublic('石龙区味道餐饮有限公司', 'legal'), '石龙区味道餐饮有限公司');
  assert.equal(maskForPublic('', 'person'), null);
});
