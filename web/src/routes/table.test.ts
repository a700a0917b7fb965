import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSOLE_AREAS, ROLES } from '@tongban/contracts';
import { accessFor, areaAt, firstAllowedPath, postLoginTarget, ROUTES } from './table';

test('declares one route per console area, at the area path, plus the public home, login and portal pages', () => {
  assert.deepEqual(
    ROUTES.filter((r) => r.access === 'area').map((r) => r.path),
    CONSOLE_AREAS.map((a) => a.path),
  );
  assert.deepEqual(
    ROUTES.filter((r) => r.access === 'public').map((r) => r.path),
    ['/', '/login', '/services', '/services/:code', '/progress'],
  );
  assert.equal(new Set(ROUTES.map((r) => r.path)).size, ROUTES.length);
});

test('every role opens exactly the areas CONSOLE_AREAS grants it', () => {
  for (const role of ROLES) {
    for (const area of CONSOLE_AREAS) {
      const expected = (area.roles as readonly string[]).includes(role) ? 'allowed' : 'forbidden';
      assert.equal(accessFor(area.path, [role]), expected, `${role} at ${area.path}`);
    }
  }
});

test('a clerk who opens the audit area is forbidden, an auditor is allowed', () => {
  assert.equal(accessFor('/audit', ['clerk']), 'forbidden');
  assert.equal(accessFor('/audit', ['auditor']), 'allowed');
});

test('areas need a signed-in user; home and login do not', () => {
  assert.equal(accessFor('/tasks', null), 'needsLogin');
  assert.equal(accessFor('/', null), 'public');
  assert.equal(accessFor('/login', null), 'public');
});

test('unknown paths are not found, for visitors and users alike', () => {
  assert.equal(accessFor('/nowhere', null), 'notFound');
  assert.equal(accessFor('/tasks/unknown-page', ['clerk']), 'notFound');
  assert.equal(accessFor('/tasks/', ['clerk']), 'allowed');
});

test('a user starts in the first area their roles open', () => {
  assert.equal(firstAllowedPath(['approver']), '/tasks');
  assert.equal(firstAllowedPath(['applicant']), '/portal');
  assert.equal(firstAllowedPath(['auditadmin']), '/audit');
  assert.equal(firstAllowedPath([]), '/');
});

test('after sign-in the user returns to where they were going when their roles allow it', () => {
  assert.equal(postLoginTarget('/cases?view=correction', ['clerk']), '/cases?view=correction');
  assert.equal(postLoginTarget('/admin', ['clerk']), '/tasks');
  assert.equal(postLoginTarget(null, ['designer']), '/designer');
  assert.equal(postLoginTarget('https://evil.example/tasks', ['clerk']), '/tasks');
  assert.equal(postLoginTarget('//evil.example/tasks', ['clerk']), '/tasks');
});

test('highlights the area of a page below it in the menu', () => {
  assert.equal(areaAt('/cases/2024-0001')?.key, 'cases');
  assert.equal(areaAt('/casesx'), undefined);
});

test('the case detail opens for staff and auditors, not for applicants', () => {
  assert.equal(accessFor('/cases/TB20261127000001', ['clerk']), 'allowed');
  assert.equal(accessFor('/cases/TB20261127000001', ['auditor']), 'allowed');
  assert.equal(accessFor('/cases/TB20261127000001', ['applicant']), 'forbidden');
  assert.equal(accessFor('/cases/TB20261127000001', null), 'needsLogin');
  assert.equal(accessFor('/cases/TB1/extra', ['clerk']), 'notFound');
  assert.equal(areaAt('/cases/TB20261127000001')?.key, 'cases');
});

test('the portal pages below /portal are for applicants only', () => {
  assert.equal(accessFor('/portal/apply', ['applicant']), 'allowed');
  assert.equal(accessFor('/portal/cases/TB1', ['applicant']), 'allowed');
  assert.equal(accessFor('/portal/cases/TB1', ['clerk']), 'forbidden');
  assert.equal(accessFor('/portal/cases/', ['applicant']), 'notFound');
});

test('the item list, a guide and the progress lookup are public, for visitors and staff alike', () => {
  for (const path of ['/services', '/services/11410404MB0000001X4000111001001', '/progress']) {
    assert.equal(accessFor(path, null), 'public', path);
    assert.equal(accessFor(path, ['clerk']), 'public', path);
  }
  assert.equal(accessFor('/services/a/b', null), 'notFound');
});
