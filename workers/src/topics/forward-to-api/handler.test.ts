import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiCallError } from '../../errors.js';
import type { ApiPort, TopicInput } from '../types.js';
import { forwardToApi } from './handler.js';

const input: TopicInput = {
  taskId: 'task-1',
  topic: 'tongban.case.completed',
  workerId: 'worker-test',
  processInstanceId: 'pi-1',
  processDefinitionId: 'approval:1:1',
  processDefinitionKey: 'approval',
  activityId: 'notifyCompletion',
  businessKey: 'TB20250001',
  retries: 2,
  variables: { caseNo: 'TB20250001', decision: 'approved' },
};

test('hands the delivery and its deadline to the API and returns the answer unchanged', async () => {
  const calls: { input: TopicInput; signal?: AbortSignal }[] = [];
  const api: ApiPort = {
    async runTopic(received, options) {
      calls.push({ input: received, signal: options?.signal });
      return { variables: { notified: true } };
    },
    heartbeat: () => Promise.resolve(),
  };
  const signal = new AbortController().signal;

  const result = await forwardToApi(input, { api, signal });

  assert.deepEqual(result, { variables: { notified: true } });
  assert.equal(calls.length, 1);
  assert.equal(calls[0]?.input, input);
  assert.equal(calls[0]?.signal, signal);
});

test('lets the API failure reach the adapter', async () => {
  const failure = new ApiCallError('API answered 503 ENGINE_UNAVAILABLE: down', true, 503);
  const api: ApiPort = { runTopic: () => Promise.reject(failure), heartbeat: () => Promise.resolve() };

  await assert.rejects(forwardToApi(input, { api }), failure);
});
