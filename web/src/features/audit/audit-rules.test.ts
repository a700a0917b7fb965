import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditQuery, detailText, verifyView } from './audit-rules';

test('audit query: trimmed texts, empty ones left out', () => {
  assert.deepEqual(auditQuery({ actor: ' clerk1 ', caseNo: '', type: '  ' }), { actor: 'clerk1' });
  assert.deepEqual(auditQuery({}), {});
});

test('audit query: the date range covers whole Beijing days', () => {
  assert.deepEqual(auditQuery({ fromDate: '2026-01-01', toDate: '2026-01-31' }), {
    from: '2026-01-01T00:00:00.000+08:00',
    to: '2026-01-31T23:59:59.999+08:00',
  });
  assert.deepEqual(auditQuery({ fromDate: 'yesterday' }), {});
});

test('verify result: green with the count, red with the first broken id', () => {
  assert.deepEqual(verifyView({ ok: true, checked: 12 }), {
    type: 'success',
    key: 'audit.verifyOk',
    params: { checked: 12 },
  });
  assert.deepEqual(verifyView({ ok: false, checked: 5, firstBrokenId: 'a1' }), {
    type: 'error',
    key: 'audit.verifyBroken',
    params: { checked: 5, id: 'a1' },
  });
});

test('detail text', () => {
  assert.equal(detailText({ a: 'x', b: 1, c: { d: true } }), 'a=x, b=1, c={"d":true}');
  assert.equal(detailText({}), '');
});
