// The public portal on a 375 px phone (also the H5 inside WeChat and the app), in a real browser against the real
// stack: browse the items by theme and by department for persons and legal persons, read a guide (办事指南), apply
// from it after signing in (type and size checked before sending, a draft, a submission), then look the case up
// anonymously by number and query code — typed in, and through the link its QR code carries — and with a wrong code.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { CASE_STATUS_LABELS } from '@tongban/contracts';
import {
  DEMO_PASSWORD,
  TOKEN_KEY,
  launchBrowser,
  openSession,
  overflowsHorizontally,
  screenshot,
} from './support/browser.js';
import { tempFiles, type TempFiles } from './support/files.js';
import { startStack, type Stack } from './support/stack.js';

const TEST_TIMEOUT_MS = 120_000;

const FOOD = { code: '11410404MB0000001X4000111001001', name: '食品经营许可（新办）' };
const HOUSING = { code: '11410404MB0000003X4000333002001', name: '公共租赁住房保障资格申请' };
const BUILDING = { code: '11410404MB0000003X4000333001001', name: '建筑工程施工许可证核发' };
const CONSTRUCTION_STAGE = '11410404MB0000003X4000333003001'; // 工程建设项目施工许可阶段并联审批
const REQUIRED_MATERIALS = ['M01', 'M02', 'M03', 'M04'];
const APPLICANT = { username: 'applicant2', name: '李四', masked: '李*', phone: '13900005678' };

const pathname = (url: string) => new URL(url).pathname;

/** The codes of the item cards on the list, in order. */
async function listedItems(page: Page): Promise<string[]> {
  const ids = await page
    .getByTestId('item-list')
    .locator('[data-testid^="item-"]')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-testid') ?? ''));
  return ids.filter((id) => /^item-[0-9A-Z]+$/.test(id)).map((id) => id.slice('item-'.length));
}

/** Waits until the list has been answered for the current filter and shows `count` items. */
async function listShows(page: Page, count: number): Promise<string[]> {
  await page
    .getByTestId('item-count')
    .filter({ hasText: `共 ${count} 个事项` })
    .waitFor();
  return listedItems(page);
}

/** Picks `option` in the antd Select that `trigger` opens. */
async function pick(page: Page, trigger: Locator, option: string): Promise<void> {
  await trigger.click();
  await page.locator('.ant-select-dropdown').getByTitle(option, { exact: true }).click();
  await page.locator('.ant-select-dropdown').getByTitle(option, { exact: true }).waitFor({ state: 'hidden' });
}

/** The file input of the upload field whose button has `buttonTestId`. */
const fileInput = (scope: Locator, buttonTestId: string) =>
  scope
    .locator('.ant-upload-wrapper')
    .filter({ has: scope.page().getByTestId(buttonTestId) })
    .locator('input[type=file]');

