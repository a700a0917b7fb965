import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correctionChecklist } from './correction-checklist';

const MATERIALS = [
  { code: 'M01', name: '申请书' },
  { code: 'M03', name: '布局图' },
];
const ITEMS = [
  { materialCode: 'M03', reason: '未标注设备位置' },
  { materialCode: 'M09', reason: '缺少' },
];

test('an open notice lists each asked material by name with its reason, waiting', () => {
  assert.deepEqual(correctionChecklist({ status: 'open', items: ITEMS }, MATERIALS), [
    { code: 'M03', name: '布局图', reason: '未标注设备位置', state: 'waiting' },
    { code: 'M09', name: 'M09', reason: '缺少', state: 'waiting' },
  ]);
});

test('an answered notice marks what came back and what did not', () => {
  const rows = correctionChecklist({ status: 'answered', items: ITEMS, answeredMaterials: ['M03', 'M01'] }, MATERIALS);
  assert.deepEqual(
    rows.map((r) => [r.code, r.state]),
    [
      ['M03', 'answered'],
      ['M09', 'missing'],
    ],
  );
  assert.deepEqual(correctionChecklist(null, MATERIALS), []);
});
