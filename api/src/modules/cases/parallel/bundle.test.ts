import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeBundle, type BundleMember } from './bundle.js';

const members: BundleMember[] = [
  {
    itemCode: 'FOOD',
    name: '食品经营许可',
    prefix: 'FD',
    materials: [
      { code: 'M01', name: '食品经营许可申请书', required: true },
      { code: 'M02', name: '营业执照', required: true },
      { code: 'M03', name: '委托书', required: false },
    ],
    form: {
      fields: [
        { key: 'operatorName', label: '经营者名称', required: true },
        { key: 'premisesAddress', label: '经营场所', required: false },
      ],
    },
  },
  {
    itemCode: 'FIRE',
    name: '消防安全检查',
    prefix: 'FS',
    materials: [
      { code: 'M01', name: '消防安全检查申请表', required: true },
      { code: 'M02', name: '营业执照复印件', required: false },
    ],
    form: { fields: [{ key: 'premisesAddress', label: '场所地址', required: true }] },
  },
];

test('a material both members ask for is asked once; the rest keep their member prefix', () => {
  const merged = mergeBundle(members, [
    {
      code: 'S01',
      name: '营业执照或主体资格证明',
      from: [
        { itemCode: 'FOOD', materialCode: 'M02' },
        { itemCode: 'FIRE', materialCode: 'M02' },
      ],
    },
  ]);
  assert.deepEqual(
    merged.materials.map((m) => m.code),
    ['S01', 'FD_M01', 'FD_M03', 'FS_M01'],
  );
  const s01 = merged.materials[0];
  assert.equal(s01?.required, true, 'required when any member requires it');
  assert.equal(s01?.usedBy.length, 2);
  assert.equal(merged.materials.find((m) => m.code === 'FD_M03')?.required, false);
});

test('form fields with one key are one field, required when any member requires it', () => {
  const merged = mergeBundle(members, []);
  assert.deepEqual(
    merged.form.fields.map((f) => [f.key, f.label, !!f.required]),
    [
      ['operatorName', '经营者名称', true],
      ['premisesAddress', '经营场所', true],
    ],
  );
  assert.equal(merged.materials.length, 5);
});

test('a shared material naming a missing member material, or shared twice, is refused', () => {
  assert.throws(
    () => mergeBundle(members, [{ code: 'S01', name: 'x', from: [{ itemCode: 'FOOD', materialCode: 'M09' }] }]),
    /does not exist/,
  );
  assert.throws(
    () =>
      mergeBundle(members, [
        { code: 'S01', name: 'x', from: [{ itemCode: 'FOOD', materialCode: 'M02' }] },
        { code: 'S02', name: 'y', from: [{ itemCode: 'FOOD', materialCode: 'M02' }] },
      ]),
    /shared twice/,
  );
});
