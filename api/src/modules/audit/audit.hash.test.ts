import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GENESIS_HASH, canonical, chainHash, type HashedFields } from './audit.hash.js';

const entry: HashedFields = {
  at: new Date('2026-11-27T01:02:03.456Z'),
  actorId: null,
  actorUsername: 'clerk1',
  type: 'auth.login',
  success: true,
  target: null,
  caseNo: null,
  ip: '127.0.0.1',
  requestId: 'r1',
  detail: { b: 1, a: { d: [1, 2], c: 'x' } },
};

test('key order does not change the hash (JSONB reorders keys)', () => {
  const reordered = { ...entry, detail: { a: { c: 'x', d: [1, 2] }, b: 1 } };
  assert.equal(chainHash(GENESIS_HASH, entry), chainHash(GENESIS_HASH, reordered));
  assert.deepEqual(Object.keys(canonical({ z: 1, a: 2 }) as object), ['a', 'z']);
});

test('any changed field or previous hash changes the hash', () => {
  const h = chainHash(GENESIS_HASH, entry);
  assert.notEqual(chainHash(GENESIS_HASH, { ...entry, success: false }), h);
  assert.notEqual(chainHash(GENESIS_HASH, { ...entry, actorUsername: 'mallory' }), h);
  assert.notEqual(chainHash(GENESIS_HASH, { ...entry, at: new Date(entry.at.getTime() + 1) }), h);
  assert.notEqual(chainHash('f'.repeat(64), entry), h);
  assert.match(h, /^[0-9a-f]{64}$/);
});
