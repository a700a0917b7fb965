import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestUser, startTestApi, type TestApi } from '../../test-support/harness.js';
import { startWorkers, tinyPdf, upload, waitFor } from '../../test-support/flow.js';
import { chinaDate } from '../calendar/index.js';

const FOOD = '11410404MB0000001X4000111001001'; // 食品经营许可（新办）, promised 10 working days
const INSTANT = '11410404MB0000001X4000111002001'; // 食品经营许可证补办, 即办件
const FORM = {
  operatorName: '石龙区味道餐饮',
  premisesAddress: '石龙区人民路1号',
  businessScope: '热食类食品制售',
  contactPhone: '13800001234',
};

let api: TestApi;
let workers: ReturnType<typeof startWorkers>;
const t: Record<string, string> = {};

before(async () => {
  api = await startTestApi();
  workers = startWorkers(api);
  for (const u of [
    'applicant1',
    'applicant2',
    'legal1',
    'clerk1',
    'clerk2',
    'approver1',
    'approver2',
    'lead1',
    'auditor1',
  ])
    t[u] = await api.login(u);
});
after(async () => {
  await workers.stop();
  await api.close();
});

async function apply(
  token = t.applicant1,
  opts: { itemCode?: string; key?: string; form?: Record<string, unknown>; codes?: string[] } = {},
) {
  const itemCode = opts.itemCode ?? FOOD;
  const codes = opts.codes ?? (itemCode === FOOD ? ['M01', 'M02', 'M03', 'M04'] : ['M01', 'M02']);
  const materials = [];
  for (const code of codes)
    materials.push({ code, fileIds: [await upload(api, token as string, `${code}.pdf`, tinyPdf(code))] });
  const form = opts.form ?? (itemCode === FOOD ? FORM : { licenceNo: 'JY14104040001234', reason: '遗失' });
  const r = await api.call('POST', '/api/v1/applications', {
    token,
    body: { itemCode, form, materials, submit: true },
    headers: opts.key ? { 'Idempotency-Key': opts.key } : {},
  });
  assert.equal(r.status, 201, r.text);
  return r.body as { caseNo: string; status: string; queryCode: string };
}

