import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { CaseBranchDto, DepartmentProgressDto } from '@tongban/contracts';
import { startTestApi, type TestApi } from '../../test-support/harness.js';
import { startWorkers, tinyPdf, upload, waitFor } from '../../test-support/flow.js';

const BUNDLE = '11410404MB0000001X4000999001001'; // 开办餐馆一件事: SCJG (lead), WJW, XF; cancel the rest
const BUILD = '11410404MB0000003X4000333003001'; // 施工许可阶段: ZJJ (lead), ZRZY, FGW, XF; finish all; 模拟审批
const BUNDLE_FORM = {
  shopName: '石龙区味道餐馆',
  operatorName: '张三',
  premisesAddress: '石龙区人民路1号',
  contactPhone: '13800001234',
  businessScope: '热食类食品制售',
  premisesName: '味道餐馆',
};
const BUILD_FORM = { projectName: '石龙区便民服务中心', projectAddress: '石龙区建设路8号', investment: 3200 };

type Branch = {
  department: { code: string };
  status: string;
  step: string | null;
  handler: string | null;
  opinion: string | null;
  result: string | null;
  cancelReason: string | null;
  clock: { state: string; limitDays: number; extensionDays: number; pausedDays: number; dueAt: string | null };
};
type Task = { id: string; activityId: string; department: string; allowedActions: string[] };

let api: TestApi;
let workers: ReturnType<typeof startWorkers>;
const t: Record<string, string> = {};

before(async () => {
  api = await startTestApi();
  workers = startWorkers(api);
  for (const u of [
    'applicant1',
    'legal1',
    'clerk1',
    'clerk2',
    'approver1',
    'lead1',
    'auditor1',
    'approver_wjw1',
    'lead_wjw1',
    'approver_xf1',
    'lead_xf1',
    'approver_zjj1',
    'lead_zjj1',
    'approver_zrzy1',
    'lead_zrzy1',
    'approver_fgw1',
    'lead_fgw1',
  ])
    t[u] = await api.login(u);
});
after(async () => {
  await workers.stop();
  await api.close();
});

const tok = (u: string) => t[u] as string;

async function itemMaterials(code: string): Promise<{ code: string; name: string; required: boolean }[]> {
  const r = await api.call('GET', `/api/v1/items/${code}`);
  assert.equal(r.status, 200, r.text);
  return r.body.materials;
}

async function apply(itemCode: string, user: string, opts: { skip?: string[] } = {}) {
  const materials = [];
  for (const m of await itemMaterials(itemCode)) {
    if (!m.required || opts.skip?.includes(m.code)) continue;
    materials.push({ code: m.code, fileIds: [await upload(api, tok(user), `${m.code}.pdf`, tinyPdf(m.code))] });
  }
  const r = await api.call('POST', '/api/v1/applications', {
    token: tok(user),
    body: { itemCode, form: itemCode === BUNDLE ? BUNDLE_FORM : BUILD_FORM, materials, submit: true },
  });
  assert.equal(r.status, 201, r.text);
  return r.body.caseNo as string;
}

async function caseAs(caseNo: string, user = 'auditor1') {
  const r = await api.call('GET', `/api/v1/cases/${caseNo}`, { token: tok(user) });
  assert.equal(r.status, 200, r.text);
  return r.body as { status: string; result: string | null; tasks: Task[]; branches: Branch[]; [k: string]: unknown };
}

const branchOf = (c: { branches: Branch[] }, dept: string) =>
  c.branches.find((b) => b.department.code === dept) as Branch;

/** Waits for the open task of a step (in a department's branch) and returns its id. */
const taskAt = (caseNo: string, activityId: string, department?: string) =>
  waitFor(`${caseNo} task ${activityId} ${department ?? ''}`, async () => {
    const c = await caseAs(caseNo);
    return c.tasks.find((x) => x.activityId === activityId && (!department || x.department === department))?.id;
  });

async function act(user: string, taskId: string, action: string, body: Record<string, unknown> = {}, expected = 200) {
  const r = await api.call('POST', `/api/v1/tasks/${taskId}/actions/${action}`, { token: tok(user), body });
  assert.equal(r.status, expected, `${user} ${action}: ${r.text}`);
  return r.body;
}

