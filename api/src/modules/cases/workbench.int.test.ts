// The workbench's own reads against the real engine: colleagues for 转办 / 委派, the menu counts, and the
// filters of the task list.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestUser, startTestApi, type TestApi } from '../../test-support/harness.js';
import { startWorkers, tinyPdf, upload, waitFor } from '../../test-support/flow.js';
import { chinaDate } from '../calendar/index.js';

const FOOD = '11410404MB0000001X4000111001001'; // 食品经营许可（新办）, department SLQ-SCJG
const FORM = {
  operatorName: '石龙区味道餐饮',
  premisesAddress: '石龙区人民路1号',
  businessScope: '热食类食品制售',
  contactPhone: '13800001234',
};

let api: TestApi;
let workers: ReturnType<typeof startWorkers>;
const t: Record<string, string> = {};
/** A second clerk of SLQ-SCJG, the colleague clerk1 hands tasks to. */
let colleague: { username: string; password: string };

before(async () => {
  api = await startTestApi();
  workers = startWorkers(api);
  for (const u of ['applicant1', 'clerk1', 'clerk2', 'approver1', 'lead1', 'auditor1']) t[u] = await api.login(u);
  colleague = await createTestUser(api, { roles: ['clerk'], departments: ['SLQ-SCJG'] });
  t.colleague = await api.login(colleague.username, colleague.password);
});
after(async () => {
  await workers.stop();
  await api.close();
});

async function apply(): Promise<string> {
  const materials = [];
  for (const code of ['M01', 'M02', 'M03', 'M04'])
    materials.push({ code, fileIds: [await upload(api, t.applicant1 as string, `${code}.pdf`, tinyPdf(code))] });
  const r = await api.call('POST', '/api/v1/applications', {
    token: t.applicant1,
    body: { itemCode: FOOD, form: FORM, materials, submit: true },
  });
  assert.equal(r.status, 201, r.text);
  return r.body.caseNo as string;
}

const acceptanceTask = (caseNo: string) =>
  waitFor(`${caseNo} acceptance task`, async () => {
    const r = await api.call('GET', `/api/v1/cases/${caseNo}`, { token: t.auditor1 });
    return r.body.tasks?.find((x: { activityId: string }) => x.activityId === 'acceptance')?.id as string | undefined;
  });

const counts = async (token: string) => {
  const r = await api.call('GET', '/api/v1/workbench/counts', { token });
  assert.equal(r.status, 200, r.text);
  return r.body as { todo: number; cases: Record<string, number> & { correction: number; all: number } };
};

