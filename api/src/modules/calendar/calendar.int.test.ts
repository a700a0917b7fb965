import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApi, type TestApi } from '../../test-support/harness.js';

let api: TestApi;
before(async () => {
  api = await startTestApi();
});
after(() => api.close());

const due = async (from: string, n: number) => {
  const r = await api.call('GET', `/api/v1/calendar/due-date?from=${from}&workingDays=${n}`);
  assert.equal(r.status, 200, r.text);
  return r.body.due as string;
};

test('counts from the day after: 1 working day after a Monday is Tuesday', async () => {
  assert.equal(await due('2026-03-02', 1), '2026-03-03');
});

test('skips the 2026 National Day break and counts the swapped Saturday 10-10 as a working day', async () => {
  assert.equal(await due('2026-09-30', 1), '2026-10-08');
  assert.equal(await due('2026-09-30', 3), '2026-10-10');
  assert.equal(await due('2026-09-30', 5), '2026-10-13');
});

test('skips the 2026 Spring Festival break and counts the swapped Saturdays 02-14 and 02-28', async () => {
  assert.equal(await due('2026-02-13', 1), '2026-02-14');
  assert.equal(await due('2026-02-13', 2), '2026-02-24');
  assert.equal(await due('2026-02-13', 10), '2026-03-05');
});

test('a 20-working-day limit across the Mid-Autumn and National Day breaks', async () => {
  // 9/21–9/24 (4), 9/28–9/30 (3), 10/8–10/10 (3), 10/12–10/16 (5), 10/19–10/23 (5) = 20
  assert.equal(await due('2026-09-20', 20), '2026-10-23');
});

test('the 2025 calendar: swapped Sunday 2025-01-26 is a working day, the Spring Festival is not', async () => {
  assert.equal(await due('2025-01-24', 1), '2025-01-26');
  assert.equal(await due('2025-01-27', 1), '2025-02-05');
});

test('0 working days (instant case) is due the same day, end of day in Beijing time', async () => {
  const r = await api.call('GET', '/api/v1/calendar/due-date?from=2026-05-06&workingDays=0');
  assert.equal(r.body.due, '2026-05-06');
  assert.equal(r.body.dueAt, '2026-05-06T15:59:59.999Z');
});

test('a due date beyond the maintained calendar is 422 CALENDAR_OUT_OF_RANGE, never guessed', async () => {
  const r = await api.call('GET', '/api/v1/calendar/due-date?from=2026-12-20&workingDays=20');
  assert.equal(r.status, 422);
  assert.equal(r.body.code, 'CALENDAR_OUT_OF_RANGE');
  const before = await api.call('GET', '/api/v1/calendar/due-date?from=2019-01-01&workingDays=1');
  assert.equal(before.status, 422);
});

test('bad parameters are 400 VALIDATION_FAILED', async () => {
  for (const qs of ['from=2026-13-01&workingDays=1', 'from=2026-01-05&workingDays=-1', 'from=2026-01-05']) {
    const r = await api.call('GET', `/api/v1/calendar/due-date?${qs}`);
    assert.equal(r.status, 400, qs);
    assert.equal(r.body.code, 'VALIDATION_FAILED');
  }
});

test('the year view lists the exceptions with their source document', async () => {
  const r = await api.call('GET', '/api/v1/calendar?year=2026');
  assert.equal(r.status, 200);
  const byDate = new Map(r.body.map((d: { date: string }) => [d.date, d]));
  assert.equal((byDate.get('2026-10-10') as { isWorkday: boolean }).isWorkday, true);
  assert.equal((byDate.get('2026-10-01') as { isWorkday: boolean }).isWorkday, false);
  assert.match((byDate.get('2026-02-16') as { source: string }).source, /2026年部分节假日安排/);
  assert.equal(byDate.has('2026-03-07'), false, 'ordinary weekends are not exceptions');
  assert.equal(r.body.filter((d: { kind: string }) => d.kind === 'swapped_workday').length, 6);
});

test('an administrator adds a local adjustment and due dates follow it; others may not', async () => {
  const admin = await api.login('admin1');
  const clerk = await api.login('clerk1');
  assert.equal(
    (
      await api.call('PUT', '/api/v1/calendar/days/2026-03-03', {
        token: clerk,
        body: { isWorkday: false, source: 'x' },
      })
    ).status,
    403,
  );
  const set = await api.call('PUT', '/api/v1/calendar/days/2026-03-03', {
    token: admin,
    body: { isWorkday: false, source: '石龙区临时停止办公通知' },
  });
  assert.equal(set.status, 200);
  assert.equal(set.body.kind, 'local');
  assert.equal(await due('2026-03-02', 1), '2026-03-04');
  await api.call('PUT', '/api/v1/calendar/days/2026-03-03', {
    token: admin,
    body: { isWorkday: true, source: '撤销临时停止办公通知' },
  });
  assert.equal(await due('2026-03-02', 1), '2026-03-03');
});
