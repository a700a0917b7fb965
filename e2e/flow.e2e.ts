// The general approval flow (通用审批) in real browsers against the real stack, as
// scripts/demo-walkthrough.mjs walks it through the API: an applicant on a phone applies for 食品经营许可（新办）,
// the clerk asks for a correction, the applicant answers, the clerk accepts, the approver and the lead approve,
// the applicant downloads the decision and rates the service; a clerk of another department cannot open it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { CASE_STATUS_LABELS } from '@tongban/contracts';
import {
  launchBrowser,
  loginAs,
  openSession,
  screenshot,
  type BrowserSession,
  type ViewportName,
} from './support/browser.js';
import { tempFiles, type TempFiles } from './support/files.js';
import { startStack, type Stack } from './support/stack.js';

const TEST_TIMEOUT_MS = 180_000;
/** How long a step waits for the workers and the engine to move the case after an action. */
const STATE_TIMEOUT_MS = 45_000;
const POLL_INTERVAL_MS = 500;

const ITEM_NAME = '食品经营许可（新办）';
const REQUIRED_MATERIALS = ['M01', 'M02', 'M03', 'M04'];
const CORRECTED_MATERIAL = 'M03';
const CORRECTION_REASON = '布局图未标注设备位置';
const FORM = {
  operatorName: '石龙区味道餐饮',
  premisesAddress: '石龙区人民路1号',
  businessScope: '热食类食品制售',
  contactPhone: '13800001234',
};

const label = (status: keyof typeof CASE_STATUS_LABELS) => CASE_STATUS_LABELS[status].zh;
const pathname = (url: string) => new URL(url).pathname;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until `check` holds, calling `refresh` (a reload, a list refresh) between tries; the workers move a
 * case a moment after each action, so a screen shows the new state only after it asks the API again.
 */
async function until(
  what: string,
  check: () => Promise<boolean>,
  refresh: () => Promise<unknown>,
  timeoutMs = STATE_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await delay(POLL_INTERVAL_MS);
    await refresh();
  }
}

/** Whether the locator is on screen now (no waiting). */
const shown = (locator: Locator) => locator.first().isVisible();

/** Reloads and waits until the page has asked the API again (the spinner gives way to the page). */
async function reload(page: Page, ready: string): Promise<void> {
  await page.reload();
  await page.locator(ready).waitFor();
}

/** Picks `option` in the antd Select that `trigger` opens. */
async function pick(page: Page, trigger: Locator, option: string): Promise<void> {
  await trigger.click();
  await page.locator('.ant-select-dropdown').getByTitle(option, { exact: true }).click();
  await page.locator('.ant-select-dropdown').getByTitle(option, { exact: true }).waitFor({ state: 'hidden' });
}

/** Sets a file on the upload field whose button has `buttonTestId`, and waits until the API has stored it. */
async function upload(scope: Locator, buttonTestId: string, file: string): Promise<void> {
  const field = scope.locator('.ant-upload-wrapper').filter({ has: scope.page().getByTestId(buttonTestId) });
  await field.locator('input[type=file]').setInputFiles(file);
  await field.locator('.ant-upload-list-item-done').waitFor();
}

