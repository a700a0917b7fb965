import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createTestUser, startTestApi, type TestApi } from '../../test-support/harness.js';

// The todo list without filters is counted and cut in case_tasks alone, sorted by the due date the
// read model copies from the case (migration 20261127000600): it must list exactly what the joined
// (filtered) query lists, in the same order, and follow a change of a case's due date.

const FOOD = '11410404MB0000001X4000111001001';
let api: TestApi;
let dept: string;
let clerk: string;
let clerkName: string;
let other: string;
let applicantId: string;

before(async () => {
  api = await startTestApi();
  dept = `TL${randomUUID().slice(0, 8)}`;
  await api.db('departments').insert({ code: dept, name: '任务列表测试局', parent_code: 'SLQ', level: 4 });
  const u = await createTestUser(api, { roles: ['clerk'], departments: [dept] });
  clerk = await api.login(u.username, u.password);
  clerkName = u.username;
  const o = await createTestUser(api, { roles: ['approver'], departments: [dept] });
  other = await api.login(o.username, o.password);
  applicantId = ((await api.db('users').where({ username: 'applicant1' }).first('id')) as { id: string }).id;
});
after(() => api.close());

/** An open case of the test department with one open task at `step`, due in `days` days (or none). */
async function openTask(
  n: number,
  step: 'acceptance' | 'review',
  role: string,
  days: number | null,
  assignee?: string,
) {
  const due = days === null ? null : new Date(Date.UTC(2026, 11, 1) + days * 86_400_000);
  const [c] = await api
    .db('cases')
    .insert({
      case_no: `TL-${dept}-${n}`,
      item_code: FOOD,
      department_code: dept,
      applicant_id: applicantId,
      status: step === 'acceptance' ? 'submitted' : 'in_progress',
      applicant_name: `测试${n}`,
      due_at: due,
      clock_state: due ? 'running' : null,
      promised_days: 10,
    })
    .returning('id');
  const caseId = (c as { id: string }).id;
  const taskId = `tl-${dept}-${n}`;
  await api.db('case_tasks').insert({
    task_id: taskId,
    case_id: caseId,
    activity_id: step,
    name: step,
    department_code: dept,
    candidate_roles: [role],
    assignee: assignee ?? null,
    created_at: new Date(Date.UTC(2026, 10, 1) + n * 60_000),
  });
  return { caseId, caseNo: `TL-${dept}-${n}`, taskId };
}

