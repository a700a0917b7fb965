import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import {
  Variables,
  type HandleFailureOptions,
  type Task,
  type TaskService,
  type TypedValue,
} from 'camunda-external-task-client-js';
import { TOPICS, type TopicDefinition, type TopicName } from '@tongban/contracts';
import { pino } from 'pino';
import { createTopicAdapter, retryPlan } from './adapter.js';
import { ApiCallError } from './errors.js';
import type { ApiPort, TopicHandler, TopicInput } from './topics/types.js';

const ID_NUMBER = '110101199003074514';
const CASE_NO = 'TB20250001';
// A registry-shaped topic whose declared output the tests rely on, independent of the registry's current content.
const accepted = { ...TOPICS[0], name: 'tongban.case.accepted', outputs: ['dueAt'] } as const;

type Call =
  | { kind: 'complete'; variables?: Variables; localVariables?: Variables }
  | { kind: 'bpmnError'; code: string; message?: string; variables?: Variables }
  | { kind: 'failure'; options: HandleFailureOptions }
  | { kind: 'unlock' };

/** Records what the adapter asks of the engine; `failWith` makes the named call reject. */
function fakeTaskService(failWith: Partial<Record<'complete' | 'bpmnError' | 'failure', unknown>> = {}) {
  const calls: Call[] = [];
  const answer = (kind: keyof typeof failWith) =>
    kind in failWith ? Promise.reject(failWith[kind]) : Promise.resolve();
  const taskService: TaskService = {
    complete(_task, variables, localVariables) {
      calls.push({ kind: 'complete', variables, localVariables });
      return answer('complete');
    },
    handleBpmnError(_task, code, message, variables) {
      calls.push({ kind: 'bpmnError', code, message, variables });
      return answer('bpmnError');
    },
    handleFailure(_task, options) {
      calls.push({ kind: 'failure', options });
      return answer('failure');
    },
    extendLock: () => Promise.resolve(),
    unlock() {
      calls.push({ kind: 'unlock' });
      return Promise.resolve();
    },
  };
  return { taskService, calls };
}

function fakeTask(retries: number | null = null): Task {
  const variables: Record<string, TypedValue> = {
    caseNo: { type: 'String', value: CASE_NO },
    applicant: { type: 'Json', value: JSON.stringify({ name: '张三', idNumber: ID_NUMBER }) },
    attachment: { type: 'File', value: null, valueInfo: { filename: 'id-card.png' } },
  };
  return {
    id: 'task-1',
    topicName: accepted.name,
    workerId: 'worker-test',
    activityId: 'registerAcceptance',
    activityInstanceId: 'registerAcceptance:1',
    executionId: 'exec-1',
    processInstanceId: 'pi-1',
    processDefinitionId: 'approval:1:1',
    processDefinitionKey: 'approval',
    businessKey: CASE_NO,
    retries,
    variables: new Variables(variables, { readOnly: true }),
  };
}

function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), text: () => lines.join('') };
}

const noApi: ApiPort = {
  runTopic: () => Promise.reject(new Error('the handler under test does not call the API')),
  heartbeat: () => Promise.resolve(),
};

function adapterFor(
  handler: TopicHandler,
  topic: TopicDefinition & { name: TopicName } = accepted,
  logger = capturedLogger().logger,
) {
  return createTopicAdapter({
    topic,
    handler,
    api: noApi,
    workerId: 'worker-test',
    retries: 3,
    retryBaseMs: 5000,
    logger,
  });
}

function failureOf(calls: Call[]): HandleFailureOptions {
  const failure = calls.find((call) => call.kind === 'failure');
  assert.ok(failure, 'expected handleFailure to be called');
  return failure.options;
}

test('completes the task with the variables the API returned', async () => {
  const seen: TopicInput[] = [];
  const { taskService, calls } = fakeTaskService();
  const adapter = adapterFor(async (input) => {
    seen.push(input);
    return { variables: { dueAt: '2025-07-01T17:00:00+0800' } };
  });

  await adapter({ task: fakeTask(), taskService });

  assert.equal(calls.length, 1);
  const [call] = calls;
  assert.equal(call?.kind, 'complete');
  assert.deepEqual(call.variables?.getDirtyVariables(), {
    dueAt: { type: 'string', value: '2025-07-01T17:00:00+0800', valueInfo: {} },
  });
  assert.equal(call.localVariables, undefined);
  assert.deepEqual(seen[0], {
    taskId: 'task-1',
    topic: 'tongban.case.accepted',
    workerId: 'worker-test',
    processInstanceId: 'pi-1',
    processDefinitionId: 'approval:1:1',
    processDefinitionKey: 'approval',
    activityId: 'registerAcceptance',
    businessKey: CASE_NO,
    retries: null,
    variables: { caseNo: CASE_NO, applicant: { name: '张三', idNumber: ID_NUMBER } },
  });
});

