import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InFlight } from './in-flight.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

test('drain waits for every running handler', async () => {
  const inFlight = new InFlight();
  const finished: number[] = [];
  void inFlight.track(() => sleep(20).then(() => void finished.push(1)));
  void inFlight.track(() => sleep(40).then(() => void finished.push(2)));

  assert.equal(inFlight.size, 2);
  assert.equal(await inFlight.drain(1000), true);
  assert.deepEqual(finished, [1, 2]);
  assert.equal(inFlight.size, 0);
});

test('drain gives up after its timeout when a handler hangs', async () => {
  const inFlight = new InFlight();
  void inFlight.track(() => sleep(500));

  const started = Date.now();
  assert.equal(await inFlight.drain(30), false);
  assert.ok(Date.now() - started < 400);
  assert.equal(inFlight.size, 1);
});

test('close marks the tracker closed for new deliveries', () => {
  const inFlight = new InFlight();
  assert.equal(inFlight.closed, false);
  inFlight.close();
  assert.equal(inFlight.closed, true);
});