const todo = async (token: string, query: string) => {
  const r = await api.call('GET', `/api/v1/tasks?view=todo&${query}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.body as { items: { caseNo: string; id: string }[]; total: number };
};

describe('colleagues for 转办 and 委派', () => {
  test('lists the clerks of the case’s department for a transfer, and every handling role for a delegation', async () => {
    const caseNo = await apply();
    const taskId = await acceptanceTask(caseNo);

    const transfer = await api.call('GET', `/api/v1/tasks/${taskId}/colleagues?kind=transfer`, { token: t.clerk1 });
    assert.equal(transfer.status, 200, transfer.text);
    assert.equal(transfer.body.department, 'SLQ-SCJG');
    const names = transfer.body.items.map((u: { username: string }) => u.username);
    assert.ok(names.includes(colleague.username), 'the other clerk of the department');
    assert.ok(!names.includes('clerk1'), 'not the asker');
    assert.ok(!names.includes('clerk2'), 'not a clerk of another department');
    assert.ok(!names.includes('approver1'), 'not someone without the step’s role');
    for (const u of transfer.body.items) assert.ok(u.roles.includes('clerk'));

    const delegate = await api.call('GET', `/api/v1/tasks/${taskId}/colleagues?kind=delegate`, { token: t.clerk1 });
    assert.equal(delegate.status, 200, delegate.text);
    const delegates = delegate.body.items.map((u: { username: string }) => u.username);
    assert.ok(delegates.includes('approver1') && delegates.includes('lead1') && delegates.includes(colleague.username));
    assert.ok(!delegates.includes('clerk2'));
  });

  test('answers 403 to a clerk of another department, 404 for an unknown task and 400 for an unknown kind', async () => {
    const caseNo = await apply();
    const taskId = await acceptanceTask(caseNo);
    const other = await api.call('GET', `/api/v1/tasks/${taskId}/colleagues`, { token: t.clerk2 });
    assert.equal(other.status, 403, other.text);
    assert.equal(other.body.code, 'FORBIDDEN');
    const wrongRole = await api.call('GET', `/api/v1/tasks/${taskId}/colleagues`, { token: t.approver1 });
    assert.equal(wrongRole.status, 403, wrongRole.text);
    const missing = await api.call('GET', '/api/v1/tasks/no-such-task/colleagues', { token: t.clerk1 });
    assert.equal(missing.status, 404, missing.text);
    assert.equal(missing.body.code, 'NOT_FOUND');
    const kind = await api.call('GET', `/api/v1/tasks/${taskId}/colleagues?kind=steal`, { token: t.clerk1 });
    assert.equal(kind.status, 400, kind.text);
    assert.equal(kind.body.code, 'VALIDATION_FAILED');
    const auditor = await api.call('GET', `/api/v1/tasks/${taskId}/colleagues`, { token: t.auditor1 });
    assert.equal(auditor.status, 403, auditor.text);
  });

  test('answers 409 TASK_ALREADY_CLAIMED once a colleague holds the task', async () => {
    const caseNo = await apply();
    const taskId = await acceptanceTask(caseNo);
    const claim = await api.call('POST', `/api/v1/tasks/${taskId}/claim`, { token: t.colleague });
    assert.equal(claim.status, 200, claim.text);
    const r = await api.call('GET', `/api/v1/tasks/${taskId}/colleagues`, { token: t.clerk1 });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.code, 'TASK_ALREADY_CLAIMED');
  });
});

describe('menu counts', () => {
  test('待办 drops for the clerk and stays for the colleague after a transfer; 补正补齐 grows after a correction request', async () => {
    const caseNo = await apply();
    const taskId = await acceptanceTask(caseNo);
    const before = await counts(t.clerk1 as string);
    const colleagueBefore = await counts(t.colleague as string);
    assert.equal(before.todo, (await todo(t.clerk1 as string, '')).total, 'the badge is the list’s total');

    const transfer = await api.call('POST', `/api/v1/tasks/${taskId}/transfer`, {
      token: t.clerk1,
      body: { userId: colleague.username },
    });
    assert.equal(transfer.status, 200, transfer.text);
    assert.equal((await counts(t.clerk1 as string)).todo, before.todo - 1);
    assert.equal((await counts(t.colleague as string)).todo, colleagueBefore.todo, 'the task is still theirs to do');

    const r = await api.call('POST', `/api/v1/tasks/${taskId}/actions/requestCorrection`, {
      token: t.colleague,
      body: { items: [{ materialCode: 'M03', reason: '布局图未标注设备位置' }] },
    });
    assert.equal(r.status, 200, r.text);
    await waitFor('correction view count', async () => {
      const now = await counts(t.clerk1 as string);
      return now.cases.correction === before.cases.correction + 1;
    });

    // The per-material checklist: asked for M03, answered with M03 and a note.
    const asked = await api.call('GET', `/api/v1/cases/${caseNo}`, { token: t.clerk1 });
    assert.deepEqual(asked.body.correction.answeredMaterials, []);
    assert.equal(asked.body.correction.items[0].reason, '布局图未标注设备位置');
    const file = await upload(api, t.applicant1 as string, 'M03.pdf', tinyPdf('M03 v2'));
    const answer = await api.call('POST', `/api/v1/applications/${caseNo}/corrections`, {
      token: t.applicant1,
      body: { materials: [{ code: 'M03', fileIds: [file] }], note: '已标注设备位置' },
    });
    assert.equal(answer.status, 200, answer.text);
    const answered = await api.call('GET', `/api/v1/cases/${caseNo}`, { token: t.clerk1 });
    assert.equal(answered.body.correction.status, 'answered');
    assert.deepEqual(answered.body.correction.answeredMaterials, ['M03']);
    assert.equal(answered.body.correction.answerNote, '已标注设备位置');
  });

  test('an auditor gets the case views of every department and no 待办; an applicant is refused', async () => {
    const audit = await counts(t.auditor1 as string);
    assert.equal(audit.todo, 0);
    for (const view of ['correction', 'special', 'refused', 'voided', 'returned', 'completed', 'drafts', 'all'])
      assert.equal(typeof audit.cases[view], 'number', view);
    const clerk = await counts(t.clerk2 as string);
    assert.ok(audit.cases.all >= clerk.cases.all + (await counts(t.clerk1 as string)).cases.all);
    const applicant = await api.call('GET', '/api/v1/workbench/counts', { token: t.applicant1 });
    assert.equal(applicant.status, 403, applicant.text);
  });
});

describe('history for the auditor', () => {
  test('each step has who, start, end and duration; the opinion is in the business events; the engine’s operation log names the clerk', async () => {
    const caseNo = await apply();
    const taskId = await acceptanceTask(caseNo);
    assert.equal((await api.call('POST', `/api/v1/tasks/${taskId}/claim`, { token: t.clerk1 })).status, 200);
    const done = await api.call('POST', `/api/v1/tasks/${taskId}/actions/accept`, {
      token: t.clerk1,
      body: { opinion: '材料齐全，符合法定形式，予以受理。' },
    });
    assert.equal(done.status, 200, done.text);
    type Entry = {
      source: string;
      type: string;
      activityId?: string;
      actor: string | null;
      at: string;
      endAt?: string | null;
      durationMs?: number | null;
      detail?: Record<string, unknown>;
    };
    const history = await waitFor('the accepted step in the history', async () => {
      const r = await api.call('GET', `/api/v1/cases/${caseNo}/history`, { token: t.auditor1 });
      assert.equal(r.status, 200, r.text);
      const list = r.body.entries as Entry[];
      return list.some((e) => e.source === 'engine' && e.activityId === 'acceptance' && e.endAt) ? r.body : null;
    });
    const entries = history.entries as Entry[];
    const step = entries.find((e) => e.source === 'engine' && e.activityId === 'acceptance') as Entry;
    assert.equal(step.actor, 'clerk1');
    assert.equal(typeof step.durationMs, 'number');
    assert.ok(Date.parse(step.endAt as string) >= Date.parse(step.at));
    const event = entries.find((e) => e.source === 'event' && e.type === 'task.completed');
    assert.equal(event?.detail?.step, 'acceptance');
    assert.equal(event?.detail?.opinion, '材料齐全，符合法定形式，予以受理。');
    assert.equal(event?.actor, 'clerk1');
    const engineOps = history.engineOperations as { type: string; actor: string | null; taskId: string | null }[];
    for (const type of ['Claim', 'Complete'])
      assert.ok(
        engineOps.some((e) => e.type === type && e.actor === 'clerk1' && e.taskId === taskId),
        `${type} by clerk1 in ${JSON.stringify(engineOps.map((e) => [e.type, e.actor]))}`,
      );
    assert.ok(entries.some((e) => e.source === 'audit' && e.type === 'task.accept' && e.actor === 'clerk1'));
    const times = entries.map((e) => e.at);
    assert.deepEqual(times, [...times].sort(), 'one list in time order');
  });
});

describe('permissions', () => {
  test('GET /workbench/counts: staff who work or audit cases get in, others 403, nobody anonymously', async () => {
    const allowed = ['clerk1', 'approver1', 'lead1', 'auditor1', 'auditadmin1'];
    assert.equal((await api.call('GET', '/api/v1/workbench/counts')).status, 401);
    for (const u of [...allowed, 'applicant1', 'designer1', 'itemadmin1', 'admin1', 'secadmin1']) {
      const r = await api.call('GET', '/api/v1/workbench/counts', { token: t[u] ?? (t[u] = await api.login(u)) });
      if (allowed.includes(u)) assert.equal(r.status, 200, `${u}: ${r.text}`);
      else assert.equal(r.status, 403, `${u}: ${r.text}`);
    }
  });

  test('GET /tasks/{id}/colleagues: only a handler of the step in the department gets in', async () => {
    const taskId = await acceptanceTask(await apply());
    assert.equal((await api.call('GET', `/api/v1/tasks/${taskId}/colleagues`)).status, 401);
    const expected: Record<string, number> = {
      clerk1: 200,
      clerk2: 403, // another department
      approver1: 403, // not the step's role
      lead1: 403,
      auditor1: 403,
      applicant1: 403,
      designer1: 403,
      admin1: 403,
    };
    for (const [u, status] of Object.entries(expected)) {
      const r = await api.call('GET', `/api/v1/tasks/${taskId}/colleagues`, {
        token: t[u] ?? (t[u] = await api.login(u)),
      });
      assert.equal(r.status, status, `${u}: ${r.text}`);
    }
  });
});

describe('task list filters', () => {
  test('filters by case number, applicant and submission date, and refuses a malformed date', async () => {
    const caseNo = await apply();
    await acceptanceTask(caseNo);
    const token = t.clerk1 as string;
    const byNo = await todo(token, `caseNo=${caseNo.slice(-8)}`);
    assert.ok(byNo.items.some((i) => i.caseNo === caseNo));
    assert.ok(byNo.items.every((i) => i.caseNo.includes(caseNo.slice(-8))));

    assert.ok((await todo(token, `caseNo=${caseNo}&applicant=${encodeURIComponent('张')}`)).total === 1);
    assert.equal((await todo(token, `caseNo=${caseNo}&applicant=${encodeURIComponent('无此人')}`)).total, 0);

    const today = chinaDate(new Date());
    const yesterday = chinaDate(new Date(Date.now() - 86_400_000));
    assert.equal((await todo(token, `caseNo=${caseNo}&from=${today}&to=${today}`)).total, 1);
    assert.equal((await todo(token, `caseNo=${caseNo}&to=${yesterday}`)).total, 0);
    assert.equal((await todo(token, `caseNo=${caseNo}&from=${yesterday}`)).total, 1);

    const bad = await api.call('GET', '/api/v1/tasks?from=2026-13-01', { token });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.code, 'VALIDATION_FAILED');
  });

  test('sorts by due date both ways', async () => {
    const token = t.clerk1 as string;
    for (const sort of ['dueAt', '-dueAt']) {
      const r = await api.call('GET', `/api/v1/tasks?view=todo&sort=${sort}&pageSize=100`, { token });
      assert.equal(r.status, 200, r.text);
      const due = (r.body.items as { dueAt: string | null }[]).map((i) => i.dueAt).filter((d): d is string => !!d);
      const sorted = [...due].sort();
      assert.deepEqual(due, sort === 'dueAt' ? sorted : sorted.reverse());
    }
  });
});