async function staffCase(caseNo: string) {
  const r = await api.call('GET', `/api/v1/cases/${caseNo}`, { token: t.auditor1 });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

const waitStatus = (caseNo: string, status: string, timeoutMs?: number) =>
  waitFor(
    `${caseNo} → ${status}`,
    async () => {
      const c = await staffCase(caseNo);
      return c.status === status && c.tasks !== undefined ? c : null;
    },
    timeoutMs,
  );

/** Waits until the case has an open task at the step and returns its id. */
const taskAt = (caseNo: string, activityId: string) =>
  waitFor(`${caseNo} task ${activityId}`, async () => {
    const c = await staffCase(caseNo);
    return c.tasks.find((x: { activityId: string }) => x.activityId === activityId)?.id as string | undefined;
  });

async function act(token: string, taskId: string, action: string, body: Record<string, unknown> = {}, expected = 200) {
  const r = await api.call('POST', `/api/v1/tasks/${taskId}/actions/${action}`, { token, body });
  assert.equal(r.status, expected, `${action}: ${r.text}`);
  return r.body;
}

async function accepted(caseNo: string) {
  await act(t.clerk1 as string, await taskAt(caseNo, 'acceptance'), 'accept', { opinion: '材料齐全，予以受理' });
  return waitStatus(caseNo, 'in_progress');
}

const expectedDue = async (from: Date, days: number) =>
  (await api.call('GET', `/api/v1/calendar/due-date?from=${chinaDate(from)}&workingDays=${days}`)).body.due as string;

describe('happy path', () => {
  test('applicant applies; clerk accepts; approver approves; lead approves; the case completes with its notices', async () => {
    const { caseNo, status, queryCode } = await apply();
    assert.equal(status, 'submitted');
    assert.match(queryCode, /^\d{6}$/);
    assert.ok(caseNo.startsWith(FOOD));

    const todo = await waitFor('clerk todo', async () => {
      const r = await api.call('GET', `/api/v1/tasks?view=todo&q=${caseNo}`, { token: t.clerk1 });
      return r.body.items.find((i: { caseNo: string }) => i.caseNo === caseNo);
    });
    assert.equal(todo.activityId, 'acceptance');
    assert.deepEqual(todo.allowedActions, ['accept', 'notAccept', 'requestCorrection']);
    assert.equal(todo.applicantName, '张*', 'applicant name masked in lists');

    const claim = await api.call('POST', `/api/v1/tasks/${todo.id}/claim`, { token: t.clerk1 });
    assert.equal(claim.status, 200);
    const acceptedAt = new Date();
    await act(t.clerk1 as string, todo.id, 'accept', { opinion: '予以受理' });
    const c1 = await waitStatus(caseNo, 'in_progress');
    assert.match(c1.acceptanceNoticeNo, /受〔\d{4}〕第\d{6}号$/);
    assert.equal(c1.clock.state, 'running');
    assert.equal(c1.clock.limitDays, 10);
    assert.equal(chinaDate(new Date(c1.clock.dueAt)), await expectedDue(acceptedAt, 10));
    assert.ok(['green', 'yellow'].includes(c1.clock.sla));
    assert.equal(c1.clock.workingDaysLeft, 10);

    await act(t.approver1 as string, await taskAt(caseNo, 'review'), 'approve', { opinion: '符合条件' });
    await act(t.lead1 as string, await taskAt(caseNo, 'decision'), 'approve', { opinion: '同意' });
    await waitStatus(caseNo, 'completed');
    // The status is written by the last worker step, a moment before the engine ends the instance.
    const done = await waitFor('instance ended', async () => {
      const c = await staffCase(caseNo);
      return c.diagram.activeActivityIds.length === 0 ? c : null;
    });
    assert.equal(done.result, 'approved');
    assert.equal(done.clock.state, 'stopped');
    assert.deepEqual(done.documents.map((d: { type: string }) => d.type).sort(), ['acceptance', 'approval_decision']);
    assert.deepEqual(done.diagram.activeActivityIds, []);
    for (const step of [
      'acceptance',
      'registerAcceptance',
      'review',
      'decision',
      'decisionDocument',
      'completionNotice',
    ]) {
      assert.ok(done.diagram.completedActivityIds.includes(step), step);
    }

    const mine = await api.call('GET', `/api/v1/applications/${caseNo}`, { token: t.applicant1 });
    assert.equal(mine.body.status, 'completed');
    assert.ok(mine.body.timeline.some((e: { type: string }) => e.type === 'accepted'));
    assert.ok(
      !mine.body.timeline.some((e: { type: string }) => e.type === 'task.completed'),
      'internal steps are not shown to the applicant',
    );
    const pdf = await fetch(api.url + mine.body.documents[1].url, {
      headers: { Authorization: `Bearer ${t.applicant1}` },
    });
    assert.equal(pdf.status, 200);
    assert.equal((await pdf.arrayBuffer()).byteLength > 1000, true);

    const history = await api.call('GET', `/api/v1/cases/${caseNo}/history`, { token: t.auditor1 });
    const sources = new Set(history.body.entries.map((e: { source: string }) => e.source));
    assert.deepEqual([...sources].sort(), ['audit', 'engine', 'event']);
    const review = history.body.entries.find(
      (e: { source: string; activityId?: string }) => e.source === 'engine' && e.activityId === 'review',
    );
    assert.equal(review.actor, 'approver1');

    const done1 = await api.call('GET', '/api/v1/tasks?view=completed', { token: t.approver1 });
    assert.ok(done1.body.items.some((i: { caseNo: string }) => i.caseNo === caseNo));

    const progress = await api.call('GET', `/api/v1/progress?caseNo=${caseNo}&queryCode=${queryCode}`);
    assert.equal(progress.status, 200);
    assert.equal(progress.body.status, 'completed');
    assert.ok(!JSON.stringify(progress.body).includes('张三'), 'no personal data');
    assert.equal(
      (await api.call('GET', `/api/v1/progress?caseNo=${caseNo}&queryCode=000000`)).status,
      queryCode === '000000' ? 200 : 404,
    );

    const qr = await fetch(`${api.url}/api/v1/applications/${caseNo}/qrcode`, {
      headers: { Authorization: `Bearer ${t.applicant1}` },
    });
    assert.equal(qr.status, 200);
    assert.equal(qr.headers.get('content-type'), 'image/png');

    const low = await api.call('POST', `/api/v1/applications/${caseNo}/evaluation`, {
      token: t.applicant1,
      body: { rating: 2 },
    });
    assert.equal(low.status, 400, 'a low rating needs a reason');
    assert.equal(
      (
        await api.call('POST', `/api/v1/applications/${caseNo}/evaluation`, {
          token: t.applicant1,
          body: { rating: 5 },
        })
      ).status,
      201,
    );
    const again = await api.call('POST', `/api/v1/applications/${caseNo}/evaluation`, {
      token: t.applicant1,
      body: { rating: 4 },
    });
    assert.equal(again.status, 409);
  });
});

describe('acceptance', () => {
  test('a correction at acceptance issues one notice with every material; the answer returns the case to acceptance', async () => {
    const { caseNo } = await apply();
    await act(t.clerk1 as string, await taskAt(caseNo, 'acceptance'), 'requestCorrection', {
      items: [
        { materialCode: 'M03', reason: '布局图未标注尺寸' },
        { materialCode: 'M04', reason: '缺少进货查验制度' },
      ],
    });
    const c = await waitStatus(caseNo, 'correction_required');
    assert.equal(c.correction.items.length, 2);
    assert.match(c.correction.noticeNo, /补〔/);
    assert.equal(c.clock.state, 'not_started', 'no clock before acceptance');
    assert.ok(c.documents.some((d: { type: string }) => d.type === 'correction'));
    const mine = await api.call('GET', `/api/v1/applications/${caseNo}`, { token: t.applicant1 });
    assert.equal(mine.body.correction.items.length, 2);
    const view = await api.call('GET', '/api/v1/cases?view=correction', { token: t.clerk1 });
    assert.ok(
      view.body.items.some((i: { caseNo: string }) => i.caseNo === caseNo),
      'listed under 补正补齐',
    );

    const partial = await api.call('POST', `/api/v1/applications/${caseNo}/corrections`, {
      token: t.applicant1,
      body: {
        materials: [
          { code: 'M03', fileIds: [await upload(api, t.applicant1 as string, 'm03.pdf', tinyPdf('M03 v2'))] },
        ],
      },
    });
    assert.equal(partial.status, 422);
    assert.equal(partial.body.code, 'MATERIALS_INCOMPLETE');

    const answer = await api.call('POST', `/api/v1/applications/${caseNo}/corrections`, {
      token: t.applicant1,
      body: {
        materials: [
          { code: 'M03', fileIds: [await upload(api, t.applicant1 as string, 'm03.pdf', tinyPdf('M03 v3'))] },
          { code: 'M04', fileIds: [await upload(api, t.applicant1 as string, 'm04.pdf', tinyPdf('M04 v2'))] },
        ],
        note: '已按要求补正',
      },
    });
    assert.equal(answer.status, 200, answer.text);
    await waitStatus(caseNo, 'submitted');
    await taskAt(caseNo, 'acceptance');
    const again = await api.call('POST', `/api/v1/applications/${caseNo}/corrections`, {
      token: t.applicant1,
      body: { materials: [{ code: 'M03', fileIds: [] }] },
    });
    assert.equal(again.status, 409);
    await accepted(caseNo);
  });

  test('the correction deadline passing closes the case as not accepted', async () => {
    const { caseNo } = await apply();
    await act(t.clerk1 as string, await taskAt(caseNo, 'acceptance'), 'requestCorrection', {
      items: [{ materialCode: 'M01', reason: '未签字' }],
    });
    const c = await waitStatus(caseNo, 'correction_required');
    assert.ok(new Date(c.correction.deadline) > new Date());
    const pi = (await api.db('cases').where({ case_no: caseNo }).first('process_instance_id')).process_instance_id;
    const [job] = await waitFor('timer job', async () => {
      const jobs = await api.app.engine.jobsOfInstance(pi);
      return jobs.length ? jobs : null;
    });
    assert.equal(
      chinaDate(new Date((job as { dueDate: string }).dueDate.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))),
      chinaDate(new Date(c.correction.deadline)),
    );
    await api.app.engine.executeJob((job as { id: string }).id);
    const closed = await waitStatus(caseNo, 'not_accepted');
    assert.equal(closed.termination, 'expired');
    const late = await api.call('POST', `/api/v1/applications/${caseNo}/corrections`, {
      token: t.applicant1,
      body: { materials: [{ code: 'M01', fileIds: [] }] },
    });
    assert.equal(late.status, 409);
  });

  test('not accepted: a reason is required; the written notice is issued and the case ends', async () => {
    const { caseNo } = await apply();
    const task = await taskAt(caseNo, 'acceptance');
    const noReason = await api.call('POST', `/api/v1/tasks/${task}/actions/notAccept`, { token: t.clerk1, body: {} });
    assert.equal(noReason.status, 400);
    await act(t.clerk1 as string, task, 'notAccept', { opinion: '不属于本部门职权范围' });
    const c = await waitStatus(caseNo, 'not_accepted');
    assert.ok(c.documents.some((d: { type: string }) => d.type === 'not_acceptance'));
    assert.deepEqual(c.tasks, []);
  });

  test('an instant item is accepted and decided in one step; a promised item cannot be', async () => {
    const promised = await apply();
    const task = await taskAt(promised.caseNo, 'acceptance');
    const refused = await api.call('POST', `/api/v1/tasks/${task}/actions/acceptAndDecide`, {
      token: t.clerk1,
      body: {},
    });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'ACTION_NOT_ALLOWED');
    assert.deepEqual(refused.body.details.allowedActions, ['accept', 'notAccept', 'requestCorrection']);

    const { caseNo } = await apply(t.applicant1, { itemCode: INSTANT });
    const instantTask = await taskAt(caseNo, 'acceptance');
    await act(t.clerk1 as string, instantTask, 'acceptAndDecide', { opinion: '当场办结' });
    const c = await waitStatus(caseNo, 'completed');
    assert.equal(c.result, 'approved');
    assert.equal(c.clock.limitDays, 0);
    assert.equal(chinaDate(new Date(c.clock.dueAt)), chinaDate(new Date(c.acceptedAt)));
    assert.deepEqual(c.documents.map((d: { type: string }) => d.type).sort(), ['acceptance', 'approval_decision']);
  });
});