describe('the public portal on a phone', () => {
  let stack: Stack;
  let browser: Browser;
  let files: TempFiles;
  /** The case applicant2 submits from the guide, and its query code; the lookup tests use them. */
  let caseNo = '';
  let queryCode = '';
  let qrPng: Buffer | null = null;

  before(
    async () => {
      files = tempFiles('tongban-e2e-portal-');
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
      files?.remove();
    }
  });

  async function phone(t: TestContext) {
    const session = await openSession(browser, stack.baseUrl, 'phone');
    t.after(() => session.close());
    return session;
  }

  test(
    'given a visitor on a phone, when they browse 个人办事 and 法人办事 by theme and by department and search, then the list follows, fits the screen and needs no sign-in',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const { page, pageErrors } = await phone(t);
      await page.goto('/');
      await page.getByTestId('home-person').waitFor();
      assert.equal(await overflowsHorizontally(page), false, 'the home page fits 375 px');
      await page.getByTestId('home-person').click();
      await page.waitForURL((url) => url.pathname === '/services');
      await page.getByTestId('services').waitFor();
      assert.equal(new URL(page.url()).searchParams.get('audience'), 'person');

      // 个人办事 by theme: 住房保障 holds the housing item only; 施工许可 (legal persons only) is under no person theme.
      await page.getByTestId('item-count').waitFor();
      const personItems = await listedItems(page);
      assert.ok(personItems.includes(HOUSING.code), `persons see ${HOUSING.name}`);
      assert.ok(!personItems.includes(BUILDING.code), 'a legal-person item is not listed for persons');
      await page.getByTestId('group-P-HOUSING').click();
      assert.deepEqual(await listShows(page, 1), [HOUSING.code]);
      assert.equal(new URL(page.url()).searchParams.get('theme'), 'P-HOUSING');
      assert.equal(await page.getByTestId('group-L-CONSTRUCTION').count(), 0, 'no legal theme among the person themes');
      assert.equal(await overflowsHorizontally(page), false, 'the list fits 375 px');
      await screenshot(page, 'portal-services-phone');

      // 法人办事 by department: 住房和城乡建设局 has the building permit and not the housing item (persons only).
      await page.getByTestId('audience').getByText('法人办事').click();
      await page.waitForURL((url) => url.searchParams.get('audience') === 'legal');
      await page.getByTestId('by-department').click();
      await page.waitForURL((url) => url.searchParams.get('by') === 'department');
      await page.getByTestId('group-SLQ-ZJJ').click();
      // 住建 leads two legal-person items: the building permit and the construction-stage parallel item.
      assert.deepEqual((await listShows(page, 2)).sort(), [BUILDING.code, CONSTRUCTION_STAGE].sort());
      assert.ok(
        (await page.getByTestId(`item-${BUILDING.code}`).innerText()).includes('石龙区住房和城乡建设局'),
        'the card names the department',
      );

      // Search by name within 法人办事 (all departments).
      await page.getByTestId('group-all').click();
      await page.getByTestId('services-search').locator('input').fill('食品');
      await page.getByTestId('services-search').locator('input').press('Enter');
      await page.waitForURL((url) => url.searchParams.get('q') === '食品');
      const found = await listShows(page, 2);
      assert.ok(found.includes(FOOD.code), `食品 finds ${FOOD.name}: ${found.join(', ')}`);

      // A visitor is offered to sign in to apply; the language switch reaches these pages too.
      assert.equal((await page.getByTestId(`apply-${FOOD.code}`).innerText()).replace(/\s/g, ''), '登录后申请');
      await page.getByTestId('language-switch').getByText('EN').click();
      await page.getByTestId('audience').getByText('For businesses').waitFor();
      assert.deepEqual(pageErrors, []);
    },
  );

  test(
    'given a visitor, when they open the guide of 食品经营许可（新办）, then every 办事指南 section is there, printable, and “apply” leads through sign-in to the form with the item chosen',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const { page, pageErrors } = await phone(t);
      await page.goto('/services?audience=person&by=theme&theme=P-PERMIT');
      await page.getByTestId(`guide-${FOOD.code}`).click();
      await page.waitForURL((url) => url.pathname === `/services/${FOOD.code}`);
      await page.getByTestId('guide-title').filter({ hasText: FOOD.name }).waitFor();

      const sections = {
        'guide-basics': ['实施编码', '行政许可', '个人办事', '法人办事', '到现场次数'],
        'guide-basis': ['《中华人民共和国食品安全法》'],
        'guide-conditions': ['营业执照'],
        'guide-materials': ['食品经营许可申请书', '原件 1 份', '复印件 1 份', '提供空白表格', '可选'],
        'guide-time': ['20 个工作日', '10 个工作日'],
        'guide-process': ['受理', '决定', '送达'],
        'guide-fees': ['不收费'],
        'guide-where': ['石龙区政务服务中心', '工作日', '0375-1234501', '0375-1234599'],
        'guide-results': ['食品经营许可证', '邮政快递'],
        'guide-faq': ['材料不全怎么办'],
      };
      for (const [testId, texts] of Object.entries(sections)) {
        const text = await page.getByTestId(testId).innerText();
        for (const expected of texts) assert.ok(text.includes(expected), `${testId} shows ${expected}: ${text}`);
      }
      assert.equal(
        await page.getByTestId('guide-where').locator('a[href="tel:03751234599"]').count(),
        1,
        'the complaint phone can be called',
      );
      assert.equal(await overflowsHorizontally(page), false, 'the guide fits 375 px');
      await screenshot(page, 'portal-guide-phone');

      // Printing hides the navigation and the buttons, and keeps the guide.
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.getByTestId('guide-print').isVisible(), false);
      assert.equal(await page.getByTestId('nav-services').isVisible(), false);
      assert.equal(await page.getByTestId('guide-materials').isVisible(), true);
      await page.emulateMedia({ media: 'screen' });

      await page.getByTestId(`apply-${FOOD.code}`).first().click();
      await page.waitForURL((url) => url.pathname === '/login');
      await page.locator('#username').fill(APPLICANT.username);
      await page.locator('#password').fill(DEMO_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((url) => url.pathname === '/portal/apply' && url.searchParams.get('item') === FOOD.code);
      await page.getByTestId('apply-guide').waitFor();
      await page.getByTestId('apply-form').waitFor();
      assert.equal(await page.getByTestId('apply-item').innerText(), FOOD.name, 'the item from the guide is chosen');
      assert.deepEqual(pageErrors, []);
    },
  );

  test(
    'given applicant2 on the form, when files of a wrong type or too large are chosen, a draft is saved and the complete application submitted, then the case shows its query code and QR code',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const { page, pageErrors } = await phone(t);
      await page.goto('/login');
      await page.locator('#username').fill(APPLICANT.username);
      await page.locator('#password').fill(DEMO_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('current-user').waitFor();

      // An item for legal persons only cannot be chosen by a person, even through the address.
      await page.goto(`/portal/apply?item=${BUILDING.code}`);
      await page.getByTestId('apply-error').filter({ hasText: '该事项不能用您的账号在线申请' }).waitFor();
      assert.equal(await page.getByTestId('apply-form').count(), 0);

      // A draft first: only part of the form, no files.
      await page.goto(`/services/${FOOD.code}`);
      await page.getByTestId(`apply-${FOOD.code}`).first().click();
      await page.waitForURL((url) => url.pathname === '/portal/apply');
      await page.getByTestId('apply-form').waitFor();
      await page.locator('#operatorName').fill('李四小吃店');
      await page.getByTestId('apply-save-draft').click();
      await page.waitForURL((url) => /^\/portal\/cases\/[^/]+$/.test(url.pathname));
      await page.getByTestId('my-case').waitFor();
      assert.equal(await page.getByTestId('case-status').innerText(), CASE_STATUS_LABELS.draft.zh);
      await page.getByTestId('draft-submit').waitFor();
      assert.equal(await page.getByTestId('my-qrcode').count(), 0, 'a draft has no progress QR code');

      await page.goto(`/portal/apply?item=${FOOD.code}`);
      const form = page.getByTestId('apply-form');
      await form.waitFor();
      await page.locator('#operatorName').fill('李四小吃店');
      await page.locator('#premisesAddress').fill('石龙区建设路8号');
      await pick(
        page,
        form
          .locator('.ant-form-item')
          .filter({ has: page.locator('#businessScope') })
          .locator('.ant-select'),
        '预包装食品销售',
      );
      await page.locator('#contactPhone').fill(APPLICANT.phone);

      const materials = page.getByTestId('apply-materials');
      // Checked in the browser before anything is sent: a text file and a file over 20 MB are refused.
      const textFile = path.join(files.dir, 'notes.txt');
      fs.writeFileSync(textFile, 'not a PDF');
      const bigFile = path.join(files.dir, 'big.pdf');
      fs.writeFileSync(bigFile, Buffer.alloc(20 * 1024 * 1024 + 1, 0x25));
      const uploads: string[] = [];
      page.on('request', (request) => {
        if (pathname(request.url()) === '/api/v1/files') uploads.push(request.method());
      });
      await fileInput(materials, 'upload-button-M01').setInputFiles(textFile);
      await page.locator('.ant-message').getByText('notes.txt: 只能上传 PDF、JPEG 或 PNG 文件').waitFor();
      await fileInput(materials, 'upload-button-M01').setInputFiles(bigFile);
      await page.locator('.ant-message').getByText('big.pdf: 文件不能超过 20 MB').waitFor();
      assert.equal(await materials.locator('.ant-upload-list-item').count(), 0, 'neither file is listed');
      assert.deepEqual(uploads, [], 'neither file was sent');

      for (const code of REQUIRED_MATERIALS) {
        await fileInput(materials, `upload-button-${code}`).setInputFiles(files.pdf(code));
        await materials.locator('.ant-upload-list-item-done').nth(REQUIRED_MATERIALS.indexOf(code)).waitFor();
      }
      assert.equal(uploads.length, REQUIRED_MATERIALS.length, 'one upload per accepted file');
      assert.equal(await overflowsHorizontally(page), false, 'the form fits 375 px');
      // The two refusals close by themselves; the picture shows the form with its uploaded materials.
      await page.waitForFunction(() => !document.querySelector('.ant-message-notice'));
      await materials.scrollIntoViewIfNeeded();
      await screenshot(page, 'portal-apply-form-phone');

      await page.getByTestId('apply-submit').click();
      await page.waitForURL((url) => /^\/portal\/cases\/[^/]+$/.test(url.pathname));
      caseNo = decodeURIComponent(pathname(page.url()).split('/').pop() ?? '');
      await page.getByTestId('my-case').waitFor();
      assert.equal(await page.getByTestId('case-status').innerText(), CASE_STATUS_LABELS.submitted.zh);
      queryCode = (await page.getByTestId('my-query-code').innerText()).trim();
      assert.match(queryCode, /^\d{6}$/);

      // The QR code is the API's PNG for this case, shown as an image.
      const image = page.getByTestId('my-qrcode-image');
      await image.waitFor();
      assert.ok(
        await image.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0),
        'the QR image has loaded',
      );
      const base64 = await page.evaluate(
        async ({ no, key }) => {
          const response = await fetch(`/api/v1/applications/${encodeURIComponent(no)}/qrcode`, {
            headers: { Authorization: `Bearer ${sessionStorage.getItem(key) ?? ''}` },
          });
          const bytes = new Uint8Array(await response.arrayBuffer());
          let binary = '';
          for (const byte of bytes) binary += String.fromCharCode(byte);
          return btoa(binary);
        },
        { no: caseNo, key: TOKEN_KEY },
      );
      qrPng = Buffer.from(base64, 'base64');
      await page.waitForFunction(() => !document.querySelector('.ant-message-notice'));
      await page.getByTestId('my-qrcode').scrollIntoViewIfNeeded();
      await screenshot(page, 'portal-case-qrcode-phone');
      assert.deepEqual(pageErrors, []);
    },
  );

  test(
    'given the case number and query code, when anyone looks the case up on the phone, then status, step and timeline show with the applicant masked',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      assert.ok(caseNo && queryCode, 'the applicant has submitted a case');
      const { page, pageErrors } = await phone(t);
      await page.goto('/');
      await page.getByTestId('home-progress').click();
      await page.waitForURL((url) => url.pathname === '/progress');
      await page.getByTestId('progress-case-no').fill(caseNo);
      await page.getByTestId('progress-query-code').fill(queryCode);
      await page.getByTestId('progress-submit').click();
      const result = page.getByTestId('progress-result');
      await result.waitFor();
      assert.equal(await page.getByTestId('progress-status').innerText(), CASE_STATUS_LABELS.submitted.zh);
      assert.equal(await page.getByTestId('progress-applicant').innerText(), APPLICANT.masked);
      assert.ok((await result.innerText()).includes(FOOD.name));
      assert.ok((await page.getByTestId('progress-timeline').innerText()).includes('提交申请'));
      const text = await page.locator('main').innerText();
      for (const secret of [APPLICANT.name, APPLICANT.phone, '建设路'])
        assert.ok(!text.includes(secret), `the public page shows no ${secret}`);
      assert.equal(await overflowsHorizontally(page), false, 'the lookup fits 375 px');
      await screenshot(page, 'portal-progress-phone');
      assert.deepEqual(pageErrors, []);
    },
  );

  test(
    'given a wrong query code or a malformed one, when it is looked up, then the page says so clearly and shows no case',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      assert.ok(caseNo && queryCode, 'the applicant has submitted a case');
      const { page, pageErrors } = await phone(t);
      const lookups: number[] = [];
      page.on('response', (response) => {
        if (pathname(response.url()) === '/api/v1/progress') lookups.push(response.status());
      });
      await page.goto('/progress');
      await page.getByTestId('progress-case-no').fill(caseNo);
      await page.getByTestId('progress-query-code').fill(queryCode === '000000' ? '000001' : '000000');
      await page.getByTestId('progress-submit').click();
      await page.getByTestId('progress-error').filter({ hasText: '办件编号或查询码不正确' }).waitFor();
      assert.equal(await page.getByTestId('progress-result').count(), 0);
      assert.deepEqual(lookups, [404]);

      await page.getByTestId('progress-query-code').fill('12');
      await page.getByTestId('progress-submit').click();
      await page.getByTestId('progress-error').filter({ hasText: '查询码为 6 位数字' }).waitFor();
      assert.deepEqual(lookups, [404], 'a malformed code is not sent');
      assert.deepEqual(pageErrors, []);
    },
  );

  test(
    'given the QR code of the case, when its link is opened on a phone without signing in, then the lookup is filled in and answered at once',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      assert.ok(caseNo && queryCode && qrPng, 'the applicant has the QR code of a case');
      // The PNG the API served is exactly the QR code of this link (same library and options as the API).
      const link = `${stack.baseUrl}/progress?caseNo=${encodeURIComponent(caseNo)}&queryCode=${queryCode}`;
      const expected = await QRCode.toBuffer(link, { type: 'png', margin: 2, width: 320, errorCorrectionLevel: 'M' });
      assert.ok(qrPng.equals(expected), 'the QR code carries the prefilled progress link');

      const { page, pageErrors } = await phone(t);
      await page.goto(link);
      await page.getByTestId('progress-result').waitFor();
      assert.equal(await page.getByTestId('progress-case-no').inputValue(), caseNo);
      assert.equal(await page.getByTestId('progress-query-code').inputValue(), queryCode);
      assert.equal(await page.getByTestId('progress-status').innerText(), CASE_STATUS_LABELS.submitted.zh);
      assert.deepEqual(pageErrors, []);
    },
  );
});
