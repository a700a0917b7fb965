import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from './config.js';

test('embedded defaults: PGlite in the data folder, demo on', () => {
  const c = loadConfig({});
  assert.equal(c.db.kind, 'pglite');
  assert.equal(c.demo.enabled, true);
  assert.equal(c.http.port, 3000);
  assert.equal(c.auth.idleMinutes, 30);
});

test('with DATABASE_URL or in production, demo data is off unless asked for', () => {
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).demo.enabled, false);
  assert.equal(loadConfig({ NODE_ENV: 'production' }).demo.enabled, false);
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db', TONGBAN_DEMO: 'true' }).demo.enabled, true);
});

test('a bad value stops start-up with a message naming the variable', () => {
  assert.throws(() => loadConfig({ API_PORT: 'eighty' }), /API_PORT/);
  assert.throws(() => loadConfig({ TONGBAN_WORKER_TOKEN: 'short' }), /TONGBAN_WORKER_TOKEN/);
});
