import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  activityRuns,
  durationBadges,
  engineOperationText,
  formatDuration,
  type HistoryEntryLike,
} from './case-history';

const engine = (activityId: string, type: string, at: string, endAt: string | null, actor: string | null = null) =>
  ({ source: 'engine', activityId, type, at, endAt, title: activityId, actor }) satisfies HistoryEntryLike;
const event = (type: string, at: string, actor: string, detail: Record<string, unknown>) =>
  ({ source: 'event', type, at, actor, detail }) satisfies HistoryEntryLike;

const ENTRIES: HistoryEntryLike[] = [
  engine('start', 'startEvent', '2026-11-02T01:00:00.000Z', '2026-11-02T01:00:00.000Z'),
  engine('acceptance', 'userTask', '2026-11-02T01:00:01.000Z', '2026-11-02T03:00:01.000Z', 'clerk1'),
  event('task.completed', '2026-11-02T03:00:00.500Z', 'clerk1', {
    action: 'accept',
    step: 'acceptance',
    opinion: '予以受理',
  }),
  engine('gw', 'exclusiveGateway', '2026-11-02T03:00:02.000Z', '2026-11-02T03:00:02.000Z'),
  engine('review', 'userTask', '2026-11-02T03:00:02.000Z', '2026-11-03T03:00:02.000Z', 'approver1'),
  event('task.returned', '2026-11-03T03:00:01.000Z', 'approver1', {
    action: 'return',
    step: 'review',
    opinion: '重审',
  }),
  engine('review', 'userTask', '2026-11-03T03:00:03.000Z', null),
  { source: 'audit', type: 'task.accept', at: '2026-11-02T03:00:01.000Z', actor: 'clerk1' },
];

test('activities come in order with the person, action and opinion of the event that closed them; gateways are left out', () => {
  const runs = activityRuns(ENTRIES, new Date('2026-11-03T03:10:03.000Z'));
  assert.deepEqual(
    runs.map((r) => [r.activityId, r.actor, r.action, r.opinion, r.active]),
    [
      ['start', null, null, null, false],
      ['acceptance', 'clerk1', 'accept', '予以受理', false],
      ['review', 'approver1', 'return', '重审', false],
      ['review', null, null, null, true],
    ],
  );
  assert.equal(runs[1]?.durationMs, 2 * 3_600_000);
  assert.equal(runs[3]?.durationMs, 10 * 60_000, 'a running activity lasts until now');
});

test('an event is given to one activity only, and not to a still open one', () => {
  const entries = [
    engine('review', 'userTask', '2026-11-02T01:00:00.000Z', '2026-11-02T02:00:00.000Z'),
    event('task.completed', '2026-11-02T02:00:00.000Z', 'a', { step: 'review', opinion: 'one' }),
    engine('review', 'userTask', '2026-11-02T02:00:01.000Z', null),
  ];
  const runs = activityRuns(entries);
  assert.equal(runs[0]?.opinion, 'one');
  assert.equal(runs[1]?.opinion, null);
});

test('durations read as the two largest units in either language', () => {
  assert.equal(formatDuration(0, 'zh-CN'), '不足1秒');
  assert.equal(formatDuration(999, 'en'), '< 1 s');
  assert.equal(formatDuration(42_000, 'zh-CN'), '42秒');
  assert.equal(formatDuration(3_600_000 + 5 * 60_000 + 7000, 'zh-CN'), '1小时5分钟');
  assert.equal(formatDuration(2 * 86_400_000 + 3_600_000 * 3 + 59_000, 'en'), '2 d 3 h');
  assert.equal(formatDuration(86_400_000 + 30_000, 'zh-CN'), '1天');
});

test('badges sum the visits of a task and count them; events get none', () => {
  const runs = activityRuns(ENTRIES, new Date('2026-11-03T03:10:03.000Z'));
  assert.deepEqual(durationBadges(runs, 'zh-CN'), { acceptance: '2小时', review: '1天 ×2' });
});

test('engine operations read in the locale, unknown ones stay raw, with the changed property', () => {
  assert.deepEqual(engineOperationText({ type: 'Claim', property: 'assignee', newValue: 'clerk1' }, 'zh-CN'), {
    title: '签收',
    change: 'assignee → clerk1',
  });
  assert.deepEqual(engineOperationText({ type: 'Complete', property: null }, 'en'), {
    title: 'Complete',
    change: null,
  });
  assert.deepEqual(engineOperationText({ type: 'Suspend' }, 'zh-CN'), { title: 'Suspend', change: null });
  assert.equal(
    engineOperationText({ type: 'Claim', property: 'assignee', newValue: null }, 'en').change,
    'assignee → ∅',
  );
});