describe('handling', () => {
  test('a correction during review pauses the clock; the answer resumes it and moves the due date by the paused working days', async () => {
    const { caseNo } = await apply();
    const acc = await accepted(caseNo);
    const due0 = chinaDate(new Date(acc.clock.dueAt));
    await act(t.approver1 as string, await taskAt(caseNo, 'review'), 'requestCorrection', {
      items: [{ materialCode: 'M02', reason: '营业执照已过期' }],
    });
    const paused = await waitStatus(caseNo, 'correction_required');
    assert.equal(paused.clock.state, 'paused');
    assert.equal(paused.correction.stage, 'handling');
    // The pause began three working days ago (simulated), so three days come back.
    const caseId = (await api.db('cases').where({ case_no: caseNo }).first('id')).id;
    const threeDaysAgo = await api.db.raw(
      `SELECT to_char(date, 'YYYY-MM-DD') AS d FROM work_calendar WHERE date < ?::date AND is_workday ORDER BY date DESC LIMIT 1 OFFSET 2`,
      [chinaDate(new Date())],
    );
    const start = new Date(`${threeDaysAgo.rows[0].d}T10:00:00+08:00`);
    await api.db('clock_pauses').where({ case_id: caseId }).update({ started_at: start });
    await api.db('cases').where({ id: caseId }).update({ clock_paused_at: start });
    const pausedDays =
      (await api.call('GET', `/api/v1/calendar/due-date?from=${chinaDate(start)}&workingDays=1`)).status === 200
        ? 3
        : 0;

    await api.call('POST', `/api/v1/applications/${caseNo}/corrections`, {
      token: t.applicant1,
      body: {
        materials: [
          { code: 'M02', fileIds: [await upload(api, t.applicant1 as string, 'm02.pdf', tinyPdf('licence'))] },
        ],
      },
    });
    const resumed = await waitStatus(caseNo, 'in_progress');
    assert.equal(resumed.clock.state, 'running');
    assert.equal(resumed.clock.pausedDays, pausedDays);
    assert.equal(
      chinaDate(new Date(resumed.clock.dueAt)),
      await expectedDue(new Date(acc.acceptedAt), 10 + pausedDays),
    );
    assert.notEqual(chinaDate(new Date(resumed.clock.dueAt)), due0);
    await taskAt(caseNo, 'review');
  });

  test('special procedure type 2 pauses the clock and returns to the step it left', async () => {
    const { caseNo } = await apply();
    await accepted(caseNo);
    await act(t.approver1 as string, await taskAt(caseNo, 'review'), 'startSpecialProcedure', {
      type: 2,
      kind: 'expert_review',
      reason: '需组织专家现场评审',
      expectedDays: 5,
    });
    const sp = await waitStatus(caseNo, 'special_procedure');
    assert.equal(sp.clock.state, 'paused');
    assert.equal(sp.specialProcedures[0].type, 2);
    assert.match(sp.specialProcedures[0].noticeNo, /特〔/);
    assert.ok(sp.documents.some((d: { type: string }) => d.type === 'special'));
    const spTask = await taskAt(caseNo, 'specialProcedure');
    assert.ok((await staffCase(caseNo)).diagram.completedActivityIds.includes('specialStart'));
    const noResult = await api.call('POST', `/api/v1/tasks/${spTask}/actions/endSpecialProcedure`, {
      token: t.approver1,
      body: {},
    });
    assert.equal(noResult.status, 400);
    await act(t.approver1 as string, spTask, 'endSpecialProcedure', { result: '专家评审通过' });
    const back = await waitStatus(caseNo, 'in_progress');
    assert.equal(back.clock.state, 'running');
    assert.equal(back.specialProcedures[0].result, '专家评审通过');
    await taskAt(caseNo, 'review');
  });

  test('special procedure type 1 extends the limit, at most 10 working days in all', async () => {
    const { caseNo } = await apply();
    const acc = await accepted(caseNo);
    await act(t.approver1 as string, await taskAt(caseNo, 'review'), 'approve');
    const decision = await taskAt(caseNo, 'decision');
    const tooLong = await api.call('POST', `/api/v1/tasks/${decision}/actions/startSpecialProcedure`, {
      token: t.lead1,
      body: { type: 1, reason: '情况复杂', expectedDays: 11 },
    });
    assert.equal(tooLong.status, 422);
    await act(t.lead1 as string, decision, 'startSpecialProcedure', {
      type: 1,
      reason: '情况复杂，经负责人批准延长',
      expectedDays: 5,
    });
    const ext = await waitStatus(caseNo, 'special_procedure');
    assert.equal(ext.clock.extensionDays, 5);
    assert.equal(ext.clock.limitDays, 15);
    assert.equal(chinaDate(new Date(ext.clock.dueAt)), await expectedDue(new Date(acc.acceptedAt), 15));
    await act(t.lead1 as string, await taskAt(caseNo, 'specialProcedure'), 'endSpecialProcedure', {
      result: '延期结束',
    });
    await taskAt(caseNo, 'decision');
  });

  test('return goes to the previous step, or to a chosen earlier one', async () => {
    const { caseNo } = await apply();
    await accepted(caseNo);
    await act(t.approver1 as string, await taskAt(caseNo, 'review'), 'return', { opinion: '受理信息有误' });
    await taskAt(caseNo, 'acceptance');
    const returned = await api.call('GET', '/api/v1/cases?view=returned', { token: t.clerk1 });
    assert.ok(returned.body.items.some((i: { caseNo: string }) => i.caseNo === caseNo));
    await act(t.clerk1 as string, await taskAt(caseNo, 'acceptance'), 'accept');
    await act(t.approver1 as string, await taskAt(caseNo, 'review'), 'approve');
    const decision = await taskAt(caseNo, 'decision');
    const bad = await api.call('POST', `/api/v1/tasks/${decision}/actions/return`, {
      token: t.lead1,
      body: { opinion: '退回', toActivityId: 'decision' },
    });
    assert.equal(bad.status, 400);
    await act(t.lead1 as string, decision, 'return', { opinion: '请补充审核意见' });
    await act(t.approver1 as string, await taskAt(caseNo, 'review'), 'approve');
    await act(t.lead1 as string, await taskAt(caseNo, 'decision'), 'return', {
      opinion: '重新受理',
      toActivityId: 'acceptance',
    });
    await taskAt(caseNo, 'acceptance');
    const c = await staffCase(caseNo);
    assert.equal(
      c.documents.filter((d: { type: string }) => d.type === 'acceptance').length,
      1,
      'acceptance notice not issued twice',
    );
  });

  test('refuse: the decision states the reason; the case completes as refused', async () => {
    const { caseNo } = await apply();
    await accepted(caseNo);
    await act(t.approver1 as string, await taskAt(caseNo, 'review'), 'approve');
    await act(t.lead1 as string, await taskAt(caseNo, 'decision'), 'refuse', { opinion: '经营场所不符合食品安全要求' });
    const c = await waitStatus(caseNo, 'completed');
    assert.equal(c.result, 'refused');
    assert.equal(c.resultReason, '经营场所不符合食品安全要求');
    assert.ok(c.documents.some((d: { type: string }) => d.type === 'refusal_decision'));
    const refused = await api.call('GET', '/api/v1/cases?view=refused', { token: t.lead1 });
    assert.ok(refused.body.items.some((i: { caseNo: string }) => i.caseNo === caseNo));
  });

  test('void: a lead voids with a reason from any waiting point; a clerk cannot', async () => {
    const { caseNo } = await apply();
    await accepted(caseNo);
    const review = await taskAt(caseNo, 'review');
    const byApprover = await api.call('POST', `/api/v1/tasks/${review}/actions/void`, {
      token: t.approver1,
      body: { reason: '重复申请' },
    });
    assert.equal(byApprover.status, 409);
    const byClerk = await api.call('POST', `/api/v1/cases/${caseNo}/void`, {
      token: t.clerk1,
      body: { reason: '重复申请' },
    });
    assert.equal(byClerk.status, 403);
    const r = await api.call('POST', `/api/v1/cases/${caseNo}/void`, {
      token: t.lead1,
      body: { reason: '申请人重复申请' },
    });
    assert.equal(r.status, 200, r.text);
    const c = await waitStatus(caseNo, 'voided');
    assert.equal(c.terminationReason, '申请人重复申请');
    assert.deepEqual(c.tasks, []);
    const voided = await api.call('GET', '/api/v1/cases?view=voided', { token: t.lead1 });
    assert.ok(voided.body.items.some((i: { caseNo: string }) => i.caseNo === caseNo));
  });

  test('withdraw: the applicant withdraws before the decision, not after', async () => {
    const { caseNo } = await apply();
    await accepted(caseNo);
    const r = await api.call('POST', `/api/v1/applications/${caseNo}/withdraw`, {
      token: t.applicant1,
      body: { reason: '不再经营' },
    });
    assert.equal(r.status, 200, r.text);
    await waitStatus(caseNo, 'withdrawn');
    const twice = await api.call('POST', `/api/v1/applications/${caseNo}/withdraw`, {
      token: t.applicant1,
      body: { reason: '再次' },
    });
    assert.equal(twice.status, 409);
  });
});

