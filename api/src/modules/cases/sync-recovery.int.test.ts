import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../../test-support/harness.js';
import { engineRequest, startWorkers, submitFoodCase, waitFor } from '../../test-support/flow.js';

// A clerk's action whose engine call went through while the API's own transaction was lost (the API
// killed between the two): the next synchronisation of the case finds the task gone from the engine
// and records the completion from the engine's history — who and when — instead of silently closing
// the task. A cancelled task (not completed) stays a plain closure.

let api: TestApi;
let applicant: string;
let auditor: string;

before(async () => {
  api = await startTestApi();
  applicant = await api.login('applicant1');
  auditor = await api.login('auditadmin1');
});
after(() => api.close());

const engine = (method: string, path: string, body?: unknown, actor?: string) =>
  engineRequest(api, method, path, body, actor);
const submit = () => submitFoodCase(api, applicant);

async function openTask(caseNo: string) {
  return waitFor('the acceptance task in the read model', async () => {
    const c = (await api.db('cases').where({ case_no: caseNo }).first('id')) as { id: string };
    return api.db('case_tasks').where({ case_id: c.id, activity_id: 'acceptance' }).whereNull('closed_at').first();
  });
}

test('a completion the API never recorded is recovered from the engine: event, audit record and who closed the task', async () => {
  const caseNo = await submit();
  const task = (await openTask(caseNo)) as { task_id: string; case_id: string };

  // What the API's action did before it was killed: the engine call, with the clerk as actor.
  const done = await engine(
    'POST',
    `/task/${task.task_id}/complete`,
    { variables: { action: { value: 'accept', type: 'String' } } },
    'clerk1',
  );
  assert.equal(done.status, 204, await done.text());

  await api.app.syncCase(caseNo);
  const row = (await api.db('case_tasks').where({ task_id: task.task_id }).first()) as {
    closed_at: Date | null;
    closed_by: string | null;
  };
  assert.ok(row.closed_at, 'closed');
  assert.equal(row.closed_by, 'clerk1');
  const events = (await api
    .db('case_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .where({ 'e.case_id': task.case_id, 'e.type': 'task.completed' })
    .select('e.payload', 'u.username')) as { payload: Record<string, unknown>; username: string | null }[];
  assert.equal(events.length, 1);
  assert.equal(events[0]?.username, 'clerk1');
  assert.equal(events[0]?.payload.step, 'acceptance');
  assert.equal(events[0]?.payload.recovered, true);
  const audit = await api.db('audit_log').where({ case_no: caseNo, type: 'task.recovered' });
  assert.equal(audit.length, 1);
  assert.equal(audit[0].target, task.task_id);
  assert.equal(audit[0].detail.completedBy, 'clerk1');

  // Once only: a second synchronisation finds nothing to recover.
  await api.app.syncCase(caseNo);
  assert.equal((await api.db('case_events').where({ case_id: task.case_id, type: 'task.completed' })).length, 1);
  const verify = await api.call('GET', '/api/v1/audit/verify', { token: auditor });
  assert.equal(verify.status, 200, verify.text);
  assert.equal(verify.body.ok, true, verify.text);
});

test('a task the engine cancelled is closed without a completion', async () => {
  const caseNo = await submit();
  const task = (await openTask(caseNo)) as { task_id: string; case_id: string };
  const c = (await api.db('cases').where({ case_no: caseNo }).first('process_instance_id')) as {
    process_instance_id: string;
  };
  // Cancel the instance in the engine (as an operator would); the task goes with it.
  const del = await engine('DELETE', `/process-instance/${c.process_instance_id}?skipCustomListeners=true`);
  assert.equal(del.status, 204, await del.text());
  await api.app.syncCase(caseNo);
  const row = (await api.db('case_tasks').where({ task_id: task.task_id }).first()) as {
    closed_at: Date | null;
    closed_by: string | null;
  };
  assert.ok(row.closed_at);
  assert.equal(row.closed_by, null);
  assert.equal((await api.db('case_events').where({ case_id: task.case_id, type: 'task.completed' })).length, 0);
  assert.equal((await api.db('audit_log').where({ case_no: caseNo, type: 'task.recovered' })).length, 0);
});

/**
 * The crash, played by the database: the action's own event (written after its engine call) fails,
 * so the action's whole transaction rolls back while the engine has already moved on. Returns the
 * function that ends it.
 */
async function loseTransactionOf(caseId: string, action: string): Promise<() => Promise<void>> {
  await api.db.raw(`
    CREATE FUNCTION tb_test_lose_action() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.case_id = '${caseId}' AND NEW.payload->>'action' = '${action}' THEN
        RAISE EXCEPTION 'simulated crash after the engine call';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER tb_test_lose_action BEFORE INSERT ON case_events
      FOR EACH ROW EXECUTE FUNCTION tb_test_lose_action();`);
  return () =>
    api.db
      .raw('DROP TRIGGER IF EXISTS tb_test_lose_action ON case_events; DROP FUNCTION IF EXISTS tb_test_lose_action();')
      .then(() => undefined);
}

/** The open task of a step of a case, once the read model has it. */
const step = (caseId: string, activity: string) =>
  waitFor(`the ${activity} task`, async () =>
    api.db('case_tasks').where({ case_id: caseId, activity_id: activity }).whereNull('closed_at').first(),
  ) as Promise<{ task_id: string }>;

async function act(token: string, taskId: string, action: string, body: unknown, status = 200): Promise<void> {
  const r = await api.call('POST', `/api/v1/tasks/${taskId}/actions/${action}`, { token, body });
  assert.equal(r.status, status, r.text);
}

/** A submitted case accepted by clerk1, at its review step. */
async function acceptedCase(): Promise<{ caseNo: string; caseId: string; review: { task_id: string } }> {
  const caseNo = await submit();
  const acceptance = (await openTask(caseNo)) as { task_id: string; case_id: string };
  await act(await api.login('clerk1'), acceptance.task_id, 'accept', { opinion: '予以受理' });
  return { caseNo, caseId: acceptance.case_id, review: await step(acceptance.case_id, 'review') };
}

async function noIncidents(caseId: string): Promise<void> {
  const c = (await api.db('cases').where({ id: caseId }).first('process_instance_id')) as {
    process_instance_id: string;
  };
  const incidents = (await (
    await engine('GET', `/incident?processInstanceId=${c.process_instance_id}`)
  ).json()) as unknown[];
  assert.deepEqual(incidents, []);
}

describe('actions whose transaction was lost after their engine step', () => {
  let workers: ReturnType<typeof startWorkers>;
  before(() => {
    workers = startWorkers(api);
  });
  after(() => workers.stop());

  test('a correction request whose transaction was lost after the engine step: the notice topic rebuilds it from the engine, no incident', async () => {
    const caseNo = await submit();
    const task = (await openTask(caseNo)) as { task_id: string; case_id: string };
    const clerk = await api.login('clerk1');
    const items = [
      { materialCode: 'M03', reason: '布局图未标注尺寸' },
      { materialCode: 'M04', reason: '缺少进货查验制度' },
    ];
    const restore = await loseTransactionOf(task.case_id, 'requestCorrection');
    try {
      const r = await api.call('POST', `/api/v1/tasks/${task.task_id}/actions/requestCorrection`, {
        token: clerk,
        body: { opinion: '请补正', items },
      });
      assert.equal(r.status, 500, r.text);
      assert.equal(
        await api.db('corrections').where({ case_id: task.case_id }).first(),
        undefined,
        'the action left no row',
      );
      await restore();

      // The worker runs the correction notice: rebuilt from the engine, issued, the case waits for the applicant.
      const c = await waitFor('the case waiting for corrections', async () =>
        api.db('cases').where({ id: task.case_id, status: 'correction_required' }).first('id'),
      );
      assert.ok(c);
      const rows = (await api.db('corrections').where({ case_id: task.case_id })) as {
        items: unknown;
        stage: string;
        opinion: string | null;
        notice_no: string | null;
        requested_by: string;
      }[];
      assert.equal(rows.length, 1);
      assert.deepEqual(rows[0]?.items, items);
      assert.equal(rows[0]?.stage, 'acceptance');
      assert.equal(rows[0]?.opinion, '请补正');
      assert.ok(rows[0]?.notice_no, 'the notice is numbered');
      const clerkId = ((await api.db('users').where({ username: 'clerk1' }).first('id')) as { id: string }).id;
      assert.equal(rows[0]?.requested_by, clerkId);
      const recovered = await api.db('audit_log').where({ case_no: caseNo, type: 'correction.recovered' });
      assert.equal(recovered.length, 1);
      assert.equal(recovered[0].detail.requestedBy, 'clerk1');
      await noIncidents(task.case_id);
      // The step itself is recovered by the synchronisation, under the clerk.
      const closed = await waitFor('the acceptance task closed', async () => {
        const row = (await api.db('case_tasks').where({ task_id: task.task_id }).first('closed_at', 'closed_by')) as
          { closed_at: Date | null; closed_by: string | null } | undefined;
        return row?.closed_at ? row : undefined;
      });
      assert.equal(closed.closed_by, 'clerk1');
      // The clerk, who saw an error, clicks again: a clear answer, and still one correction.
      const again = await api.call('POST', `/api/v1/tasks/${task.task_id}/actions/requestCorrection`, {
        token: clerk,
        body: { opinion: '请补正', items },
      });
      assert.equal(again.status, 409, again.text);
      assert.equal(again.body.code, 'TASK_GONE');
      assert.equal((await api.db('corrections').where({ case_id: task.case_id })).length, 1);
      const verify = await api.call('GET', '/api/v1/audit/verify', { token: auditor });
      assert.equal(verify.body.ok, true, verify.text);
    } finally {
      await restore();
    }
  });

  test('a special procedure whose transaction was lost after the engine step: rebuilt under the id the engine holds, no incident', async () => {
    const { caseNo, caseId, review } = await acceptedCase();
    const acceptance = { case_id: caseId };
    const approver = await api.login('approver1');
    let restore = async () => undefined as void;
    try {
      restore = await loseTransactionOf(acceptance.case_id, 'startSpecialProcedure');
      const r = await api.call('POST', `/api/v1/tasks/${review.task_id}/actions/startSpecialProcedure`, {
        token: approver,
        body: { type: 2, kind: 'expert_review', reason: '需组织专家现场评审', expectedDays: 5 },
      });
      assert.equal(r.status, 500, r.text);
      assert.equal(await api.db('special_procedures').where({ case_id: acceptance.case_id }).first(), undefined);
      await restore();

      await waitFor('the case in its special procedure', async () =>
        api.db('cases').where({ id: acceptance.case_id, status: 'special_procedure' }).first('id'),
      );
      const rows = (await api.db('special_procedures').where({ case_id: acceptance.case_id })) as {
        id: string;
        type: number;
        kind: string;
        reason: string;
        expected_days: number;
        from_step: string;
        notice_no: string | null;
      }[];
      assert.equal(rows.length, 1);
      const sp = rows[0] as (typeof rows)[number];
      assert.deepEqual(
        [sp.type, sp.kind, sp.reason, sp.expected_days, sp.from_step],
        [2, 'expert_review', '需组织专家现场评审', 5, 'review'],
      );
      assert.ok(sp.notice_no, 'the notice is numbered');
      const c = (await api.db('cases').where({ id: acceptance.case_id }).first('process_instance_id')) as {
        process_instance_id: string;
      };
      const held = (await (
        await engine('GET', `/process-instance/${c.process_instance_id}/variables/specialProcedureId`)
      ).json()) as { value: string };
      assert.equal(sp.id, held.value, 'under the id the engine holds');
      const recovered = await api.db('audit_log').where({ case_no: caseNo, type: 'special.recovered' });
      assert.equal(recovered.length, 1);
      await noIncidents(acceptance.case_id);
      const verify = await api.call('GET', '/api/v1/audit/verify', { token: auditor });
      assert.equal(verify.body.ok, true, verify.text);
    } finally {
      await restore();
    }
  });

  test('a refusal whose transaction was lost after the engine step: the decision notice states the reason the lead gave, not a generic one', async () => {
    const { caseNo, caseId, review } = await acceptedCase();
    const acceptance = { case_id: caseId };
    const [approver, lead] = [await api.login('approver1'), await api.login('lead1')];
    let restore = async () => undefined as void;
    try {
      await act(approver, review.task_id, 'approve', { opinion: '符合条件' });
      const decision = await step(acceptance.case_id, 'decision');
      restore = await loseTransactionOf(acceptance.case_id, 'refuse');
      const reason = '经营场所与申请材料所载不符，现场核查未通过';
      await act(lead, decision.task_id, 'refuse', { opinion: reason }, 500);
      await restore();

      const c = (await waitFor('the refusal decided', async () =>
        api.db('cases').where({ id: acceptance.case_id, result: 'refused' }).whereNotNull('decision_notice_no').first(),
      )) as { result_reason: string | null };
      assert.equal(c.result_reason, reason);
      const decided = (await api
        .db('case_events')
        .where({ case_id: acceptance.case_id, type: 'decided' })
        .first('payload')) as { payload: { reason: string } };
      assert.equal(decided.payload.reason, reason, 'the notice states the reason the lead gave');
      const recovered = await api.db('audit_log').where({ case_no: caseNo, type: 'reason.recovered' });
      assert.equal(recovered.length, 1);
      await noIncidents(acceptance.case_id);
      const verify = await api.call('GET', '/api/v1/audit/verify', { token: auditor });
      assert.equal(verify.body.ok, true, verify.text);
    } finally {
      await restore();
    }
  });

  test('the end of a special procedure whose transaction was lost after the engine step: the procedure is closed with its result', async () => {
    const { caseNo, caseId, review } = await acceptedCase();
    const acceptance = { case_id: caseId };
    const approver = await api.login('approver1');
    let restore = async () => undefined as void;
    try {
      await act(approver, review.task_id, 'startSpecialProcedure', {
        type: 2,
        kind: 'expert_review',
        reason: '需组织专家现场评审',
        expectedDays: 5,
      });
      const special = await step(acceptance.case_id, 'specialProcedure');
      restore = await loseTransactionOf(acceptance.case_id, 'endSpecialProcedure');
      await act(approver, special.task_id, 'endSpecialProcedure', { result: '专家评审通过' }, 500);
      await restore();

      await step(acceptance.case_id, 'review'); // back at the step it left
      const sp = (await api.db('special_procedures').where({ case_id: acceptance.case_id }).first()) as {
        ended_at: Date | null;
        result: string | null;
        ended_by: string | null;
      };
      assert.ok(sp.ended_at, 'closed');
      assert.equal(sp.result, '专家评审通过');
      const approverId = ((await api.db('users').where({ username: 'approver1' }).first('id')) as { id: string }).id;
      assert.equal(sp.ended_by, approverId);
      const c = (await api.db('cases').where({ id: acceptance.case_id }).first('status', 'clock_state')) as {
        status: string;
        clock_state: string;
      };
      assert.deepEqual([c.status, c.clock_state], ['in_progress', 'running']);
      assert.equal((await api.db('audit_log').where({ case_no: caseNo, type: 'special.end.recovered' })).length, 1);
      await noIncidents(acceptance.case_id);
    } finally {
      await restore();
    }
  });
});
