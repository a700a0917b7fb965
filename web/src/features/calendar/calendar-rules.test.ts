import assert from 'node:assert/strict';
import { test } from 'node:test';
import { beijingYear, countByKind, isKnownKind, localDayBody, sourceValid, yearOptions } from './calendar-rules';

test('year options stay within 2000–2100', () => {
  assert.deepEqual(yearOptions(2026), [2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028]);
  assert.deepEqual(yearOptions(2001), [2000, 2001, 2002, 2003]);
  assert.deepEqual(yearOptions(2100), [2095, 2096, 2097, 2098, 2099, 2100]);
});

test('the year turns at Beijing midnight', () => {
  assert.equal(beijingYear(new Date('2025-12-31T15:59:59Z')), 2025);
  assert.equal(beijingYear(new Date('2025-12-31T16:00:00Z')), 2026);
});

test('local day body: trimmed source, empty note left out', () => {
  assert.deepEqual(localDayBody({ isWorkday: false, source: ' 区政府通知 ', note: '  ' }), {
    isWorkday: false,
    source: '区政府通知',
  });
  assert.deepEqual(localDayBody({ isWorkday: true, source: 'ab', note: ' x ' }), {
    isWorkday: true,
    source: 'ab',
    note: 'x',
  });
});

test('source validity and kinds', () => {
  assert.equal(sourceValid(' a '), false);
  assert.equal(sourceValid('ab'), true);
  assert.equal(sourceValid('x'.repeat(201)), false);
  assert.equal(sourceValid(undefined), false);
  assert.equal(isKnownKind('holiday'), true);
  assert.equal(isKnownKind('weekend'), false);
  assert.deepEqual(
    countByKind([
      { date: '2026-01-01', isWorkday: false, source: 's', kind: 'holiday', note: null },
      { date: '2026-01-02', isWorkday: false, source: 's', kind: 'holiday', note: null },
      { date: '2026-01-04', isWorkday: true, source: 's', kind: 'swapped_workday', note: null },
    ]),
    { holiday: 2, swapped_workday: 1 },
  );
});