describe('concurrency, idempotency and access', () => {
  test('two clerks claiming one task at once: exactly one succeeds, the other gets 409', async () => {
    const other = await createTestUser(api, { roles: ['clerk'], departments: ['SLQ-SCJG'] });
    const otherToken = await api.login(other.username, other.password);
    const { caseNo } = await apply();
    const task = await taskAt(caseNo, 'acceptance');
    const results = await Promise.all([
      api.call('POST', `/api/v1/tasks/${task}/claim`, { token: t.clerk1 }),
      api.call('POST', `/api/v1/tasks/${task}/claim`, { token: otherToken }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
    assert.equal(results.find((r) => r.status === 409)?.body.code, 'TASK_ALREADY_CLAIMED');
    const winner = results[0]?.status === 200 ? t.clerk1 : otherToken;
    const loser = winner === t.clerk1 ? otherToken : t.clerk1;
    const late = await api.call('POST', `/api/v1/tasks/${task}/actions/accept`, { token: loser, body: {} });
    assert.equal(late.status, 409);
    await act(winner as string, task, 'accept');
    const gone = await api.call('POST', `/api/v1/tasks/${task}/actions/accept`, { token: winner, body: {} });
    assert.equal(gone.status, 409);
    assert.equal(gone.body.code, 'TASK_GONE');
  });

  test('two staff acting on the same task at once: one succeeds, the other gets 409, never 500', async () => {
    const { caseNo } = await apply();
    await accepted(caseNo);
    const review = await taskAt(caseNo, 'review');
    const results = await Promise.all([
      api.call('POST', `/api/v1/tasks/${review}/actions/approve`, { token: t.approver1, body: {} }),
      api.call('POST', `/api/v1/tasks/${review}/actions/approve`, { token: t.approver2, body: {} }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
  });

  test('the same Idempotency-Key returns the first answer; with another body 409', async () => {
    const key = `submit-${Date.now()}`;
    const first = await apply(t.applicant2, { key });
    const materials = [{ code: 'M01', fileIds: [] }];
    const replay = await api.call('POST', '/api/v1/applications', {
      token: t.applicant2,
      headers: { 'Idempotency-Key': key },
      body: { itemCode: FOOD, form: FORM, materials, submit: true },
    });
    assert.equal(replay.status, 409);
    assert.equal(replay.body.code, 'IDEMPOTENCY_CONFLICT');
    const count = await api
      .db('cases')
      .where({
        applicant_id: (await api.db('users').where({ username: 'applicant2' }).first('id')).id,
        item_code: FOOD,
      })
      .count({ n: '*' });
    const before = Number(count[0]?.n);
    // Replaying the identical request (same files) answers with the same case.
    const mine = await api.call('GET', `/api/v1/applications/${first.caseNo}`, { token: t.applicant2 });
    const same = await api.call('POST', '/api/v1/applications', {
      token: t.applicant2,
      headers: { 'Idempotency-Key': key },
      body: {
        itemCode: FOOD,
        form: FORM,
        materials: mine.body.materials
          .filter((m: { files: unknown[] }) => m.files.length)
          .map((m: { code: string; files: { id: string }[] }) => ({ code: m.code, fileIds: m.files.map((f) => f.id) })),
        submit: true,
      },
    });
    assert.equal(same.status, 201, same.text);
    assert.equal(same.body.caseNo, first.caseNo);
    const after = await api
      .db('cases')
      .where({
        applicant_id: (await api.db('users').where({ username: 'applicant2' }).first('id')).id,
        item_code: FOOD,
      })
      .count({ n: '*' });
    assert.equal(Number(after[0]?.n), before, 'no second case');
  });

  test('incomplete materials are refused with 422 MATERIALS_INCOMPLETE and nothing is written', async () => {
    const before = await api.db('cases').count({ n: '*' });
    const r = await api.call('POST', '/api/v1/applications', {
      token: t.applicant1,
      body: {
        itemCode: FOOD,
        form: FORM,
        materials: [{ code: 'M01', fileIds: [await upload(api, t.applicant1 as string, 'm01.pdf', tinyPdf())] }],
        submit: true,
      },
    });
    assert.equal(r.status, 422);
    assert.equal(r.body.code, 'MATERIALS_INCOMPLETE');
    assert.deepEqual(
      r.body.details.map((d: { materialCode: string }) => d.materialCode),
      ['M02', 'M03', 'M04'],
    );
    const after = await api.db('cases').count({ n: '*' });
    assert.equal(Number(after[0]?.n), Number(before[0]?.n));
  });

  test('a draft is saved, changed and submitted later', async () => {
    const r = await api.call('POST', '/api/v1/applications', {
      token: t.applicant1,
      body: { itemCode: FOOD, form: { operatorName: '草稿' }, materials: [], submit: false },
    });
    assert.equal(r.status, 201);
    assert.equal(r.body.status, 'draft');
    assert.equal(
      (await api.call('GET', `/api/v1/cases/${r.body.caseNo}`, { token: t.clerk1 })).status,
      404,
      'a draft is private',
    );
    const drafts = await api.call('GET', '/api/v1/cases?view=all', { token: t.clerk1 });
    assert.ok(!drafts.body.items.some((i: { caseNo: string }) => i.caseNo === r.body.caseNo));
    const early = await api.call('POST', `/api/v1/applications/${r.body.caseNo}/submit`, { token: t.applicant1 });
    assert.equal(early.status, 400, 'the form is incomplete');
    const materials = [];
    for (const code of ['M01', 'M02', 'M03', 'M04'])
      materials.push({ code, fileIds: [await upload(api, t.applicant1 as string, `${code}.pdf`, tinyPdf(code))] });
    assert.equal(
      (
        await api.call('PATCH', `/api/v1/applications/${r.body.caseNo}`, {
          token: t.applicant1,
          body: { form: FORM, materials },
        })
      ).status,
      200,
    );
    const submitted = await api.call('POST', `/api/v1/applications/${r.body.caseNo}/submit`, { token: t.applicant1 });
    assert.equal(submitted.status, 200, submitted.text);
    assert.equal(submitted.body.status, 'submitted');
    assert.equal(
      (await api.call('PATCH', `/api/v1/applications/${r.body.caseNo}`, { token: t.applicant1, body: { form: FORM } }))
        .status,
      409,
    );
  });

  test("an applicant reading another applicant's case gets 404; a clerk of another department acting on the task gets 403", async () => {
    const { caseNo } = await apply();
    assert.equal((await api.call('GET', `/api/v1/applications/${caseNo}`, { token: t.applicant2 })).status, 404);
    assert.equal(
      (
        await api.call('POST', `/api/v1/applications/${caseNo}/withdraw`, {
          token: t.applicant2,
          body: { reason: 'x' },
        })
      ).status,
      404,
    );
    const task = await taskAt(caseNo, 'acceptance');
    assert.equal(
      (await api.call('POST', `/api/v1/tasks/${task}/actions/accept`, { token: t.clerk2, body: {} })).status,
      403,
    );
    assert.equal((await api.call('POST', `/api/v1/tasks/${task}/claim`, { token: t.clerk2 })).status, 403);
    assert.equal((await api.call('GET', `/api/v1/cases/${caseNo}`, { token: t.clerk2 })).status, 403);
    const todo = await api.call('GET', '/api/v1/tasks?view=todo', { token: t.clerk2 });
    assert.ok(
      !todo.body.items.some((i: { caseNo: string }) => i.caseNo === caseNo),
      'not in the other department’s list',
    );
    assert.equal(
      (await api.call('POST', `/api/v1/tasks/${task}/actions/accept`, { token: t.approver1, body: {} })).status,
      403,
      'wrong role for the step',
    );
  });
});

describe('anonymous progress', () => {
  test('a wrong query code answers 404 like an unknown case, and guessing is throttled with 429', async () => {
    const { caseNo } = await apply();
    const unknown = await api.call('GET', '/api/v1/progress?caseNo=NOSUCHCASE0001&queryCode=123456');
    assert.equal(unknown.status, 404);
    let limited = 0;
    for (let i = 0; i < 40; i++) {
      const r = await api.call('GET', `/api/v1/progress?caseNo=${caseNo}&queryCode=${String(i).padStart(6, '9')}`);
      if (r.status === 429) limited++;
      else assert.equal(r.status, 404);
    }
    assert.ok(limited > 0, 'throttled');
    assert.equal((await api.call('GET', `/api/v1/progress?caseNo=${caseNo}&queryCode=12`)).status, 400);
  });
});

describe('workers', () => {
  test('a worker dying after the side effect and before completing: the redelivery changes nothing and the flow goes on', async () => {
    await workers.stop();
    // A long poll the stopped worker left open in the engine would still take the next task.
    await new Promise((r) => setTimeout(r, 6000));
    const { caseNo } = await apply();
    await act(t.clerk1 as string, await taskAt(caseNo, 'acceptance'), 'accept');
    // A worker locks the task and has the API do the work, then dies without completing it.
    const locked = await waitFor('external task', async () => {
      const r = (await api.app.engine.request('POST', '/external-task/fetchAndLock', {
        body: {
          workerId: 'doomed-worker',
          maxTasks: 1,
          topics: [{ topicName: 'tongban.case.accepted', lockDuration: 1000 }],
        },
      })) as { id: string; businessKey: string; processInstanceId: string }[];
      return r.find((x) => x.businessKey === caseNo);
    });
    const { WORKER_TOKEN } = await import('../../test-support/harness.js');
    const first = await api.call('POST', '/api/v1/internal/topics/tongban.case.accepted', {
      headers: { 'X-Tongban-Worker-Token': WORKER_TOKEN },
      body: {
        taskId: locked.id,
        topic: 'tongban.case.accepted',
        businessKey: caseNo,
        processInstanceId: locked.processInstanceId,
        activityId: 'registerAcceptance',
        variables: {},
      },
    });
    assert.equal(first.status, 200, first.text);
    workers = startWorkers(api);
    const c = await waitStatus(caseNo, 'in_progress');
    await taskAt(caseNo, 'review');
    assert.equal(c.documents.filter((d: { type: string }) => d.type === 'acceptance').length, 1);
    const caseId = (await api.db('cases').where({ case_no: caseNo }).first('id')).id;
    const notes = await api.db('notifications').where({ case_id: caseId, template: 'accepted' }).count({ n: '*' });
    assert.equal(Number(notes[0]?.n), 1, 'the acceptance notice was sent once');
  });

  test('kill -9 of the worker process: a new worker picks the work up', async () => {
    if (workers.exitCode === null && !workers.signalCode) {
      const exited = new Promise((r) => workers.once('exit', r));
      workers.kill('SIGKILL');
      await exited;
    }
    const { caseNo } = await apply();
    await act(t.clerk1 as string, await taskAt(caseNo, 'acceptance'), 'accept');
    workers = startWorkers(api);
    // The killed worker's open long poll may have taken the task: it comes back when its lock
    // (30 s) expires, so nothing is lost, only delayed.
    await waitStatus(caseNo, 'in_progress', 75_000);
    await taskAt(caseNo, 'review');
  });
});
