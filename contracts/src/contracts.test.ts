import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONSOLE_AREAS,
  ERROR_CODES,
  ROLES,
  STEP_ACTIONS,
  TOPICS,
  areasForRoles,
  isKnownTopic,
  passwordProblems,
} from './index.js';

test('password policy: at least 8 characters and 3 of 4 character classes', () => {
  assert.deepEqual(passwordProblems('Tongban@2026'), []);
  assert.deepEqual(passwordProblems('abcDEF12'), []);
  assert.ok(passwordProblems('Ab1!').some((p) => p.includes('8 characters')));
  assert.ok(passwordProblems('abcdefgh12').some((p) => p.includes('3 of')));
  assert.ok(passwordProblems('Clerk1@2026', 'clerk1').some((p) => p.includes('username')));
});

test('every console area names only known roles, and every staff role has an area', () => {
  for (const a of CONSOLE_AREAS)
    for (const r of a.roles) assert.ok((ROLES as readonly string[]).includes(r), `${a.key}: ${r}`);
  for (const role of ROLES)
    assert.ok(
      areasForRoles([role]).length > 0 || role === 'secadmin' || role === 'auditadmin' || role === 'item_reviewer',
      role,
    );
  assert.deepEqual(
    areasForRoles(['clerk']).map((a) => a.key),
    ['tasks', 'cases'],
  );
});

test('the topic registry has unique names in the tongban namespace', () => {
  const names = TOPICS.map((t) => t.name);
  assert.equal(new Set(names).size, names.length);
  for (const n of names) assert.match(n, /^tongban\.[a-z]+\.[A-Za-z]+$/);
  assert.equal(isKnownTopic('tongban.case.accepted'), true);
  assert.equal(isKnownTopic('tongban.nope'), false);
});

test('every error code maps to an HTTP error status', () => {
  for (const [code, status] of Object.entries(ERROR_CODES)) {
    assert.match(code, /^[A-Z_]+$/);
    assert.ok(status >= 400 && status < 600, code);
  }
});

test('void is allowed at every step but the branches of a parallel case, and nothing but acceptance accepts', () => {
  for (const [step, actions] of Object.entries(STEP_ACTIONS)) {
    const branch = step.startsWith('branch');
    assert.equal((actions as readonly string[]).includes('void'), !branch, step);
    if (step !== 'acceptance') assert.ok(!(actions as readonly string[]).includes('accept'), step);
  }
});
