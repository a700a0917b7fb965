import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildActionBody } from './action-body';

test('a plain action sends only the trimmed opinion, and nothing when it is empty', () => {
  assert.deepEqual(buildActionBody('accept', { opinion: '  材料齐全 ' }), { opinion: '材料齐全' });
  assert.deepEqual(buildActionBody('approve', { opinion: '   ' }), {});
});

test('requestCorrection sends the ticked materials with their reasons', () => {
  const body = buildActionBody('requestCorrection', {
    corrections: {
      M01: { checked: true, reason: ' 缺少签字 ' },
      M02: { checked: false, reason: '不会发送' },
      M03: { checked: true, reason: '模糊' },
    },
  });
  assert.deepEqual(body, {
    items: [
      { materialCode: 'M01', reason: '缺少签字' },
      { materialCode: 'M03', reason: '模糊' },
    ],
  });
});

test('return sends the chosen step, or leaves it to the API', () => {
  assert.deepEqual(buildActionBody('return', { opinion: '材料不符', toActivityId: 'acceptance' }), {
    opinion: '材料不符',
    toActivityId: 'acceptance',
  });
  assert.deepEqual(buildActionBody('return', { opinion: '材料不符' }), { opinion: '材料不符' });
});

test('startSpecialProcedure sends type, kind, reason and a numeric expectedDays', () => {
  assert.deepEqual(
    buildActionBody('startSpecialProcedure', { type: 2, kind: 'hearing', reason: ' 需要听证 ', expectedDays: 5 }),
    { type: 2, kind: 'hearing', reason: '需要听证', expectedDays: 5 },
  );
});

test('endSpecialProcedure sends the result, void the reason, and no foreign fields leak', () => {
  assert.deepEqual(buildActionBody('endSpecialProcedure', { result: '听证完毕', reason: 'x' }), { result: '听证完毕' });
  assert.deepEqual(buildActionBody('void', { reason: '重复申请', result: 'x' }), { reason: '重复申请' });
  assert.deepEqual(buildActionBody('refuse', { opinion: '不符合条件', reason: 'x', toActivityId: 'review' }), {
    opinion: '不符合条件',
  });
});