describe('the general approval flow, from the phone to the workbench and back', () => {
  let stack: Stack;
  let browser: Browser;
  let files: TempFiles;
  const sessions = new Map<string, BrowserSession>();
  /** The case the applicant submits; every later step works on it. */
  let caseNo = '';

  before(
    async () => {
      files = tempFiles();
      stack = await startStack();
      browser = await launchBrowser();
    },
    { timeout: 360_000 },
  );

  after(async () => {
    try {
      for (const session of sessions.values()) await session.close().catch(() => undefined);
      await browser?.close();
    } finally {
      await stack?.stop();
      files?.remove();
    }
  });

  /** One browser profile per person for the whole flow, signed in on first use. */
  async function as(username: string, viewport: ViewportName = 'desktop'): Promise<BrowserSession> {
    let session = sessions.get(username);
    if (!session) {
      session = await openSession(browser, stack.baseUrl, viewport);
      sessions.set(username, session);
      await loginAs(session.page, username);
    }
    return session;
  }

  /** The staff's case page, once the step `activityId` offers `action` to this user. */
  async function openCaseAction(page: Page, activityId: string, action: string): Promise<Locator> {
    await page.goto(`/cases/${caseNo}`);
    await page.getByTestId('case-detail').waitFor();
    const button = page.getByTestId(`case-task-${activityId}`).getByTestId(`action-${action}`);
    await until(
      `${activityId} to offer ${action} on ${caseNo}`,
      () => shown(button),
      () => reload(page, '[data-testid=case-detail]'),
    );
    return button;
  }

  /** Runs `action` from the case page with an opinion, and waits until the dialog has closed. */
  async function act(page: Page, activityId: string, action: string, opinion: string): Promise<void> {
    await (await openCaseAction(page, activityId, action)).click();
    const dialog = page.getByTestId(`action-dialog-form-${action}`);
    await dialog.waitFor();
    await page.getByTestId('action-dialog-opinion').fill(opinion);
    await page.getByTestId('action-dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('action-dialog-error').count(), 0);
  }

  /** Waits until the staff's case page shows `status`. */
  async function staffSees(page: Page, status: keyof typeof CASE_STATUS_LABELS): Promise<void> {
    const tag = page.getByTestId('case-status');
    await until(
      `${caseNo} to be ${label(status)} on the case page`,
      async () => (await tag.innerText()) === label(status),
      () => reload(page, '[data-testid=case-status]'),
    );
  }

  /** The applicant's case page, reloaded until `check` holds. */
  async function applicantSees(page: Page, what: string, check: () => Promise<boolean>): Promise<void> {
    if (pathname(page.url()) !== `/portal/cases/${caseNo}`) await page.goto(`/portal/cases/${caseNo}`);
    await page.getByTestId('my-case').waitFor();
    await until(what, check, () => reload(page, '[data-testid=my-case]'));
  }

  test(
    `given applicant1 on a phone, when they fill in ${ITEM_NAME} with a PDF per required material and submit, then 我的办件 lists the case as 已提交`,
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { page, pageErrors } = await as('applicant1', 'phone');
      await page.getByTestId('area-portal').waitFor();
      await page.getByTestId('portal-apply').click();
      await page.waitForURL((url) => url.pathname === '/portal/apply');

      await pick(page, page.getByTestId('apply-item'), ITEM_NAME);
      const form = page.getByTestId('apply-form');
      await form.waitFor();
      await page.locator('#operatorName').fill(FORM.operatorName);
      await page.locator('#premisesAddress').fill(FORM.premisesAddress);
      await pick(
        page,
        form
          .locator('.ant-form-item')
          .filter({ has: page.locator('#businessScope') })
          .locator('.ant-select'),
        FORM.businessScope,
      );
      await page.locator('#contactPhone').fill(FORM.contactPhone);

      const materials = page.getByTestId('apply-materials');
      for (const code of REQUIRED_MATERIALS) await upload(materials, `upload-button-${code}`, files.pdf(code));
      assert.equal(await materials.locator('.ant-upload-list-item-done').count(), REQUIRED_MATERIALS.length);
      await screenshot(page, 'portal-apply-phone');

      await page.getByTestId('apply-submit').click();
      await page.waitForURL((url) => /^\/portal\/cases\/[^/]+$/.test(url.pathname));
      caseNo = decodeURIComponent(pathname(page.url()).split('/').pop() ?? '');
      assert.ok(caseNo, 'the portal opens the new case');
      await page.getByTestId('my-case').waitFor();
      assert.equal(await page.getByTestId('case-status').innerText(), label('submitted'));

      await page.goto('/portal');
      const row = page.getByTestId(`my-case-${caseNo}`);
      await row.waitFor();
      const text = await row.innerText();
      assert.ok(text.includes(ITEM_NAME), `the row names the item: ${text}`);
      assert.ok(text.includes(label('submitted')), `the row shows 已提交: ${text}`);
      assert.deepEqual(pageErrors, []);
    },
  );

  test(
    'given the submitted case, when clerk1 claims it in 待办 and asks for a correction of one material, then the case waits for the applicant',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      assert.ok(caseNo, 'the applicant has submitted a case');
      const { page, pageErrors } = await as('clerk1');
      await page.getByTestId('area-tasks').waitFor();
      const row = page.getByTestId(`task-row-${caseNo}`);
      await until(
        `${caseNo} in clerk1's 待办`,
        () => shown(row),
        () => page.getByRole('button', { name: /刷\s*新/ }).click(),
      );
      assert.ok((await row.innerText()).includes(ITEM_NAME));

      await screenshot(page, 'workbench-todo');

      await page.getByTestId(`claim-${caseNo}`).click();
      await page.getByTestId(`unclaim-${caseNo}`).waitFor();
      assert.ok((await row.innerText()).includes('clerk1'), 'the row shows clerk1 as the assignee');

      await row.click();
      await page.waitForURL((url) => url.pathname === `/cases/${caseNo}`);
      await page.getByTestId('case-detail').waitFor();
      assert.equal(await page.getByTestId('case-no').innerText(), caseNo);
      assert.equal(await page.getByTestId('case-status').innerText(), label('submitted'));

      await (await openCaseAction(page, 'acceptance', 'requestCorrection')).click();
      const dialog = page.getByTestId('action-dialog-form-requestCorrection');
      await dialog.waitFor();
      await page.getByTestId(`correction-${CORRECTED_MATERIAL}`).check();
      await page.getByTestId(`correction-reason-${CORRECTED_MATERIAL}`).fill(CORRECTION_REASON);
      await page.getByTestId('action-dialog-submit').click();
      await dialog.waitFor({ state: 'detached' });

      await staffSees(page, 'correction_required');
      const correction = page.getByTestId('case-correction');
      await correction.waitFor();
      assert.ok((await correction.innerText()).includes(CORRECTION_REASON), 'the correction record shows the reason');
      await page.locator('[data-testid=case-history-diagram][data-state=ready]').waitFor();
      await screenshot(page, 'case-detail');
      assert.deepEqual(pageErrors, []);
    },
  );

  test(
    'given the correction request, when the applicant opens the case on the phone and uploads a new PDF, then the case is 已提交 again',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      assert.ok(caseNo, 'the applicant has submitted a case');
      const { page, pageErrors } = await as('applicant1', 'phone');
      const notice = page.getByTestId('my-correction');
      await applicantSees(page, 'the correction notice', () => shown(notice));
      assert.equal(await page.getByTestId('case-status').innerText(), label('correction_required'));
      const item = notice.getByTestId(`correction-item-${CORRECTED_MATERIAL}`);
      assert.ok((await item.innerText()).includes(CORRECTION_REASON), 'the notice gives the clerk’s reason');
      assert.equal(await notice.locator('[data-testid^=correction-item-]').count(), 1, 'only the one material');

      await upload(item, `upload-button-${CORRECTED_MATERIAL}`, files.pdf(`${CORRECTED_MATERIAL}-v2`));
      await page.getByTestId('correction-submit').click();
      await notice.waitFor({ state: 'detached' });
      await applicantSees(
        page,
        `${caseNo} to be 已提交 again`,
        async () => (await page.getByTestId('case-status').innerText()) === label('submitted'),
      );
      assert.equal(await notice.count(), 0);
      assert.deepEqual(pageErrors, []);
    },
  );

  test(
    'given the answered correction, when clerk1 accepts, approver1 approves the review and lead1 approves the decision, then the case is 已办结',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      assert.ok(caseNo, 'the applicant has submitted a case');
      const clerk = await as('clerk1');
      await act(clerk.page, 'acceptance', 'accept', '材料齐全，予以受理');
      await staffSees(clerk.page, 'in_progress');

      const approver = await as('approver1');
      await act(approver.page, 'review', 'approve', '符合条件');
      const lead = await as('lead1');
      await act(lead.page, 'decision', 'approve', '同意');
      await staffSees(lead.page, 'completed');
      assert.equal(await lead.page.getByTestId('case-tasks').getByRole('button').count(), 0, 'no step is left');
      for (const { pageErrors } of [clerk, approver, lead]) assert.deepEqual(pageErrors, []);
    },
  );

  test(
    'given the completed case, when the applicant opens it, then it shows 已办结 / 准予许可, the decision downloads as a PDF and the service can be rated 非常满意',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      assert.ok(caseNo, 'the applicant has submitted a case');
      const { page, pageErrors } = await as('applicant1', 'phone');
      const decision = page.getByTestId('document-approval_decision');
      await applicantSees(
        page,
        `${caseNo} to be 已办结 with its decision`,
        async () =>
          (await page.getByTestId('case-status').innerText()) === label('completed') && (await shown(decision)),
      );
      const header = await page.getByTestId('my-case').locator('.ant-card').first().innerText();
      assert.ok(header.includes('准予许可'), `the result is shown: ${header}`);
      await screenshot(page, 'portal-case-phone');

      const [download] = await Promise.all([page.waitForEvent('download'), decision.click()]);
      assert.match(download.suggestedFilename(), /\.pdf$/);
      const saved = await download.path();
      assert.equal(await download.failure(), null);
      assert.equal(fs.readFileSync(saved).subarray(0, 5).toString('latin1'), '%PDF-');

      const evaluation = page.getByTestId('my-evaluation');
      await page.getByTestId('evaluation-rating').getByText('非常满意', { exact: true }).click();
      await page.getByTestId('evaluation-comment').fill('办理很快');
      await page.getByTestId('evaluation-submit').click();
      await evaluation.getByText('您的评价：非常满意').waitFor();
      await page.getByTestId('evaluation-submit').waitFor({ state: 'detached' });

      await page.goto('/portal');
      const row = page.getByTestId(`my-case-${caseNo}`);
      await row.waitFor();
      assert.ok((await row.innerText()).includes(label('completed')));
      assert.deepEqual(pageErrors, []);
    },
  );

  test(
    'given a clerk of another department, when clerk2 opens the case, then the API refuses it and the page shows no case',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      assert.ok(caseNo, 'the applicant has submitted a case');
      const { page } = await as('clerk2');
      await page.getByTestId('area-tasks').waitFor();
      const answer = page.waitForResponse((response) => pathname(response.url()) === `/api/v1/cases/${caseNo}`);
      await page.goto(`/cases/${caseNo}`);
      assert.equal((await answer).status(), 403);
      // A refused case is told as refused, not as missing.
      await page.getByTestId('case-forbidden').waitFor();
      assert.equal(await page.getByTestId('case-no').count(), 0);
      assert.equal(await page.getByTestId('case-tasks').count(), 0);
      assert.equal(await page.locator('[data-testid^=action-]').count(), 0);
    },
  );
});
