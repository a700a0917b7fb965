// The clerk's workbench, the auditor's views and the administration in a real browser against the real stack:
// a clerk transfers a task to a colleague and sees the 待办 count in the menu drop, previews a material inline,
// accepts with a common phrase (the count drops again); an auditor opens the case's history on its diagram with
// the time each step took, and the audit chain verifies; the administrator's user list. Cases are filed through
// the API (the portal's own browser test files them by hand), so the screens under test start from known data.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  DEMO_PASSWORD,
  launchBrowser,
  loginAs,
  openSession,
  screenshot,
  type BrowserSession,
} from './support/browser.js';
import { tinyPdf } from './support/files.js';
import { startStack, type Stack } from './support/stack.js';

const TEST_TIMEOUT_MS = 180_000;
const STATE_TIMEOUT_MS = 45_000;
const FOOD = '11410404MB0000001X4000111001001'; // 食品经营许可（新办）, SLQ-SCJG
const FORM = {
  operatorName: '石龙区味道餐饮',
  premisesAddress: '石龙区人民路1号',
  businessScope: '热食类食品制售',
  contactPhone: '13800001234',
};
/** The colleague clerk1 transfers to: a second clerk of SLQ-SCJG the administrator creates. */
const COLLEAGUE = { username: 'clerk_e2e', name: '赵窗口' };
const PHRASE = '材料齐全，符合法定形式，予以受理。';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + STATE_TIMEOUT_MS;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(500);
  }
}

