import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApi, type TestApi } from '../../test-support/harness.js';
import { createCalendarRepository, createCalendarService, chinaDate } from '../calendar/index.js';
import { createClock, type Clock } from './clock.js';

let api: TestApi;
let clock: Clock;
before(async () => {
  api = await startTestApi();
  clock = createClock(createCalendarService(createCalendarRepository(api.db)));
});
after(() => api.close());

const at = (s: string) => new Date(`${s}+08:00`);
const due = async (input: Parameters<Clock['dueAt']>[0]) => chinaDate(await clock.dueAt(input));

test('accepted the day before National Day 2026: 10 working days end on 10-20 (10-10 is a working Saturday)', async () => {
  assert.equal(
    await due({
      acceptedAt: at('2026-09-30T16:00:00'),
      promisedDays: 10,
      dayUnit: 'working',
      extensionDays: 0,
      pauses: [],
    }),
    '2026-10-20',
  );
});

test('accepted before the 2026 Spring Festival: 20 working days skip 02-15…02-23 and count 02-14 and 02-28', async () => {
  // 2/13 accepted → 2/14(1), 2/24–2/27(5), 2/28(6), 3/2–3/6(11), 3/9–3/13(16), 3/16–3/19(20)
  assert.equal(
    await due({
      acceptedAt: at('2026-02-13T09:00:00'),
      promisedDays: 20,
      dayUnit: 'working',
      extensionDays: 0,
      pauses: [],
    }),
    '2026-03-19',
  );
});

test('a pause across the National Day break gives back only the working days it covered', async () => {
  // Paused 09-29 → resumed 10-09: 09-30, 10-08, 10-09 are working days = 3 days back.
  const input = {
    acceptedAt: at('2026-09-21T10:00:00'),
    promisedDays: 10,
    dayUnit: 'working' as const,
    extensionDays: 0,
    pauses: [{ startedAt: at('2026-09-29T10:00:00'), endedAt: at('2026-10-09T15:00:00') }],
  };
  assert.equal(await clock.pausedDays(input), 3);
  assert.equal(await due(input), await due({ ...input, promisedDays: 13, pauses: [] }));
});

test('an open pause does not move the due date until it ends', async () => {
  const base = {
    acceptedAt: at('2026-03-02T10:00:00'),
    promisedDays: 5,
    dayUnit: 'working' as const,
    extensionDays: 0,
  };
  assert.equal(
    await due({ ...base, pauses: [{ startedAt: at('2026-03-03T10:00:00'), endedAt: null }] }),
    await due({ ...base, pauses: [] }),
  );
});

test('a type-1 extension adds working days', async () => {
  const base = { acceptedAt: at('2026-03-02T10:00:00'), promisedDays: 10, dayUnit: 'working' as const, pauses: [] };
  assert.equal(await due({ ...base, extensionDays: 10 }), await due({ ...base, promisedDays: 20, extensionDays: 0 }));
});

test('natural-day items count calendar days', async () => {
  assert.equal(
    await due({
      acceptedAt: at('2026-09-30T10:00:00'),
      promisedDays: 7,
      dayUnit: 'natural',
      extensionDays: 0,
      pauses: [],
    }),
    '2026-10-07',
  );
});

test('remaining days and SLA: green, yellow within a third of the limit, red once overdue, frozen while paused', async () => {
  const dueAt = at('2026-10-20T23:59:59.999');
  assert.deepEqual(await clock.remaining(dueAt, 'working', 10, 0.333, at('2026-09-30T12:00:00'), null), {
    daysLeft: 10,
    sla: 'green',
  });
  assert.deepEqual(await clock.remaining(dueAt, 'working', 10, 0.333, at('2026-10-15T12:00:00'), null), {
    daysLeft: 3,
    sla: 'yellow',
  });
  assert.deepEqual(await clock.remaining(dueAt, 'working', 10, 0.333, at('2026-10-22T12:00:00'), null), {
    daysLeft: -2,
    sla: 'red',
  });
  assert.deepEqual(
    await clock.remaining(dueAt, 'working', 10, 0.333, at('2026-10-22T12:00:00'), at('2026-09-30T12:00:00')),
    { daysLeft: 10, sla: 'green' },
  );
});
