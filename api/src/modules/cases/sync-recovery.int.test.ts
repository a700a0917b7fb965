import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApi, type TestApi } from '../../test-support/harness.js';
import { engineRequest, submitFoodCase, waitFor } from '../../test-support/flow.js';

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