describe('the workbench, the auditor and the administrator', () => {
  let stack: Stack;
  let browser: Browser;
  const sessions = new Map<string, BrowserSession>();
  /** Case A is transferred to the colleague; case B is previewed, accepted and audited. */
  let caseA = '';
  let caseB = '';

  async function call(method: string, path: string, token: string | null, body?: unknown) {
    const response = await fetch(`${stack.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async function token(username: string, password = DEMO_PASSWORD): Promise<string> {
    const r = await call('POST', '/auth/login', null, { username, password });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.token as string;
  }

  async function apply(applicant: string): Promise<string> {
    const materials = [];
    for (const code of ['M01', 'M02', 'M03', 'M04']) {
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(tinyPdf(code))], { type: 'application/pdf' }), `${code}.pdf`);
      const uploaded = await call('POST', '/files', applicant, form);
      assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
      materials.push({ code, fileIds: [uploaded.body.id] });
    }
    const r = await call('POST', '/applications', applicant, { itemCode: FOOD, form: FORM, materials, submit: true });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.caseNo as string;
  }

  before(
    async () => {
      stack = await startStack();
      browser = await launchBrowser();
      const admin = await token('admin1');
      const created = await call('POST', '/users', admin, {
        ...COLLEAGUE,
        kind: 'staff',
        password: 'Colleague@2026x',
        roles: ['clerk'],
        departments: ['SLQ-SCJG'],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const applicant = await token('applicant1');
      caseA = await apply(applicant);
      caseB = await apply(applicant);
      const auditor = await token('auditor1');
      for (const caseNo of [caseA, caseB]) {
        await until(`${caseNo} at acceptance`, async () => {
          const r = await call('GET', `/cases/${caseNo}`, auditor);
          return (r.body.tasks as { activityId: string }[] | undefined)?.some((x) => x.activityId === 'acceptance');
        });
      }
    },
    { timeout: 400_000 },
  );

  after(async () => {
    try {
      for (const session of sessions.values()) await session.close().catch(() => undefined);
      await browser?.close();
    } finally {
      await stack?.stop();
    }
  });

  async function as(username: string): Promise<Page> {
    let session = sessions.get(username);
    if (!session) {
      session = await openSession(browser, stack.baseUrl, 'desktop');
      sessions.set(username, session);
      await loginAs(session.page, username);
    }
    return session.page;
  }

  const menuCount = async (page: Page) =>
    Number(await page.locator('[data-testid=menu-count-tasks]').getAttribute('data-count'));

  /** Waits until the menu's 待办 badge shows `expected` (it refreshes after each action). */
  const menuCountIs = (page: Page, expected: number) =>
    until(`the menu count to be ${expected}`, async () => (await menuCount(page)) === expected);

  test(
    'given two new cases, when clerk1 transfers one to a colleague from the list, then it leaves their 待办 and the menu count drops',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const page = await as('clerk1');
      await page.goto('/tasks');
      await page.locator(`[data-testid=task-row-${caseA}]`).waitFor();
      await page.locator('[data-testid=menu-count-tasks]').waitFor();
      const before = await menuCount(page);
      assert.ok(before >= 2, `both new cases are in 待办 (${before})`);
      assert.equal(Number(await page.locator('[data-testid=tab-todo-count]').getAttribute('data-count')), before);

      // The filter bar narrows the list to one case by its number.
      await page.locator('[data-testid=task-filter-toggle]').click();
      await page.locator('[data-testid=task-filter-case-no]').fill(caseB);
      await page.locator('[data-testid=task-filter-apply]').click();
      await until('the list filtered to case B', async () => {
        const rows = await page.locator('[data-testid^=task-row-]').count();
        return rows === 1 && (await page.locator(`[data-testid=task-row-${caseB}]`).isVisible());
      });
      await screenshot(page, 'workbench-filters');
      await page.getByRole('button', { name: /重\s*置/ }).click();
      await page.locator(`[data-testid=task-row-${caseA}]`).waitFor();

      await page.locator(`[data-testid=reassign-${caseA}]`).click();
      const dialog = page.locator('.ant-modal').filter({ has: page.locator('[data-testid=reassign-dialog]') });
      await dialog.waitFor();
      await dialog.locator('[data-testid=reassign-colleague]').click();
      const option = page.locator('.ant-select-dropdown').getByTitle(`${COLLEAGUE.name}（${COLLEAGUE.username}）`);
      await option.click();
      assert.equal(
        await page
          .locator('.ant-select-dropdown')
          .getByTitle(/clerk2/)
          .count(),
        0,
        'no clerk of another department is offered',
      );
      await screenshot(page, 'workbench-transfer');
      await dialog.locator('[data-testid=reassign-submit]').click();
      await page.getByText(`已转办给 ${COLLEAGUE.username}`).waitFor();
      await page.locator(`[data-testid=task-row-${caseA}]`).waitFor({ state: 'detached' });
      await menuCountIs(page, before - 1);

      const colleague = await token(COLLEAGUE.username, 'Colleague@2026x');
      const theirs = await call('GET', `/tasks?view=todo&caseNo=${caseA}`, colleague);
      assert.equal((theirs.body.items as { assignee: string }[])[0]?.assignee, COLLEAGUE.username);
      await screenshot(page, 'workbench-todo-list');
    },
  );

  test(
    'given case B, when clerk1 claims it on its page, previews a material inline and accepts with a common phrase, then the count drops once more',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      assert.ok(caseB, 'case B was filed');
      const page = await as('clerk1');
      await page.goto('/tasks');
      await page.locator(`[data-testid=task-row-${caseB}]`).click();
      await page.locator('[data-testid=case-detail]').waitFor();
      await page.locator('[data-testid=menu-count-tasks]').waitFor();
      const before = await menuCount(page);
      // 签收 from the detail; claiming keeps the task in 待办, so the count stays.
      await page.locator('[data-testid=claim-task-acceptance]').click();
      await page.locator('[data-testid=unclaim-task-acceptance]').waitFor();
      assert.equal(await menuCount(page), before);
      const preview = page.locator('[data-testid=case-materials] [data-testid^=preview-]').first();
      await preview.click();
      const frame = page.locator('[data-testid=file-preview-pdf]');
      await frame.waitFor();
      assert.match((await frame.getAttribute('src')) ?? '', /^blob:/, 'the PDF is fetched with the token as a blob');
      assert.equal(await page.locator('[data-testid=file-preview]').getAttribute('data-kind'), 'pdf');
      await screenshot(page, 'case-preview');
      await page.locator('.ant-drawer-close').click();
      await frame.waitFor({ state: 'detached' });

      await page.locator('[data-testid=case-history-diagram][data-state=ready]').waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'case-detail-workbench');

      await page.locator('[data-testid=action-accept]').click();
      await page.locator('[data-testid=phrase-0]').click();
      const opinion = page.locator('[data-testid=action-dialog-opinion]');
      assert.equal(await opinion.inputValue(), PHRASE);
      await page.locator('[data-testid=action-dialog-submit]').click();
      await page.getByText('已完成：受理').waitFor();
      await menuCountIs(page, before - 1);
    },
  );

  test(
    'given the accepted case, when auditor1 finds it across departments, then its history shows on the diagram with who, how long and the opinion',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const page = await as('auditor1');
      await page.goto('/audit');
      await page.locator('[data-testid=audit-tab-cases]').click();
      await page.locator('[data-testid=audit-case-search] input').fill(caseB);
      await page.locator('[data-testid=audit-case-search] input').press('Enter');
      await page.locator(`[data-testid=audit-case-${caseB}]`).click();
      await page.locator('[data-testid=case-history]').waitFor();

      const row = page.locator('[data-testid=history-activity-acceptance]').first();
      await until('the acceptance step in the history', async () => {
        if (await row.isVisible()) return true;
        await page.reload();
        await page.locator('[data-testid=case-history]').waitFor();
        return false;
      });
      await page.locator('[data-testid=case-history-diagram][data-state=ready]').waitFor();
      const text = await row.innerText();
      assert.ok(text.includes('clerk1'), `who: ${text}`);
      assert.ok(text.includes(PHRASE), `the opinion: ${text}`);
      const duration = await page.locator('[data-testid=history-duration-acceptance]').first().innerText();
      assert.match(duration, /\d+\s*(天|小时|分钟|秒)|不足1秒/, `how long: ${duration}`);
      const badge = page.locator('.tb-diagram-badge[data-element-id=acceptance]');
      await badge.waitFor();
      assert.match(await badge.innerText(), /\d|不足/);

      await row.click();
      await page.locator('[data-testid=history-selected]').waitFor();
      assert.equal(
        await page
          .locator('[data-testid=case-history-diagram] .djs-element.tb-selected[data-element-id=acceptance]')
          .count(),
        1,
        'the chosen step is outlined on the diagram',
      );
      await page.locator('[data-testid=history-tab-operations]').click();
      await page.locator('[data-testid=history-operations]').getByText('clerk1').first().waitFor();
      await page.locator('[data-testid=history-tab-engine]').click();
      const engineLog = page.locator('[data-testid=history-engine]');
      await engineLog.getByText('签收').first().waitFor();
      assert.ok((await engineLog.innerText()).includes('clerk1'), 'the engine names the clerk who claimed');
      await page.locator('[data-testid=history-tab-activities]').click();
      await page.locator('[data-testid=case-history]').scrollIntoViewIfNeeded();
      await screenshot(page, 'auditor-history');
    },
  );

  test(
    'given the audit log, when auditor1 verifies the chain, then it is intact',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const page = await as('auditor1');
      await page.goto('/audit');
      await page.locator('[data-testid=audit-verify]').click();
      const result = page.locator('[data-testid=audit-verify-result]');
      await result.waitFor();
      assert.equal(await result.getAttribute('data-ok'), 'true', await result.innerText());
      assert.match(await result.innerText(), /完整/);
      await screenshot(page, 'audit-verify');
    },
  );

  test(
    'given the administrator, when they open the users and the roles overview, then the colleague is listed and the clerk role counts and opens its users',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const page = await as('admin1');
      await page.goto('/admin');
      const row = page.locator(`[data-testid=user-row-${COLLEAGUE.username}]`);
      await row.waitFor();
      assert.ok((await row.innerText()).includes(COLLEAGUE.name));
      await screenshot(page, 'admin-users');

      // The roles overview counts the active users of a role and opens exactly them.
      await page.locator('[data-testid=admin-tab-roles]').click();
      const clerks = page.locator('[data-testid=role-users-clerk]');
      await clerks.filter({ hasText: /\d+\s*人/ }).waitFor();
      const count = Number(/(\d+)/.exec(await clerks.innerText())?.[1]);
      assert.ok(count >= 3, `clerk1, clerk2 and the colleague hold the clerk role (${count})`);
      await screenshot(page, 'admin-roles');
      await clerks.click();
      await page.locator(`[data-testid=user-row-${COLLEAGUE.username}]`).waitFor();
      assert.equal(await page.locator('[data-testid=user-row-admin1]').count(), 0, 'only clerks are listed');
    },
  );
});