const waitCase = (caseNo: string, what: string, probe: (c: Awaited<ReturnType<typeof caseAs>>) => boolean) =>
  waitFor(`${caseNo}: ${what}`, async () => {
    const c = await caseAs(caseNo);
    return probe(c) ? c : null;
  });

/** The department's approver and lead approve their branch. */
async function approveBranch(caseNo: string, dept: string, approver: string, lead: string) {
  await act(approver, await taskAt(caseNo, 'branchReview', dept), 'approve', { opinion: `${dept} 审查通过` });
  await act(lead, await taskAt(caseNo, 'branchDecision', dept), 'approve', { opinion: `${dept} 同意` });
}

async function acceptAs(clerk: string, caseNo: string) {
  await act(clerk, await taskAt(caseNo, 'acceptance'), 'accept', { opinion: '材料齐全，予以受理' });
  return waitCase(caseNo, 'branches started', (c) => c.branches.every((b) => b.status === 'in_progress'));
}

async function consolidate(caseNo: string, lead: string) {
  await act(lead, await taskAt(caseNo, 'consolidation'), 'consolidate', { opinion: '汇总各部门意见' });
  return waitFor(`${caseNo} completed`, async () => {
    const c = await caseAs(caseNo);
    const d = c.diagram as { activeActivityIds: string[] };
    return c.status === 'completed' && d.activeActivityIds.length === 0 ? c : null;
  });
}

describe('开办餐馆一件事 (bundle, cancel the rest on refusal)', () => {
  test('one application with the de-duplicated material list; three departments approve in parallel; the lead consolidates', async () => {
    const materials = await itemMaterials(BUNDLE);
    const codes = materials.map((m) => m.code);
    assert.equal(codes.length, 12, 'four items with 15 materials, three asked once instead of twice or thrice');
    assert.equal(codes.filter((c) => c === 'S01').length, 1);
    assert.ok(
      !codes.includes('FD_M02') && !codes.includes('HY_M02') && !codes.includes('FS_M02'),
      'licence copy asked once',
    );
    const caseNo = await apply(BUNDLE, 'applicant1');

    const accepted = await acceptAs('clerk1', caseNo);
    assert.deepEqual(
      accepted.branches.map((b) => b.department.code),
      ['SLQ-SCJG', 'SLQ-WJW', 'SLQ-XF'],
    );
    for (const b of accepted.branches) {
      assert.equal(b.clock.state, 'running');
      assert.equal(b.clock.limitDays, 10);
    }

    // Every department works on the same materials: the fire approver reads the shared file.
    const fireView = await caseAs(caseNo, 'approver_xf1');
    assert.deepEqual(
      fireView.branches.map((b) => b.department.code),
      ['SLQ-XF'],
      'a participating department sees its own branch only',
    );
    assert.ok(fireView.tasks.every((x) => x.department === 'SLQ-XF'));
    const shared = (fireView.materials as { code: string; files: { url: string }[] }[]).find((m) => m.code === 'S01');
    const file = await fetch(api.url + shared?.files[0]?.url, {
      headers: { Authorization: `Bearer ${tok('approver_xf1')}` },
    });
    assert.equal(file.status, 200);

    await approveBranch(caseNo, 'SLQ-SCJG', 'approver1', 'lead1');
    await approveBranch(caseNo, 'SLQ-WJW', 'approver_wjw1', 'lead_wjw1');
    await approveBranch(caseNo, 'SLQ-XF', 'approver_xf1', 'lead_xf1');

    const joined = await waitCase(caseNo, 'consolidation', (c) =>
      c.tasks.some((x) => x.activityId === 'consolidation'),
    );
    for (const b of joined.branches) {
      assert.equal(b.result, 'approved');
      assert.equal(b.clock.state, 'stopped');
      assert.ok(b.handler?.startsWith('lead'));
      assert.match(b.opinion ?? '', /同意/);
    }
    const done = await consolidate(caseNo, 'lead1');
    assert.equal(done.result, 'approved');
    assert.ok((done.documents as { type: string }[]).some((d) => d.type === 'approval_decision'));

    const mine = await api.call('GET', `/api/v1/applications/${caseNo}`, { token: tok('applicant1') });
    assert.equal(mine.body.status, 'completed');
    assert.deepEqual(
      mine.body.departments.map((d: { department: string; result: string }) => [d.department, d.result]),
      [
        ['石龙区市场监督管理局', 'approved'],
        ['石龙区卫生健康委员会', 'approved'],
        ['石龙区消防救援大队', 'approved'],
      ],
    );
    assert.deepEqual(mine.body.departments[0].items, ['个体工商户设立登记', '食品经营许可（新办）']);
    z.array(DepartmentProgressDto).parse(mine.body.departments);
    assert.ok(!JSON.stringify(mine.body.departments).includes('lead'), 'no staff names for the applicant');
  });
});