test('sends object outputs as json variables and local variables separately', async () => {
  const topic = { ...accepted, outputs: ['dueAt', 'notice'] };
  const { taskService, calls } = fakeTaskService();
  const adapter = adapterFor(
    async () => ({ variables: { notice: { no: 'SL-1', pages: [1, 2] } }, localVariables: { dueAt: 'x' } }),
    topic,
  );

  await adapter({ task: fakeTask(), taskService });

  const [call] = calls;
  assert.equal(call?.kind, 'complete');
  assert.deepEqual(call.variables?.getDirtyVariables(), {
    notice: { type: 'json', value: '{"no":"SL-1","pages":[1,2]}', valueInfo: {} },
  });
  assert.deepEqual(Object.keys(call.localVariables?.getDirtyVariables() ?? {}), ['dueAt']);
});

test('throws the BPMN error the API chose instead of completing', async () => {
  const topic = { ...accepted, bpmnErrors: ['MATERIALS_MISSING'], outputs: ['missing'] };
  const { taskService, calls } = fakeTaskService();
  const adapter = adapterFor(
    async () => ({ bpmnError: { code: 'MATERIALS_MISSING', message: '缺少材料', variables: { missing: ['a'] } } }),
    topic,
  );

  await adapter({ task: fakeTask(), taskService });

  assert.equal(calls.length, 1);
  const [call] = calls;
  assert.equal(call?.kind, 'bpmnError');
  assert.equal(call.code, 'MATERIALS_MISSING');
  assert.equal(call.message, '缺少材料');
  assert.deepEqual(call.variables?.getDirtyVariables(), { missing: { type: 'json', value: '["a"]', valueInfo: {} } });
});

test('reports a transient API error as a failure with one retry fewer and the base back-off', async () => {
  const { taskService, calls } = fakeTaskService();
  const adapter = adapterFor(async () => {
    throw new ApiCallError('API answered 503 ENGINE_UNAVAILABLE: 引擎不可用', true, 503, 'ENGINE_UNAVAILABLE');
  });

  await adapter({ task: fakeTask(null), taskService });

  assert.equal(calls.length, 1);
  const failure = failureOf(calls);
  assert.equal(failure.retries, 2);
  assert.equal(failure.retryTimeout, 5000);
  assert.equal(failure.errorMessage, 'API answered 503 ENGINE_UNAVAILABLE: 引擎不可用');
  assert.match(failure.errorDetails ?? '', /kind: transient/);
  assert.match(failure.errorDetails ?? '', /code: ENGINE_UNAVAILABLE/);
});

test('backs off longer with every failed delivery and raises an incident when retries run out', async () => {
  const adapter = adapterFor(async () => {
    throw new ApiCallError('API unreachable', true);
  });
  const plans: [number | undefined, number | undefined][] = [];
  for (const retries of [null, 2, 1]) {
    const { taskService, calls } = fakeTaskService();
    await adapter({ task: fakeTask(retries), taskService });
    const failure = failureOf(calls);
    plans.push([failure.retries, failure.retryTimeout]);
  }

  assert.deepEqual(plans, [
    [2, 5000],
    [1, 10000],
    [0, 20000],
  ]);
});

test('reports a permanent API error through the same retries, marked permanent', async () => {
  const { taskService, calls } = fakeTaskService();
  const adapter = adapterFor(async () => {
    throw new ApiCallError('API answered 400 VALIDATION_FAILED: bad', false, 400, 'VALIDATION_FAILED');
  });

  await adapter({ task: fakeTask(2), taskService });

  const failure = failureOf(calls);
  assert.equal(failure.retries, 1);
  assert.match(failure.errorDetails ?? '', /kind: permanent/);
});

