import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from './config.js';

const token = { TONGBAN_WORKER_TOKEN: 'a-worker-token-of-32-characters!' };

test('applies the documented defaults', () => {
  const config = parseConfig(token);

  assert.deepEqual(config.engine, {
    url: 'http://127.0.0.1:8080/engine-rest',
    user: 'tongban',
    password: 'tongban-engine-dev',
  });
  assert.deepEqual(config.api, { url: 'http://127.0.0.1:3000', token: token.TONGBAN_WORKER_TOKEN });
  assert.equal(config.maxTasks, 10);
  assert.equal(config.asyncResponseTimeout, 20000);
  assert.equal(config.pollInterval, 50);
  assert.equal(config.pollErrorBackoff, 1000);
  assert.equal(config.retries, 3);
  assert.equal(config.retryBaseMs, 5000);
  assert.equal(config.logLevel, 'info');
  assert.match(config.workerId, new RegExp(`-${process.pid}-[0-9a-f]{8}$`));
});

test('gives every worker process its own default id', () => {
  assert.notEqual(parseConfig(token).workerId, parseConfig(token).workerId);
});

test('reads numbers and URLs from the environment', () => {
  const config = parseConfig({
    ...token,
    ENGINE_URL: 'http://engine:8080/engine-rest/',
    API_URL: 'http://api:3000/',
    WORKER_ID: 'worker-a',
    WORKER_MAX_TASKS: '4',
    WORKER_RETRIES: '5',
    WORKER_POLL_INTERVAL: '0',
    WORKER_POLL_ERROR_BACKOFF: '2500',
    LOG_LEVEL: 'debug',
  });

  assert.equal(config.engine.url, 'http://engine:8080/engine-rest');
  assert.equal(config.api.url, 'http://api:3000');
  assert.equal(config.workerId, 'worker-a');
  assert.equal(config.maxTasks, 4);
  assert.equal(config.retries, 5);
  assert.equal(config.pollInterval, 0);
  assert.equal(config.pollErrorBackoff, 2500);
  assert.equal(config.logLevel, 'debug');
});

test('refuses to start without a worker token of at least 16 characters', () => {
  assert.throws(() => parseConfig({}), /TONGBAN_WORKER_TOKEN/);
  assert.throws(() => parseConfig({ TONGBAN_WORKER_TOKEN: 'short' }), /TONGBAN_WORKER_TOKEN/);
});

test('refuses malformed values', () => {
  assert.throws(() => parseConfig({ ...token, WORKER_MAX_TASKS: 'many' }), /WORKER_MAX_TASKS/);
  assert.throws(() => parseConfig({ ...token, ENGINE_URL: 'not a url' }), /ENGINE_URL/);
});
