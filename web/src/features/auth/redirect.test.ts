import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loginHref, redirectFromSearch, safeRedirect } from './redirect';

test('the login link keeps the page the user was going to', () => {
  const href = loginHref('/cases?view=correction#top');
  assert.equal(href, '/login?redirect=%2Fcases%3Fview%3Dcorrection%23top');
  assert.equal(redirectFromSearch(href.slice('/login'.length)), '/cases?view=correction#top');
});

test('the login link carries no redirect to home or to the login page itself', () => {
  assert.equal(loginHref('/'), '/login');
  assert.equal(loginHref('/login?redirect=%2Ftasks'), '/login');
});

test('accepts only same-site paths as redirect targets', () => {
  assert.equal(safeRedirect('/tasks'), '/tasks');
  for (const unsafe of ['https://evil.example', '//evil.example', '/\\evil.example', 'tasks', '', null, '/a\nb']) {
    assert.equal(safeRedirect(unsafe), null, String(unsafe));
  }
});
