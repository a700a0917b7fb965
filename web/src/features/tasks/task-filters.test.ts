import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeFilterCount, filtersToQuery } from './task-filters';

test('empty fields are left out and the due-date order is the default', () => {
  assert.deepEqual(filtersToQuery({ caseNo: '  ', applicant: '', sla: '', range: null }), { sort: 'dueAt' });
  assert.equal(activeFilterCount(filtersToQuery({})), 0);
});

test('the fields become the query of GET /tasks, trimmed, the range split into from and to', () => {
  const query = filtersToQuery(
    {
      itemCode: 'X1',
      caseNo: ' 2026 ',
      applicant: '张',
      range: ['2026-11-01', '2026-11-30'],
      sla: 'red',
      sort: '-dueAt',
    },
    ' 食品 ',
  );
  assert.deepEqual(query, {
    q: '食品',
    itemCode: 'X1',
    caseNo: '2026',
    applicant: '张',
    from: '2026-11-01',
    to: '2026-11-30',
    sla: 'red',
    sort: '-dueAt',
  });
  assert.equal(activeFilterCount(query), 5);
});
