// The console skeleton in a real browser against the real stack: sign-in, menus per role, guards, language,
// sign-out and the phone layout.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser } from 'playwright-core';
import { areasForRoles, CONSOLE_AREAS, ErrorBody, HealthResponse } from '@tongban/contracts';
import {
  LOCALE_KEY,
  ROLE_ACCOUNTS,
  TOKEN_KEY,
  VIEWPORTS,
  launchBrowser,
  loginAs,
  menuPaths,
  openSession,
  overflowsHorizontally,
  screenshot,
  type ViewportName,
} from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

const TEST_TIMEOUT_MS = 90_000;

describe('console', () => {
  let stack: Stack;
  let browser: Browser;

  before(
    async () => {
      stack = await startStack();
      browser = await launchBrowser();
    },
    { timeout: 360_000 },
  );

  after(async () => {
    try {
      await browser?.close();
    } finally {
      await stack?.stop();
    }
  });

  /** A fresh browser profile for one test, closed when the test ends. */
  async function open(t: TestContext, viewport: ViewportName = 'desktop') {
    const session = await openSession(browser, stack.baseUrl, viewport);
    t.after(() => session.close());
    return session;
  }

  const pathname = (url: string) => new URL(url).pathname;

  test(
    'given the stack started by scripts/start.mjs, when its health is asked, then database, engine and workers are up on the embedded defaults',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const response = await fetch(`${stack.baseUrl}/api/v1/health`);
      assert.equal(response.status, 200);
      const health = HealthResponse.parse(await response.json());
      assert.equal(health.status, 'ok');
      assert.deepEqual(health.db, { status: 'up', kind: 'pglite' });
      assert.equal(health.engine.status, 'up');
      assert.equal(health.workers.status, 'up');
      const engineFiles = fs.readdirSync(path.join(stack.dataDir, 'engine'));
      assert.ok(
        engineFiles.some((file) => file.endsWith('.mv.db')),
        `the engine keeps its H2 database in the stack's data folder (found: ${engineFiles.join(', ')})`,
      );
    },
  );

  test(
    'given a visitor, when the login page opens, then the sign-in form is shown in Chinese',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const { page, pageErrors } = await open(t);
      await page.goto('/login');
      await page.getByRole('heading', { level: 1, name: '登录通办' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
      assert.equal(await page.getByText('申请人与工作人员使用同一入口登录').count(), 1);
      assert.equal(await page.getByLabel('用户名').getAttribute('id'), 'username');
      assert.equal(await page.getByLabel('密码').getAttribute('id'), 'password');
      // antd spaces out two-character Chinese button labels ("登 录").
      assert.equal((await page.locator('[data-testid=login-submit]').innerText()).replace(/\s/g, ''), '登录');
      await screenshot(page, 'login');
      assert.deepEqual(pageErrors, []);
    },
  );

  test(
    'given a phone, when the login page opens, then the form fits the screen without sideways scrolling',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const { page } = await open(t, 'phone');
      await page.goto('/login');
      const submit = page.locator('[data-testid=login-submit]');
      await submit.waitFor();
      assert.equal(await overflowsHorizontally(page), false);
      const box = await submit.boundingBox();
      assert.ok(box, 'the sign-in button is laid out');
      const { width } = VIEWPORTS.phone.viewport;
      assert.ok(
        box.x >= 0 && box.x + box.width <= width,
        `the sign-in button lies within ${width} px: ${JSON.stringify(box)}`,
      );
      await screenshot(page, 'login-phone');
    },
  );

  test(
    "given a wrong password, when the form is sent, then the API's message is shown and the browser stays on /login",
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const { page } = await open(t);
      await page.goto('/login');
      // An account no other test signs in with: each failure counts towards its lock-out.
      await page.locator('#username').fill('approver1');
      await page.locator('#password').fill('Not-the-password-1');
      const answer = page.waitForResponse((response) => pathname(response.url()) === '/api/v1/auth/login');
      await page.locator('[data-testid=login-submit]').click();
      const response = await answer;
      assert.equal(response.status(), 401);
      const body = ErrorBody.parse(await response.json());
      assert.equal(body.code, 'UNAUTHENTICATED');
      assert.ok(body.message.trim(), 'the API explains the refusal');

      const alert = page.locator('[data-testid=login-error]');
      await alert.waitFor();
      assert.ok((await alert.innerText()).includes(body.message), `the alert shows "${body.message}"`);
      assert.equal(pathname(page.url()), '/login');
      assert.equal(await page.locator('[data-testid=current-user]').count(), 0);
      assert.equal(await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY), null);
    },
  );

  for (const [role, username] of Object.entries(ROLE_ACCOUNTS)) {
    test(
      `given ${username} (${role}), when they sign in, then the menu lists exactly the areas their roles open and each entry opens its page`,
      { timeout: TEST_TIMEOUT_MS },
      async (t) => {
        const { page, pageErrors } = await open(t);
        const user = await loginAs(page, username);
        const expected = areasForRoles(user.roles);
        assert.ok(expected.length > 0, `${username}'s roles (${user.roles.join(', ')}) open at least one area`);

        await page.locator(`[data-testid=area-${expected[0]?.key}]`).waitFor();
        assert.equal(pathname(page.url()), expected[0]?.path, 'signing in lands on the first area');
        assert.deepEqual(
          await menuPaths(page),
          expected.map((area) => area.path),
        );
        const labels = await page.locator('[data-testid=main-menu] a').allInnerTexts();
        assert.deepEqual(
          labels,
          expected.map((area) => area.label.zh),
        );
        if (username === ROLE_ACCOUNTS.clerk) await screenshot(page, 'console-clerk');

        for (const area of [...expected].reverse()) {
          await page.locator('[data-testid=main-menu]').getByRole('link', { name: area.label.zh }).click();
          await page.locator(`[data-testid=area-${area.key}]`).waitFor();
          assert.equal(pathname(page.url()), area.path);
        }
        assert.deepEqual(pageErrors, []);
      },
    );
  }

  test(
    'given a signed-in clerk, when they open /designer, then the 403 page is shown instead of the designer',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const { page } = await open(t);
      const user = await loginAs(page, ROLE_ACCOUNTS.clerk);
      const designer = CONSOLE_AREAS.find((area) => area.key === 'designer');
      assert.ok(designer && areasForRoles(user.roles).every((area) => area.key !== 'designer'));

      await page.goto(designer.path);
      await page.getByText('您当前的角色无权访问此页面。').waitFor();
      assert.equal(await page.locator('.ant-result-title').innerText(), '403');
      assert.equal(pathname(page.url()), '/designer');
      assert.equal(await page.locator('[data-testid=area-designer]').count(), 0);
      assert.equal(await page.locator('[data-testid=current-user]').innerText(), user.name, 'still signed in');
    },
  );

  test(
    'given a signed-in clerk, when they open an unknown path, then the 404 page is shown inside the console',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const { page } = await open(t);
      const user = await loginAs(page, ROLE_ACCOUNTS.clerk);
      await page.goto('/no-such-page');
      await page.getByText('您访问的页面不存在。').waitFor();
      assert.equal(await page.locator('.ant-result-title').innerText(), '404');
      assert.equal(await page.locator('[data-testid=current-user]').innerText(), user.name);
      assert.deepEqual(
        await menuPaths(page),
        areasForRoles(user.roles).map((area) => area.path),
      );
    },
  );

  test(
    'given a signed-in clerk, when they switch to English, then the texts change and stay English after a reload',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const { page } = await open(t);
      const user = await loginAs(page, ROLE_ACCOUNTS.clerk);
      const areas = areasForRoles(user.roles);
      const first = areas[0];
      assert.ok(first);
      const title = page.locator(`#area-${first.key}-title`);
      assert.equal(await title.innerText(), first.label.zh);

      await page.locator('[data-testid=language-switch]').getByText('EN', { exact: true }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      assert.equal(await title.innerText(), first.label.en);
      assert.deepEqual(
        await page.locator('[data-testid=main-menu] a').allInnerTexts(),
        areas.map((area) => area.label.en),
      );
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await page.evaluate((key) => localStorage.getItem(key), LOCALE_KEY), 'en');

      await page.reload();
      await page.locator('[data-testid=current-user]').filter({ hasText: user.name }).waitFor();
      assert.equal(await title.innerText(), first.label.en);
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await page.getByRole('button', { name: '退出登录' }).count(), 0);
    },
  );

  test(
    'given a signed-in clerk, when they sign out, then the login page returns and the old session opens no console page',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const { page } = await open(t);
      await loginAs(page, ROLE_ACCOUNTS.clerk);
      const token = await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY);
      assert.ok(token, 'a signed-in tab holds its token');

      await page.locator('[data-testid=logout]').click();
      await page.waitForURL((url) => url.pathname === '/login');
      await page.locator('#username').waitFor();
      assert.equal(await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY), null);

      const me = await fetch(`${stack.baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.status, 401, 'the API has ended the session');

      // A tab that kept the old token (another tab, a copied storage) is sent back to the login page.
      await page.evaluate(([key, value]) => sessionStorage.setItem(key, value), [TOKEN_KEY, token] as const);
      await page.goto('/tasks');
      await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/tasks');
      await page.locator('#username').waitFor();
      assert.equal(await page.locator('[data-testid=area-tasks]').count(), 0);
      assert.equal(await page.locator('[data-testid=current-user]').count(), 0);
    },
  );

  test(
    'given a phone, when an applicant signs in and opens the menu drawer, then its entry leads to the portal page',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const { page, pageErrors } = await open(t, 'phone');
      const user = await loginAs(page, ROLE_ACCOUNTS.applicant);
      const expected = areasForRoles(user.roles);
      const portal = CONSOLE_AREAS.find((area) => area.key === 'portal');
      assert.ok(portal && expected.some((area) => area.key === 'portal'));

      // Start away from the portal, so that only the drawer can bring the applicant there.
      await page.goto('/no-such-page');
      await page.getByText('您访问的页面不存在。').waitFor();
      const menu = page.locator('[data-testid=main-menu]');
      assert.equal(await menu.isVisible(), false, 'no side menu on a phone until the drawer is opened');

      await page.locator('[data-testid=menu-toggle]').click();
      assert.deepEqual(
        await menuPaths(page),
        expected.map((area) => area.path),
      );
      await screenshot(page, 'menu-phone');
      await menu.getByRole('link', { name: portal.label.zh }).click();
      await page.locator('[data-testid=area-portal]').waitFor();
      assert.equal(pathname(page.url()), portal.path);
      await menu.waitFor({ state: 'hidden' });
      assert.equal(await overflowsHorizontally(page), false);
      await screenshot(page, 'portal-phone');
      assert.deepEqual(pageErrors, []);
    },
  );
});