test('reports a handler bug as a failure instead of letting it escape', async () => {
  const { taskService, calls } = fakeTaskService();
  const adapter = adapterFor(() => {
    throw new TypeError('cannot read properties of undefined');
  });

  await adapter({ task: fakeTask(), taskService });

  assert.equal(failureOf(calls).errorMessage, 'cannot read properties of undefined');
});

test('treats an output the registry does not declare as a failure, not a completion', async () => {
  const { taskService, calls } = fakeTaskService();
  const adapter = adapterFor(async () => ({ variables: { dueAt: 'x', secret: 'y' } }));

  await adapter({ task: fakeTask(), taskService });

  assert.deepEqual(
    calls.map((call) => call.kind),
    ['failure'],
  );
  assert.match(failureOf(calls).errorMessage ?? '', /may not set secret/);
});

test('gives up on a handler that outlives half the lock duration', async () => {
  const { taskService, calls } = fakeTaskService();
  const adapter = adapterFor(
    (_input, { signal }) =>
      new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
    { ...accepted, lockDuration: 40 },
  );

  await adapter({ task: fakeTask(), taskService });

  const failure = failureOf(calls);
  assert.equal(failure.retries, 2);
  assert.match(failure.errorMessage ?? '', /timed out after 20 ms/);
  assert.match(failure.errorDetails ?? '', /transient/);
});

test('resolves even when the engine refuses both the completion and the failure report', async () => {
  const refusal = Object.assign(new Error('Response code 500'), {
    httpStatusCode: 500,
    type: 'ProcessEngineException',
  });
  const { taskService, calls } = fakeTaskService({ complete: refusal, failure: refusal });
  const { logger, text } = capturedLogger();
  const adapter = adapterFor(async () => ({ variables: { dueAt: 'x' } }), accepted, logger);

  await assert.doesNotReject(adapter({ task: fakeTask(), taskService }));

  assert.deepEqual(
    calls.map((call) => call.kind),
    ['complete', 'failure'],
  );
  assert.match(text(), /could not report the failure/);
});

test('moves on without a failure report when the task no longer exists', async () => {
  const gone = Object.assign(new Error('Response code 404'), { httpStatusCode: 404 });
  const { taskService, calls } = fakeTaskService({ complete: gone });
  const { logger, text } = capturedLogger();
  const adapter = adapterFor(async () => ({ variables: { dueAt: 'x' } }), accepted, logger);

  await adapter({ task: fakeTask(), taskService });

  assert.deepEqual(
    calls.map((call) => call.kind),
    ['complete'],
  );
  assert.match(text(), /task no longer exists/);
});

test('leaves the task to its lock expiry when the engine is unreachable while completing', async () => {
  const { taskService, calls } = fakeTaskService({ complete: new Error('connect ECONNREFUSED') });
  const adapter = adapterFor(async () => ({ variables: { dueAt: 'x' } }));

  await adapter({ task: fakeTask(), taskService });

  assert.deepEqual(
    calls.map((call) => call.kind),
    ['complete'],
  );
});

test('logs the case number and task ids but never a variable value', async () => {
  const { logger, text } = capturedLogger();
  const { taskService } = fakeTaskService();
  const succeeding = adapterFor(async () => ({ variables: { dueAt: '2099-01-01T00:00:00+0800' } }), accepted, logger);
  const failing = adapterFor(
    async () => {
      throw new ApiCallError('API unreachable', true);
    },
    accepted,
    logger,
  );

  await succeeding({ task: fakeTask(), taskService });
  await failing({ task: fakeTask(), taskService });

  const logged = text();
  assert.match(logged, new RegExp(`"businessKey":"${CASE_NO}"`));
  assert.match(logged, /"taskId":"task-1"/);
  assert.match(logged, /"processInstanceId":"pi-1"/);
  assert.match(logged, /"topic":"tongban.case.accepted"/);
  assert.doesNotMatch(logged, new RegExp(ID_NUMBER));
  assert.doesNotMatch(logged, /张三/);
  assert.doesNotMatch(logged, /2099-01-01/);
});

test('retry plan caps the back-off at ten minutes and never goes below zero retries', () => {
  assert.deepEqual(retryPlan(5, 20, 5000), { retries: 4, retryTimeout: 600_000 });
  assert.deepEqual(retryPlan(null, 0, 5000), { retries: 0, retryTimeout: 5000 });
  assert.deepEqual(retryPlan(10, 3, 1000), { retries: 9, retryTimeout: 1000 });
});
