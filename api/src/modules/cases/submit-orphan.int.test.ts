import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApi, type TestApi } from '../../test-support/harness.js';
import { engineRequest, submitFoodCase } from '../../test-support/flow.js';

// A submission whose transaction never committed (API killed, database restarted) leaves a process
// instance in the engine under a case number that the next submission gets again: that submission
// removes it instead of making the case's second instance (found by `npm run test:chaos`).

let api: TestApi;
let token: string;

before(async () => {
  api = await startTestApi();
  token = await api.login('applicant1');
});
after(() => api.close());

async function engine<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await engineRequest(api, method, path, body);
  assert.ok(res.ok, `${method} ${path} → ${res.status}`);
  return (await res.json()) as T;
}

const submit = () => submitFoodCase(api, token);

test('an engine instance left under the next case number is removed, and the case has exactly one', async () => {
  const first = await submit();
  // The number the next submission gets: same item, same day, sequence + 1.
  const seq = first.slice(-4);
  const next = first.slice(0, -4) + String(Number(seq) + 1).padStart(seq.length, '0');
  const orphan = await engine<{ id: string }>('POST', '/process-definition/key/general-approval/start', {
    businessKey: next,
    variables: { caseNo: { value: next, type: 'String' }, departmentCode: { value: 'SLQ-SCJG', type: 'String' } },
  });

  const second = await submit();
  assert.equal(second, next, 'the rolled-back number is given again');
  const running = await engine<{ id: string }[]>('GET', `/process-instance?businessKey=${next}`);
  assert.equal(running.length, 1);
  const c = (await api.db('cases').where({ case_no: next }).first('process_instance_id')) as {
    process_instance_id: string;
  };
  assert.equal(running[0]?.id, c.process_instance_id);
  assert.notEqual(c.process_instance_id, orphan.id);
});