async function todo(token: string, extra = '', pageSize = 5) {
  const r = await api.call('GET', `/api/v1/tasks?view=todo&pageSize=${pageSize}${extra}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.body as { items: { caseNo: string; dueAt: string | null }[]; total: number };
}

describe('todo list', () => {
  test('the unfiltered page equals the joined query: same rows, same due-date order, same total; due changes re-sort it', async () => {
    const days = [7, 3, null, 12, 1, 5, 9, 3];
    const made = [];
    for (const [i, d] of days.entries()) made.push(await openTask(i, 'acceptance', 'clerk', d));
    await openTask(100, 'review', 'approver', 2); // another role: not in the clerk's list
    const closed = await openTask(101, 'acceptance', 'clerk', 0);
    await api.db('case_tasks').where({ task_id: closed.taskId }).update({ closed_at: new Date(), closed_by: 'x' });

    const fast = await todo(clerk);
    // `q` matching every case of the department takes the joined query.
    const joined = await todo(clerk, `&q=TL-${dept}`);
    assert.equal(fast.total, days.length);
    assert.equal(joined.total, days.length);
    assert.deepEqual(
      fast.items.map((i) => i.caseNo),
      joined.items.map((i) => i.caseNo),
    );
    // Due dates ascending, ties by creation, cases without a due date last.
    const expected = made
      .map((m, i) => ({ caseNo: m.caseNo, due: days[i] ?? null, i }))
      .sort((a, b) => (a.due ?? 1e9) - (b.due ?? 1e9) || a.i - b.i)
      .map((x) => x.caseNo);
    assert.deepEqual(
      fast.items.map((i) => i.caseNo),
      expected.slice(0, 5),
    );
    const page2 = await api.call('GET', '/api/v1/tasks?view=todo&pageSize=5&page=2', { token: clerk });
    assert.deepEqual(
      page2.body.items.map((i: { caseNo: string }) => i.caseNo),
      expected.slice(5),
    );
    const desc = await todo(clerk, '&sort=-dueAt');
    assert.equal(desc.items[0]?.caseNo, made[3]?.caseNo, 'latest due first');

    // The case with no due date gets one (as at acceptance): the copy in case_tasks follows.
    const undated = made[2];
    assert.ok(undated);
    await api
      .db('cases')
      .where({ id: undated.caseId })
      .update({ due_at: new Date(Date.UTC(2026, 10, 20)), clock_state: 'running' });
    const after = await todo(clerk);
    assert.equal(after.items[0]?.caseNo, undated.caseNo);
    assert.equal(after.items[0]?.dueAt, new Date(Date.UTC(2026, 10, 20)).toISOString());

    // The approver of the department sees only the review task.
    const theirs = await todo(other);
    assert.deepEqual(
      theirs.items.map((i) => i.caseNo),
      [`TL-${dept}-100`],
    );
    assert.equal(theirs.total, 1);
  });

  test('a task claimed by the user stays in their list; claimed by someone else it leaves it', async () => {
    const mine = await openTask(200, 'acceptance', 'clerk', 1);
    await api.db('case_tasks').where({ task_id: mine.taskId }).update({ assignee: clerkName });
    const theirs = await openTask(201, 'acceptance', 'clerk', 1, 'someone_else');
    const list = await todo(clerk, '', 100);
    const nos = list.items.map((i) => i.caseNo);
    assert.ok(nos.includes(mine.caseNo));
    assert.ok(!nos.includes(theirs.caseNo));
    assert.equal(list.total, nos.length);
  });
});

describe('SLA filters', () => {
  test('each of red / yellow / green lists exactly the tasks whose row says so, paused clocks included', async () => {
    // A department of its own, so that the other tests' tasks do not count.
    const d = `SL${randomUUID().slice(0, 8)}`;
    await api.db('departments').insert({ code: d, name: 'SLA测试局', parent_code: 'SLQ', level: 4 });
    const u = await createTestUser(api, { roles: ['clerk'], departments: [d] });
    const token = await api.login(u.username, u.password);
    const now = Date.now();
    const day = 86_400_000;
    const shapes: { due: number | null; pausedAt?: number; state?: 'running' | 'paused' | 'stopped' }[] = [
      { due: now - 3 * day }, // overdue
      { due: now - 60_000 }, // overdue by a minute
      { due: now + 40 * day }, // far ahead
      { due: now + 2 * day }, // close
      { due: now - 5 * day, pausedAt: now - 10 * day, state: 'paused' }, // paused before it was due
      { due: now - 5 * day, pausedAt: now - 2 * day, state: 'paused' }, // paused after it was due
      { due: now - 5 * day, state: 'stopped' }, // clock stopped: no light
      { due: null }, // not accepted yet
    ];
    for (const [i, s] of shapes.entries()) {
      const [c] = await api
        .db('cases')
        .insert({
          case_no: `SL-${d}-${i}`,
          item_code: FOOD,
          department_code: d,
          applicant_id: applicantId,
          status: 'in_progress',
          applicant_name: `时限${i}`,
          due_at: s.due === null ? null : new Date(s.due),
          clock_state: s.due === null ? null : (s.state ?? 'running'),
          clock_paused_at: s.pausedAt ? new Date(s.pausedAt) : null,
          promised_days: 20,
        })
        .returning('id');
      await api.db('case_tasks').insert({
        task_id: `sl-${d}-${i}`,
        case_id: (c as { id: string }).id,
        activity_id: 'acceptance',
        name: 'acceptance',
        department_code: d,
        candidate_roles: ['clerk'],
        created_at: new Date(now - i * 60_000),
      });
    }
    const all = await api.call('GET', '/api/v1/tasks?view=todo&pageSize=50', { token });
    assert.equal(all.status, 200, all.text);
    const rows = all.body.items as { caseNo: string; sla: string | null }[];
    assert.equal(rows.length, shapes.length);
    const bySla = (sla: string) =>
      rows
        .filter((r) => r.sla === sla)
        .map((r) => r.caseNo)
        .sort();
    assert.deepEqual(bySla('red'), [`SL-${d}-0`, `SL-${d}-1`, `SL-${d}-5`]);
    for (const sla of ['red', 'yellow', 'green']) {
      const r = await api.call('GET', `/api/v1/tasks?view=todo&pageSize=50&sla=${sla}`, { token });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual((r.body.items as { caseNo: string }[]).map((x) => x.caseNo).sort(), bySla(sla), sla);
      assert.equal(r.body.total, bySla(sla).length, `${sla} total`);
    }
    // The same filters combined with another one take the joined query (cases joined before paging):
    // same answers.
    for (const sla of ['red', 'yellow', 'green']) {
      const joined = await api.call('GET', `/api/v1/tasks?view=todo&pageSize=50&sla=${sla}&q=SL-${d}`, { token });
      assert.deepEqual((joined.body.items as { caseNo: string }[]).map((x) => x.caseNo).sort(), bySla(sla), sla);
    }
    assert.ok(bySla('yellow').length > 0 && bySla('green').length > 0, 'both lights present');

    // A clock paused (补正) after the task was written: the task rows follow the case (trigger).
    await api
      .db('cases')
      .where({ case_no: `SL-${d}-1` })
      .update({ clock_state: 'paused', clock_paused_at: new Date(now - 2 * 60_000) });
    await api
      .db('cases')
      .where({ case_no: `SL-${d}-4` })
      .update({ clock_state: 'running', clock_paused_at: null });
    const red = await api.call('GET', '/api/v1/tasks?view=todo&pageSize=50&sla=red', { token });
    assert.deepEqual((red.body.items as { caseNo: string }[]).map((x) => x.caseNo).sort(), [
      `SL-${d}-0`,
      `SL-${d}-4`,
      `SL-${d}-5`,
    ]);
    assert.equal(red.body.total, 3);

    // 已办 (steps this user closed on cases still open) filters by the same light: the closed task
    // rows carry their case's clock too.
    const closedBy = async (i: number) => {
      const c = (await api
        .db('cases')
        .where({ case_no: `SL-${d}-${i}` })
        .first('id')) as { id: string };
      await api.db('case_tasks').insert({
        task_id: `sl-${d}-${i}-done`,
        case_id: c.id,
        activity_id: 'acceptance',
        name: 'acceptance',
        department_code: d,
        candidate_roles: ['clerk'],
        created_at: new Date(now - 86_400_000),
        closed_at: new Date(now - 3_600_000),
        closed_by: u.username,
      });
    };
    await closedBy(0); // overdue
    await closedBy(2); // far ahead
    const doneRed = await api.call('GET', '/api/v1/tasks?view=done&pageSize=50&sla=red', { token });
    assert.equal(doneRed.status, 200, doneRed.text);
    assert.deepEqual(
      (doneRed.body.items as { caseNo: string }[]).map((x) => x.caseNo),
      [`SL-${d}-0`],
    );
    const doneGreen = await api.call('GET', '/api/v1/tasks?view=done&pageSize=50&sla=green', { token });
    assert.deepEqual(
      (doneGreen.body.items as { caseNo: string }[]).map((x) => x.caseNo),
      [`SL-${d}-2`],
    );

    const bad = await api.call('GET', '/api/v1/tasks?view=todo&sla=purple', { token });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.code, 'VALIDATION_FAILED');
  });
});

describe('the date a light turns yellow', () => {
  /** Rolled back at the end: the item's ratio and the calendar are shared with the other tests. */
  async function rolledBack(work: (trx: typeof api.db) => Promise<void>) {
    await api.db
      .transaction(async (trx) => {
        await work(trx as unknown as typeof api.db);
        throw new Error('rollback');
      })
      .catch((err: Error) => {
        if (err.message !== 'rollback') throw err;
      });
  }
  const expected = (trx: typeof api.db, caseId: string) =>
    trx.raw(
      `SELECT sla_yellow_from(c.due_at, c.promised_days, c.extension_days, i.sla_yellow_ratio)::text AS want,
              c.sla_yellow_from::text AS on_case, t.sla_yellow_from::text AS on_task
         FROM cases c JOIN service_items i ON i.code = c.item_code JOIN case_tasks t ON t.case_id = c.id
        WHERE c.id = ?`,
      [caseId],
    ) as Promise<{ rows: { want: string; on_case: string; on_task: string }[] }>;

  test('follows the due date, the extension, the item ratio and the calendar, on the case and its task rows', async () => {
    const m = await openTask(900, 'review', 'approver', 20);
    let r = (await expected(api.db, m.caseId)).rows[0];
    assert.ok(r?.want && r.want === r.on_case && r.want === r.on_task, JSON.stringify(r));
    const first = r.want;

    await rolledBack(async (trx) => {
      await trx('cases').where({ id: m.caseId }).update({ extension_days: 5 });
      r = (await expected(trx, m.caseId)).rows[0];
      assert.ok(r && r.want === r.on_case && r.want === r.on_task, JSON.stringify(r));
      assert.ok(r.want < first, 'more days → yellow earlier');

      await trx('service_items').where({ code: FOOD }).update({ sla_yellow_ratio: 0.9 });
      r = (await expected(trx, m.caseId)).rows[0];
      assert.ok(r && r.want === r.on_case && r.want === r.on_task, JSON.stringify(r));

      // A working day before the due date becomes a local holiday: the date moves one working day back.
      const before = r.on_case;
      const day = (
        await trx.raw(
          `SELECT date::text AS d FROM work_calendar WHERE is_workday AND date >= ?::date AND date <= ?::date
            ORDER BY date LIMIT 1`,
          [before, '2026-12-21'],
        )
      ).rows[0] as { d: string } | undefined;
      assert.ok(day, 'a working day between the yellow date and the due date');
      await trx('work_calendar').where({ date: day.d }).update({ is_workday: false, kind: 'local' });
      r = (await expected(trx, m.caseId)).rows[0];
      assert.ok(r && r.want === r.on_case && r.want === r.on_task, JSON.stringify(r));
      assert.ok(r.on_case < before, `${r.on_case} before ${before}`);
    });
    r = (await expected(api.db, m.caseId)).rows[0];
    assert.equal(r?.on_task, first, 'rolled back');
  });
});
