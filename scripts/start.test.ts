import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

// `npm start` must explain, not crash, when the machine lacks something.
const ROOT = path.resolve(import.meta.dirname, '..');

function runStart(env: Record<string, string>) {
  return spawnSync(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: { ...process.env, TONGBAN_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-start-')), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

test('without Java on the PATH, npm start says so in one sentence and exits 1', () => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-bin-'));
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  const r = runStart({ PATH: bin, API_PORT: '13990', ENGINE_PORT: '18990' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot start: Java was not found\. Install a JDK 17/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('with the API port taken, npm start names the port and the variable to change it', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const r = runStart({ API_PORT: String(port), ENGINE_PORT: '18991' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`port ${port} \\(API and console\\) is already in use.*API_PORT=<port>`));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    blocker.close();
  }
});
