import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createHttpApiPort } from './api-port.js';
import { ApiCallError } from './errors.js';
import type { TopicInput } from './topics/types.js';

const TOKEN = 'worker-token-for-tests-0123456789';

interface Received {
  method?: string;
  url?: string;
  token?: string | string[];
  body: unknown;
}

type Reply = (res: ServerResponse) => void;

const received: Received[] = [];
let reply: Reply = (res) => res.writeHead(204).end();
let baseUrl = '';
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (raw += chunk));
  req.on('end', () => {
    received.push({
      method: req.method,
      url: req.url,
      token: req.headers['x-tongban-worker-token'],
      body: raw ? JSON.parse(raw) : undefined,
    });
    reply(res);
  });
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

function json(status: number, body: unknown): Reply {
  return (res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const input: TopicInput = {
  taskId: 'task-1',
  topic: 'tongban.case.accepted',
  workerId: 'worker-test',
  processInstanceId: 'pi-1',
  processDefinitionId: 'approval:1:1',
  processDefinitionKey: 'approval',
  activityId: 'registerAcceptance',
  businessKey: 'TB20250001',
  retries: null,
  variables: { caseNo: 'TB20250001' },
};

async function runTopicError(port = createHttpApiPort({ baseUrl, token: TOKEN })): Promise<ApiCallError> {
  const error = await port.runTopic(input).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof ApiCallError, `expected an ApiCallError, got ${String(error)}`);
  return error;
}

test('posts the delivery to the topic endpoint with the worker token and returns the answer', async () => {
  received.length = 0;
  reply = json(200, { variables: { dueAt: '2025-07-01T17:00:00+0800' } });

  const result = await createHttpApiPort({ baseUrl: `${baseUrl}/`, token: TOKEN }).runTopic(input);

  assert.deepEqual(result, { variables: { dueAt: '2025-07-01T17:00:00+0800' } });
  assert.deepEqual(received, [
    { method: 'POST', url: '/api/v1/internal/topics/tongban.case.accepted', token: TOKEN, body: input },
  ]);
});

test('passes a BPMN error from the API through', async () => {
  reply = json(200, { bpmnError: { code: 'MATERIALS_MISSING', message: '缺少材料' } });

  const result = await createHttpApiPort({ baseUrl, token: TOKEN }).runTopic(input);

  assert.deepEqual(result, { bpmnError: { code: 'MATERIALS_MISSING', message: '缺少材料' } });
});

for (const [status, code] of [
  [409, 'CONFLICT'],
  [429, 'RATE_LIMITED'],
  [500, 'INTERNAL'],
  [503, 'ENGINE_UNAVAILABLE'],
] as const) {
  test(`classifies ${status} ${code} as transient`, async () => {
    reply = json(status, { code, message: 'try later' });

    const error = await runTopicError();

    assert.equal(error.transient, true);
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    assert.equal(error.message, `API answered ${status} ${code}: try later`);
  });
}

for (const [status, code] of [
  [400, 'VALIDATION_FAILED'],
  [401, 'UNAUTHENTICATED'],
  [404, 'NOT_FOUND'],
] as const) {
  test(`classifies ${status} ${code} as permanent`, async () => {
    reply = json(status, { code, message: 'no' });

    const error = await runTopicError();

    assert.equal(error.transient, false);
    assert.equal(error.status, status);
    assert.equal(error.code, code);
  });
}

test('classifies an error without a JSON body by its status alone', async () => {
  reply = (res) => res.writeHead(502).end('<html>bad gateway</html>');

  const error = await runTopicError();

  assert.equal(error.transient, true);
  assert.equal(error.code, undefined);
  assert.match(error.message, /API answered 502/);
});

test('classifies an unreachable API as transient', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));

  const error = await runTopicError(createHttpApiPort({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN }));

  assert.equal(error.transient, true);
  assert.equal(error.status, undefined);
  assert.match(error.message, /unreachable/);
});

test('classifies an API that does not answer in time as transient', async () => {
  reply = () => undefined;

  const error = await runTopicError(createHttpApiPort({ baseUrl, token: TOKEN, timeoutMs: 50 }));

  assert.equal(error.transient, true);
  assert.match(error.message, /timed out/);
});

test('gives up when the deadline of the caller passes first', async () => {
  reply = () => undefined;

  const error = await createHttpApiPort({ baseUrl, token: TOKEN })
    .runTopic(input, { signal: AbortSignal.timeout(50) })
    .then(
      () => undefined,
      (e: unknown) => e,
    );

  assert.ok(error instanceof ApiCallError);
  assert.equal(error.transient, true);
  assert.match(error.message, /timed out/);
});

test('classifies a 200 answer that breaks the topic contract as permanent', async () => {
  reply = json(200, { bpmnError: { message: 'no code' } });

  const error = await runTopicError();

  assert.equal(error.transient, false);
  assert.match(error.message, /bpmnError\.code/);
});

test('sends the heartbeat with the worker token', async () => {
  received.length = 0;
  reply = (res) => res.writeHead(204).end();
  const beat = { workerId: 'worker-test', topics: ['tongban.case.accepted'], host: 'h', pid: 1, stopping: true };

  await createHttpApiPort({ baseUrl, token: TOKEN }).heartbeat(beat);

  assert.deepEqual(received, [{ method: 'POST', url: '/api/v1/internal/workers/heartbeat', token: TOKEN, body: beat }]);
});

test('rejects a refused heartbeat so the caller can log it', async () => {
  reply = json(401, { code: 'UNAUTHENTICATED', message: 'bad token' });

  await assert.rejects(
    createHttpApiPort({ baseUrl, token: TOKEN }).heartbeat({ workerId: 'w', topics: [], host: 'h', pid: 1 }),
    (error: unknown) => error instanceof ApiCallError && error.status === 401,
  );
});