/** Open incidents of the case's process instance in the engine (a failed job or external task). */
async function incidents(caseNo: string): Promise<unknown[]> {
  const row = (await api.db('cases').where({ case_no: caseNo }).first('process_instance_id')) as {
    process_instance_id: string;
  };
  const { url, user, password } = api.config.engine;
  const r = await fetch(`${url}/incident?processInstanceId=${row.process_instance_id}`, {
    headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
  });
  assert.equal(r.status, 200);
  return (await r.json()) as unknown[];
}

describe('refusal', () => {
  test('cancel the rest (default): one department refuses, the other branches are cancelled and told why', async () => {
    const caseNo = await apply(BUNDLE, 'applicant1');
    await acceptAs('clerk1', caseNo);
    await act('approver_wjw1', await taskAt(caseNo, 'branchReview', 'SLQ-WJW'), 'approve', { opinion: '现场核查' });
    await act('lead_wjw1', await taskAt(caseNo, 'branchDecision', 'SLQ-WJW'), 'refuse', {
      opinion: '卫生检测报告不合格',
    });
    const joined = await waitCase(caseNo, 'consolidation', (c) =>
      c.tasks.some((x) => x.activityId === 'consolidation'),
    );
    assert.equal(branchOf(joined, 'SLQ-WJW').result, 'refused');
    for (const dept of ['SLQ-SCJG', 'SLQ-XF']) {
      const b = branchOf(joined, dept);
      assert.equal(b.status, 'cancelled', dept);
      assert.equal(b.result, null);
      assert.match(b.cancelReason ?? '', /卫生检测报告不合格/);
      assert.equal(b.clock.state, 'stopped');
    }
    assert.ok(!joined.tasks.some((x) => x.activityId.startsWith('branch')), 'no branch task left open');
    const told = await api
      .db('notifications as n')
      .join('users as u', 'u.id', 'n.user_id')
      .join('cases as c', 'c.id', 'n.case_id')
      .where({ 'c.case_no': caseNo, 'n.template': 'branch_cancelled', 'n.channel': 'site' })
      .pluck('u.username');
    assert.ok(told.includes('approver_xf1') && told.includes('lead1'), `told: ${told.join(', ')}`);

    const done = await consolidate(caseNo, 'lead1');
    assert.equal(done.result, 'refused');
    assert.match(String(done.resultReason), /卫生健康委员会不予许可：卫生检测报告不合格/);
    assert.ok((done.documents as { type: string }[]).some((d) => d.type === 'refusal_decision'));
    const mine = await api.call('GET', `/api/v1/applications/${caseNo}`, { token: tok('applicant1') });
    assert.deepEqual(
      mine.body.departments.map((d: { status: string }) => d.status),
      ['cancelled', 'refused', 'cancelled'],
    );
  });

  test('finish all: one department refuses, the others still finish their reviews', async () => {
    const caseNo = await apply(BUILD, 'legal1');
    await acceptAs('clerk2', caseNo);
    await act('approver_fgw1', await taskAt(caseNo, 'branchReview', 'SLQ-FGW'), 'approve', { opinion: '已审查' });
    await act('lead_fgw1', await taskAt(caseNo, 'branchDecision', 'SLQ-FGW'), 'refuse', {
      opinion: '项目不符合产业政策',
    });
    const after = await waitCase(caseNo, 'FGW refused', (c) => branchOf(c, 'SLQ-FGW').result === 'refused');
    for (const dept of ['SLQ-ZJJ', 'SLQ-ZRZY', 'SLQ-XF']) assert.equal(branchOf(after, dept).status, 'in_progress');
    await approveBranch(caseNo, 'SLQ-ZJJ', 'approver_zjj1', 'lead_zjj1');
    await approveBranch(caseNo, 'SLQ-ZRZY', 'approver_zrzy1', 'lead_zrzy1');
    await approveBranch(caseNo, 'SLQ-XF', 'approver_xf1', 'lead_xf1');
    const joined = await waitCase(caseNo, 'consolidation', (c) =>
      c.tasks.some((x) => x.activityId === 'consolidation'),
    );
    assert.deepEqual(
      joined.branches.map((b) => b.result),
      ['approved', 'approved', 'refused', 'approved'],
    );
    const done = await consolidate(caseNo, 'lead_zjj1');
    assert.equal(done.result, 'refused');
  });
});

