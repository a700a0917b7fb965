import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startHeartbeat } from './heartbeat.js';
import type { WorkerHeartbeat } from './topics/types.js';

const beat = { workerId: 'worker-test', topics: ['tongban.case.accepted'], host: 'host-1', pid: 42 };

function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), text: () => lines.join('') };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('beats at once, then every interval, and says it is stopping on stop', async () => {
  const sent: WorkerHeartbeat[] = [];
  const heartbeat = startHeartbeat({
    api: { heartbeat: async (b) => void sent.push(b) },
    beat,
    intervalMs: 20,
    logger: capturedLogger().logger,
  });

  await sleep(70);
  await heartbeat.stop();
  const countAfterStop = sent.length;
  await sleep(50);

  assert.ok(sent.length >= 3, `expected at least 3 beats, got ${sent.length}`);
  assert.deepEqual(sent[0], beat);
  assert.deepEqual(sent.at(-1), { ...beat, stopping: true });
  assert.equal(sent.filter((b) => b.stopping).length, 1);
  assert.equal(sent.length, countAfterStop, 'no beat after stop');
});

test('logs a failed heartbeat and keeps beating', async () => {
  let attempts = 0;
  const { logger, text } = capturedLogger();
  const heartbeat = startHeartbeat({
    api: {
      heartbeat: async () => {
        attempts += 1;
        throw new Error('API unreachable');
      },
    },
    beat,
    intervalMs: 20,
    logger,
  });

  await sleep(70);
  await assert.doesNotReject(heartbeat.stop());

  assert.ok(attempts >= 3, `expected at least 3 attempts, got ${attempts}`);
  assert.match(text(), /heartbeat failed/);
  assert.match(text(), /API unreachable/);
});