describe('one branch at a time', () => {
  test('a special procedure in one branch pauses only its clock while the others finish', async () => {
    const caseNo = await apply(BUNDLE, 'applicant1');
    await acceptAs('clerk1', caseNo);
    await act('approver_xf1', await taskAt(caseNo, 'branchReview', 'SLQ-XF'), 'startSpecialProcedure', {
      type: 2,
      kind: 'inspection',
      reason: '需现场消防检验',
      expectedDays: 5,
    });
    const paused = await waitCase(caseNo, 'XF paused', (c) => branchOf(c, 'SLQ-XF').status === 'special');
    assert.equal(branchOf(paused, 'SLQ-XF').clock.state, 'paused');
    assert.equal(branchOf(paused, 'SLQ-SCJG').clock.state, 'running');
    assert.equal(branchOf(paused, 'SLQ-WJW').clock.state, 'running');
    assert.equal(paused.status, 'in_progress', 'the case goes on');
    assert.equal((paused.clock as { state: string }).state, 'running', 'the case clock is not paused');

    await approveBranch(caseNo, 'SLQ-SCJG', 'approver1', 'lead1');
    await approveBranch(caseNo, 'SLQ-WJW', 'approver_wjw1', 'lead_wjw1');
    const others = await waitCase(caseNo, 'two done', (c) =>
      ['SLQ-SCJG', 'SLQ-WJW'].every((d) => branchOf(c, d).result === 'approved'),
    );
    assert.equal(branchOf(others, 'SLQ-XF').clock.state, 'paused');
    assert.ok(!others.tasks.some((x) => x.activityId === 'consolidation'), 'the join waits for the paused branch');
    const special = (others.specialProcedures as { id: string; fromStep: string }[])[0];
    assert.equal(special?.fromStep, 'branchReview');

    await act('approver_xf1', await taskAt(caseNo, 'branchSpecialProcedure', 'SLQ-XF'), 'endSpecialProcedure', {
      result: '检验合格',
    });
    await waitCase(caseNo, 'XF resumed', (c) => branchOf(c, 'SLQ-XF').clock.state === 'running');
    // Back to the step it came from (specialFrom = branchReview).
    await taskAt(caseNo, 'branchReview', 'SLQ-XF');
    await approveBranch(caseNo, 'SLQ-XF', 'approver_xf1', 'lead_xf1');
    const done = await consolidate(caseNo, 'lead1');
    assert.equal(done.result, 'approved');
  });

  test("an extension lengthens only its department's limit, at most 10 working days per department", async () => {
    const caseNo = await apply(BUNDLE, 'applicant1');
    await acceptAs('clerk1', caseNo);
    await act('approver_xf1', await taskAt(caseNo, 'branchReview', 'SLQ-XF'), 'startSpecialProcedure', {
      type: 1,
      reason: '现场检查需延长',
      expectedDays: 8,
    });
    const extended = await waitCase(caseNo, 'XF extended', (c) => branchOf(c, 'SLQ-XF').clock.limitDays === 18);
    assert.equal(branchOf(extended, 'SLQ-XF').clock.extensionDays, 8);
    assert.equal(branchOf(extended, 'SLQ-XF').clock.state, 'running', 'an extension does not stop the clock');
    assert.equal(branchOf(extended, 'SLQ-WJW').clock.limitDays, 10);
    await act('lead_xf1', await taskAt(caseNo, 'branchSpecialProcedure', 'SLQ-XF'), 'endSpecialProcedure', {
      result: '已延长',
    });
    const again = await act(
      'approver_xf1',
      await taskAt(caseNo, 'branchReview', 'SLQ-XF'),
      'startSpecialProcedure',
      { type: 1, reason: '再次延长', expectedDays: 5 },
      422,
    );
    assert.equal(again.code, 'DOMAIN_RULE');
  });

  test('corrections asked by two departments reach the applicant once each and each answer goes back to the branch that asked', async () => {
    const caseNo = await apply(BUNDLE, 'applicant1');
    await acceptAs('clerk1', caseNo);
    await act('approver_wjw1', await taskAt(caseNo, 'branchReview', 'SLQ-WJW'), 'requestCorrection', {
      items: [{ materialCode: 'HY_M03', reason: '检测报告已过期' }],
    });
    const waiting = await waitCase(caseNo, 'correction', (c) => c.status === 'correction_required');
    assert.equal(branchOf(waiting, 'SLQ-WJW').status, 'correction');
    assert.equal(branchOf(waiting, 'SLQ-WJW').clock.state, 'paused');
    assert.equal(branchOf(waiting, 'SLQ-XF').clock.state, 'running');

    // Another department asks too, while the first is open: its own notice; the other branches go on.
    await act('approver_xf1', await taskAt(caseNo, 'branchReview', 'SLQ-XF'), 'requestCorrection', {
      items: [{ materialCode: 'FS_M03', reason: '缺应急预案' }],
    });
    const both = await waitCase(caseNo, 'two corrections', (c) => branchOf(c, 'SLQ-XF').status === 'correction');
    assert.equal(branchOf(both, 'SLQ-XF').clock.state, 'paused');
    assert.equal(branchOf(both, 'SLQ-SCJG').clock.state, 'running');
    await approveBranch(caseNo, 'SLQ-SCJG', 'approver1', 'lead1');

    const view = async () =>
      (await api.call('GET', `/api/v1/applications/${caseNo}`, { token: tok('applicant1') })).body as {
        status: string;
        correction: { items: unknown[] };
      };
    let mine = await view();
    assert.equal(mine.status, 'correction_required');
    assert.deepEqual(mine.correction.items, [{ materialCode: 'HY_M03', reason: '检测报告已过期' }], 'asked first');
    const notices = await api
      .db('notifications as n')
      .join('cases as c', 'c.id', 'n.case_id')
      .where({ 'c.case_no': caseNo, 'n.template': 'correction', 'n.channel': 'site' })
      .count({ n: '*' });
    assert.equal(Number(notices[0]?.n), 2, 'one notice per asking department, each once');

    const answerWith = async (code: string) => {
      const fileId = await upload(api, tok('applicant1'), `${code}.pdf`, tinyPdf(code));
      const r = await api.call('POST', `/api/v1/applications/${caseNo}/corrections`, {
        token: tok('applicant1'),
        body: { materials: [{ code, fileIds: [fileId] }] },
      });
      assert.equal(r.status, 200, r.text);
    };
    await answerWith('HY_M03');
    const back = await waitCase(caseNo, 'WJW back', (c) =>
      c.tasks.some((x) => x.activityId === 'branchReview' && x.department === 'SLQ-WJW'),
    );
    assert.equal(branchOf(back, 'SLQ-WJW').status, 'in_progress');
    assert.equal(branchOf(back, 'SLQ-WJW').clock.state, 'running');
    assert.equal(branchOf(back, 'SLQ-XF').status, 'correction', 'the answer went to the department that asked');
    assert.equal(back.status, 'correction_required', 'the fire department still waits');
    assert.equal(branchOf(back, 'SLQ-SCJG').result, 'approved', 'the branch that did not ask is untouched');
    mine = await view();
    assert.deepEqual(mine.correction.items, [{ materialCode: 'FS_M03', reason: '缺应急预案' }], 'then the next');

    await answerWith('FS_M03');
    const done = await waitCase(caseNo, 'XF back', (c) =>
      c.tasks.some((x) => x.activityId === 'branchReview' && x.department === 'SLQ-XF'),
    );
    assert.equal(branchOf(done, 'SLQ-XF').clock.state, 'running');
    assert.equal(done.status, 'in_progress');
  });

  test('two departments finishing at the same moment do not fail at the join', async () => {
    const caseNo = await apply(BUNDLE, 'applicant1');
    await acceptAs('clerk1', caseNo);
    for (const [dept, approver] of [
      ['SLQ-SCJG', 'approver1'],
      ['SLQ-WJW', 'approver_wjw1'],
      ['SLQ-XF', 'approver_xf1'],
    ] as const)
      await act(approver, await taskAt(caseNo, 'branchReview', dept), 'approve', { opinion: '通过' });
    const ids = await Promise.all(
      (['SLQ-SCJG', 'SLQ-WJW', 'SLQ-XF'] as const).map((d) => taskAt(caseNo, 'branchDecision', d)),
    );
    const results = await Promise.all(
      [
        ['lead1', ids[0]],
        ['lead_wjw1', ids[1]],
        ['lead_xf1', ids[2]],
      ].map(([user, id]) =>
        api.call('POST', `/api/v1/tasks/${id}/actions/approve`, {
          token: tok(user as string),
          body: { opinion: '同意' },
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      [200, 200, 200],
      results.map((r) => r.text).join('\n'),
    );
    const joined = await waitCase(caseNo, 'consolidation', (c) =>
      c.tasks.some((x) => x.activityId === 'consolidation'),
    );
    assert.ok(joined.branches.every((b) => b.result === 'approved'));
    assert.deepEqual(await incidents(caseNo), []);
    await consolidate(caseNo, 'lead1');
  });
});

describe('simulated approval (模拟审批)', () => {
  test('applied without the land-rights proof; simulated decision; the proof arrives and the formal decision follows without review', async () => {
    const noProof = await api.call('POST', '/api/v1/applications', {
      token: tok('applicant1'),
      body: { itemCode: BUNDLE, form: BUNDLE_FORM, materials: [], submit: true },
    });
    assert.equal(noProof.status, 422, 'a bundle without simulation needs every required material');
    assert.equal(noProof.body.code, 'MATERIALS_INCOMPLETE');

    const caseNo = await apply(BUILD, 'legal1', { skip: ['M02'] });
    await acceptAs('clerk2', caseNo);
    await approveBranch(caseNo, 'SLQ-ZJJ', 'approver_zjj1', 'lead_zjj1');
    await approveBranch(caseNo, 'SLQ-ZRZY', 'approver_zrzy1', 'lead_zrzy1');
    await approveBranch(caseNo, 'SLQ-FGW', 'approver_fgw1', 'lead_fgw1');
    await approveBranch(caseNo, 'SLQ-XF', 'approver_xf1', 'lead_xf1');
    const done = await consolidate(caseNo, 'lead_zjj1');
    assert.equal(done.result, 'approved');
    assert.deepEqual(
      (done.documents as { type: string }[]).map((d) => d.type),
      ['acceptance', 'simulated_decision'],
    );
    assert.match((done.documents as { title: string }[])[1]?.title ?? '', /模拟审批/);

    const mine = await api.call('GET', `/api/v1/applications/${caseNo}`, { token: tok('legal1') });
    assert.deepEqual(mine.body.simulation, { simulated: true, prerequisiteMaterial: 'M02', formalizedAt: null });

    const wrong = await api.call('POST', `/api/v1/applications/${caseNo}/prerequisite`, {
      token: tok('legal1'),
      body: { materials: [{ code: 'M03', fileIds: [await upload(api, tok('legal1'), 'x.pdf', tinyPdf('x'))] }] },
    });
    assert.equal(wrong.status, 400);
    const proof = await upload(api, tok('legal1'), 'land.pdf', tinyPdf('land rights'));
    const other = await api.call('POST', `/api/v1/applications/${caseNo}/prerequisite`, {
      token: tok('applicant1'),
      body: { materials: [{ code: 'M02', fileIds: [proof] }] },
    });
    assert.equal(other.status, 404, "another applicant's case answers like a missing one");
    const formal = await api.call('POST', `/api/v1/applications/${caseNo}/prerequisite`, {
      token: tok('legal1'),
      body: { materials: [{ code: 'M02', fileIds: [proof] }] },
    });
    assert.equal(formal.status, 200, formal.text);
    assert.equal(formal.body.converted, true);
    assert.deepEqual(
      formal.body.documents.map((d: { type: string }) => d.type),
      ['acceptance', 'simulated_decision', 'approval_decision'],
      'history keeps both decisions',
    );
    assert.ok(formal.body.timeline.some((e: { type: string }) => e.type === 'simulation_converted'));
    assert.ok(formal.body.simulation.formalizedAt);
    const again = await api.call('POST', `/api/v1/applications/${caseNo}/prerequisite`, {
      token: tok('legal1'),
      body: { materials: [{ code: 'M02', fileIds: [proof] }] },
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'ACTION_NOT_ALLOWED');
    const staff = await caseAs(caseNo, 'clerk2');
    assert.ok(!staff.tasks.length, 'no second review');
  });
});

describe('department scope', () => {
  test('a department approver sees and acts on its own branch only', async () => {
    const caseNo = await apply(BUNDLE, 'applicant1');
    await acceptAs('clerk1', caseNo);
    const xfTask = await taskAt(caseNo, 'branchReview', 'SLQ-XF');
    const wjwTask = await taskAt(caseNo, 'branchReview', 'SLQ-WJW');

    const claim = await api.call('POST', `/api/v1/tasks/${xfTask}/claim`, { token: tok('approver_wjw1') });
    assert.equal(claim.status, 403);
    assert.equal(claim.body.code, 'FORBIDDEN');
    await act('approver_wjw1', xfTask, 'approve', { opinion: '越权' }, 403);
    await act('approver1', wjwTask, 'approve', { opinion: '牵头部门也不能代办' }, 403);
    assert.equal((await api.call('POST', '/api/v1/tasks/nope-123/claim', { token: tok('approver_wjw1') })).status, 404);

    const outsider = await api.call('GET', `/api/v1/cases/${caseNo}`, { token: tok('approver_fgw1') });
    assert.equal(outsider.status, 403, 'a department outside the case');
    assert.equal((await api.call('GET', '/api/v1/cases/NOPE000000001', { token: tok('approver_wjw1') })).status, 404);

    const own = await caseAs(caseNo, 'approver_wjw1');
    assert.deepEqual(
      own.tasks.map((x) => [x.activityId, x.department]),
      [['branchReview', 'SLQ-WJW']],
    );
    assert.deepEqual(own.tasks[0]?.allowedActions, ['approve', 'requestCorrection', 'startSpecialProcedure']);
    const todo = await api.call('GET', `/api/v1/tasks?view=todo&q=${caseNo}`, { token: tok('approver_wjw1') });
    assert.deepEqual(
      todo.body.items.map((i: { department: string }) => i.department),
      ['SLQ-WJW'],
    );

    await act('approver_xf1', xfTask, 'approve', { opinion: '消防部门的内部意见' });
    const history = await api.call('GET', `/api/v1/cases/${caseNo}/history`, { token: tok('approver_wjw1') });
    assert.equal(history.status, 200);
    assert.ok(!history.text.includes('消防部门的内部意见'), "another department's opinion stays hidden");
    const leadHistory = await api.call('GET', `/api/v1/cases/${caseNo}/history`, { token: tok('lead1') });
    assert.ok(leadHistory.text.includes('消防部门的内部意见'), 'the lead department reads every opinion');

    const lead = await caseAs(caseNo, 'lead1');
    assert.equal(lead.branches.length, 3, 'the lead department sees every branch');
    z.array(CaseBranchDto).parse(lead.branches);
    assert.equal(lead.tasks.length, 3);
    assert.deepEqual(lead.tasks.map((x) => x.activityId).sort(), ['branchDecision', 'branchReview', 'branchReview']);
    for (const x of lead.tasks.filter((y) => y.department !== 'SLQ-SCJG')) assert.deepEqual(x.allowedActions, []);
    assert.ok(lead.branches.every((b) => b.clock.dueAt && b.clock.limitDays === 10));

    // 办件管理: a participating department finds the case among its cases and counts it; a
    // department outside the case does not.
    const listed = async (user: string) => {
      const r = await api.call('GET', `/api/v1/cases?view=all&q=${caseNo}`, { token: tok(user) });
      assert.equal(r.status, 200, r.text);
      return r.body.items.map((i: { caseNo: string }) => i.caseNo);
    };
    assert.deepEqual(await listed('approver_wjw1'), [caseNo]);
    assert.deepEqual(await listed('lead1'), [caseNo]);
    assert.deepEqual(await listed('approver_fgw1'), []);
    const counts = async (user: string) =>
      (await api.call('GET', '/api/v1/workbench/counts', { token: tok(user) })).body.cases.all as number;
    const fgwBefore = await counts('approver_fgw1');
    const wjwBefore = await counts('approver_wjw1');
    const another = await apply(BUNDLE, 'applicant1');
    await acceptAs('clerk1', another);
    assert.equal(await counts('approver_wjw1'), wjwBefore + 1);
    assert.equal(await counts('approver_fgw1'), fgwBefore);
  });
});

describe('ending early', () => {
  const engineAuth = () => {
    const { user, password } = api.config.engine;
    return { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
  };

  test("a branch's correction deadline passing unanswered ends the case and every branch", async () => {
    const caseNo = await apply(BUNDLE, 'applicant1');
    await acceptAs('clerk1', caseNo);
    await act('approver_xf1', await taskAt(caseNo, 'branchReview', 'SLQ-XF'), 'requestCorrection', {
      items: [{ materialCode: 'FS_M03', reason: '缺应急疏散预案' }],
    });
    await waitCase(caseNo, 'correction', (c) => c.status === 'correction_required');
    const row = (await api.db('cases').where({ case_no: caseNo }).first('process_instance_id')) as {
      process_instance_id: string;
    };
    // The deadline is days away: run the timer's job now instead of waiting for it.
    const job = await waitFor('correction timer', async () => {
      const r = await fetch(`${api.config.engine.url}/job?processInstanceId=${row.process_instance_id}&timers=true`, {
        headers: engineAuth(),
      });
      return ((await r.json()) as { id: string }[])[0];
    });
    const fired = await fetch(`${api.config.engine.url}/job/${job.id}/execute`, {
      method: 'POST',
      headers: engineAuth(),
    });
    assert.equal(fired.status, 204, await fired.text());
    // The status is written by the worker step; the task list follows once the engine moved on.
    const ended = await waitCase(caseNo, 'voided', (c) => c.status === 'voided' && c.tasks.length === 0);
    assert.equal(ended.termination, 'expired');
    for (const b of ended.branches) {
      assert.equal(b.status, 'cancelled', b.department.code);
      assert.equal(b.clock.state, 'stopped');
    }
  });

  test('withdrawing a parallel case cancels its open branches', async () => {
    const caseNo = await apply(BUNDLE, 'applicant1');
    await acceptAs('clerk1', caseNo);
    await approveBranch(caseNo, 'SLQ-WJW', 'approver_wjw1', 'lead_wjw1');
    await waitCase(caseNo, 'WJW done', (c) => branchOf(c, 'SLQ-WJW').result === 'approved');
    const r = await api.call('POST', `/api/v1/applications/${caseNo}/withdraw`, {
      token: tok('applicant1'),
      body: { reason: '不再开办' },
    });
    assert.equal(r.status, 200, r.text);
    const ended = await waitCase(caseNo, 'withdrawn', (c) => c.status === 'withdrawn');
    assert.deepEqual(
      ended.branches.map((b) => [b.department.code, b.status]),
      [
        ['SLQ-SCJG', 'cancelled'],
        ['SLQ-WJW', 'approved'],
        ['SLQ-XF', 'cancelled'],
      ],
    );
    assert.equal(branchOf(ended, 'SLQ-XF').cancelReason, '申请人已撤回');
  });
});
