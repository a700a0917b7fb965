// The process designer in a real browser against the real stack: designer1 saves the general flow as a copy
// under its own key and deploys it; the item manager binds 食品经营许可（新办） to the copy (API); a case starts
// on it. The designer then adds a step to the copy (预审, a user task before 受理) with the palette, the space
// tool, the context pad, the properties panel and an element template, sees the live lint and the server's
// refusal on the element, and deploys it with a comment. A new case follows the new version while the case
// that was running stays on the old one and finishes through the old steps. `general-approval` itself is not
// changed (and this spec's stack is its own anyway), so the other specs see it as seeded.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, loginAs, openSession, screenshot, type BrowserSession } from './support/browser.js';
import { tinyPdf } from './support/files.js';
import { startStack, type Stack } from './support/stack.js';

const TEST_TIMEOUT_MS = 300_000;
const STATE_TIMEOUT_MS = 45_000;
const FOOD = '11410404MB0000001X4000111001001';
const PASSWORD = 'Tongban@2026';
const COPY_KEY = 'general-approval-pilot';
const COPY_NAME = '通用审批（试点）';
const NEW_STEP = 'preCheck';
const COMMENT = '受理前增加预审环节';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface CaseDetail {
  diagram: { processDefinitionId: string | null };
  tasks: { id: string; activityId: string; allowedActions: string[] }[];
}

/** A small API client for what the other roles do around the designer (their screens are tested elsewhere). */
function apiClient(baseUrl: string) {
  async function call<T>(method: string, path: string, token?: string, body?: unknown, headers = {}): Promise<T> {
    const response = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const login = async (username: string) =>
    (await call<{ token: string }>('POST', '/api/v1/auth/login', undefined, { username, password: PASSWORD })).token;
  async function upload(token: string, name: string): Promise<string> {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(tinyPdf(name))], { type: 'application/pdf' }), `${name}.pdf`);
    const response = await fetch(`${baseUrl}/api/v1/files`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
    if (response.status !== 201) throw new Error(`upload → ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  }
  async function apply(token: string, tag: string): Promise<string> {
    const materials = [];
    for (const code of ['M01', 'M02', 'M03', 'M04']) materials.push({ code, fileIds: [await upload(token, code)] });
    const created = await call<{ caseNo: string }>(
      'POST',
      '/api/v1/applications',
      token,
      {
        itemCode: FOOD,
        form: {
          operatorName: `石龙区${tag}餐饮`,
          premisesAddress: '石龙区人民路1号',
          businessScope: '热食类食品制售',
          contactPhone: '13800001234',
        },
        materials,
        submit: true,
      },
      { 'Idempotency-Key': `designer-e2e-${tag}-${Date.now()}` },
    );
    return created.caseNo;
  }
  /** Waits until the case has an open task at the step (the workers and the sync move it a moment later). */
  async function taskAt(token: string, caseNo: string, activityId: string): Promise<{ id: string; c: CaseDetail }> {
    const deadline = Date.now() + STATE_TIMEOUT_MS;
    for (;;) {
      const c = await call<CaseDetail>('GET', `/api/v1/cases/${caseNo}`, token);
      const task = c.tasks.find((t) => t.activityId === activityId);
      if (task) return { id: task.id, c };
      if (Date.now() > deadline) throw new Error(`${caseNo} has no ${activityId} task: ${JSON.stringify(c.tasks)}`);
      await delay(300);
    }
  }
  async function waitStatus(token: string, caseNo: string, status: string): Promise<void> {
    const deadline = Date.now() + STATE_TIMEOUT_MS;
    for (;;) {
      const c = await call<{ status: string }>('GET', `/api/v1/applications/${caseNo}`, token);
      if (c.status === status) return;
      if (Date.now() > deadline) throw new Error(`${caseNo} is ${c.status}, not ${status}`);
      await delay(300);
    }
  }
  return { call, login, apply, taskAt, waitStatus };
}

const versionOf = (definitionId: string | null) => Number(definitionId?.split(':').at(-2));

/** The screen centre of a diagram element. */
async function centre(page: Page, elementId: string): Promise<{ x: number; y: number }> {
  const box = await page
    .locator(`[data-testid=designer-canvas] [data-element-id="${elementId}"]`)
    .first()
    .boundingBox();
  assert.ok(box, `${elementId} is on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

describe('process designer', { timeout: TEST_TIMEOUT_MS * 3 }, () => {
  let stack: Stack;
  let browser: Browser;
  let session: BrowserSession;
  let api: ReturnType<typeof apiClient>;
  let applicant = '';
  let clerk = '';
  let runningCase = '';

  before(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    api = apiClient(stack.baseUrl);
    applicant = await api.login('applicant1');
    clerk = await api.login('clerk1');
    session = await openSession(browser, stack.baseUrl);
    await loginAs(session.page, 'designer1');
  });
  after(async () => {
    await session?.close();
    await browser?.close();
    await stack?.stop();
  });

  test(
    'the designer saves the general flow as a copy under its own key and deploys it',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { page } = session;
      await page.goto('/designer');
      await page.locator('[data-testid=process-row-general-approval]').waitFor();

      // An earlier version opens read-only: the viewer, no palette.
      await page.locator('[data-testid=process-view-general-approval-1]').click();
      await page.locator('[data-testid=process-viewer][data-state=ready]').waitFor();
      assert.equal(await page.locator('.ant-modal .djs-palette').count(), 0);
      await page.keyboard.press('Escape');

      // The latest version in the modeler (its chunk loads now): no lint error.
      await page.locator('[data-testid=process-edit-general-approval]').click();
      await page.locator('[data-testid=designer-modeler][data-state=ready]').waitFor();
      await page.locator('[data-testid=designer-properties] .bio-properties-panel').waitFor();
      assert.equal(await page.locator('[data-testid=designer-error-count]').innerText(), '0');

      await page.locator('[data-testid=designer-save-copy]').click();
      await page.locator('[data-testid=designer-copy-key]').fill('general approval');
      const ok = page.locator('.ant-modal-footer .ant-btn-primary').filter({ visible: true });
      await ok.click();
      await page.getByText('仅含字母、数字、下划线和连字符', { exact: false }).waitFor();
      await page.locator('[data-testid=designer-copy-key]').fill(COPY_KEY);
      await page.locator('[data-testid=designer-copy-name]').fill(COPY_NAME);
      await ok.click();
      await page.locator('[data-testid=designer-process-key]', { hasText: COPY_NAME }).waitFor();

      await page.locator('[data-testid=designer-deploy]').click();
      await page.locator('[data-testid=designer-deploy-comment]').fill('试点副本');
      const deployed = page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/v1/processes' && r.request().method() === 'POST',
      );
      await page.locator('[data-testid=designer-deploy-confirm]').click();
      assert.deepEqual(await (await deployed).json(), { key: COPY_KEY, version: 1, created: true });
      await page.waitForURL(new RegExp(`open=${COPY_KEY}`));
      await page.locator('[data-testid=designer-modeler][data-state=ready]').waitFor();

      const processes = await api.call<{ key: string; latestVersion: number }[]>(
        'GET',
        '/api/v1/processes',
        await api.login('designer1'),
      );
      assert.equal(processes.find((p) => p.key === COPY_KEY)?.latestVersion, 1);
      assert.equal(processes.find((p) => p.key === 'general-approval')?.latestVersion, 1, 'the original is untouched');
      assert.deepEqual(session.pageErrors, []);
    },
  );

  test('the item is bound to the copy and a case starts on its version 1', { timeout: TEST_TIMEOUT_MS }, async () => {
    const itemAdmin = await api.login('itemadmin1');
    await api.call('PATCH', `/api/v1/items/${FOOD}`, itemAdmin, { processKey: COPY_KEY });
    runningCase = await api.apply(applicant, 'running');
    const waiting = await api.taskAt(clerk, runningCase, 'acceptance');
    assert.equal(waiting.c.diagram.processDefinitionId?.split(':')[0], COPY_KEY);
    assert.equal(versionOf(waiting.c.diagram.processDefinitionId), 1);
  });

  test('the designer adds a step to the copy and deploys it with a comment', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { page } = session;
    await page.goto(`/designer?open=${COPY_KEY}`);
    await page.locator('[data-testid=designer-modeler][data-state=ready]').waitFor();

    // Make room between 申请已提交 and 受理 with the space tool, then drop a task on the flow.
    const start = await centre(page, 'StartEvent_submitted');
    const acceptance = await centre(page, 'acceptance');
    await page.locator('.djs-palette .entry.bpmn-icon-space-tool').click();
    const fromX = (start.x + acceptance.x) / 2 - 5;
    await page.mouse.move(fromX, start.y - 80);
    await page.mouse.down();
    await page.mouse.move(fromX + 60, start.y - 80, { steps: 5 });
    await page.mouse.move(fromX + 130, start.y - 80, { steps: 5 });
    await page.mouse.up();
    const flow = await centre(page, 'Flow_start');
    await page.locator('.djs-palette .entry.bpmn-icon-task').click();
    await page.mouse.move(flow.x - 20, flow.y + 20, { steps: 3 });
    await page.mouse.move(flow.x, flow.y, { steps: 5 });
    await page.mouse.click(flow.x, flow.y);
    await page.keyboard.type('预审');
    await page.mouse.click(flow.x, flow.y - 200);

    // The new task split Flow_start; select it and make it a user task through the context pad.
    const taskId = await page
      .locator('[data-testid=designer-canvas] .djs-element.djs-shape[data-element-id^="Activity_"]')
      .first()
      .getAttribute('data-element-id');
    assert.ok(taskId, 'a new task is on the diagram');
    const task = await centre(page, taskId);
    await page.mouse.click(task.x, task.y);
    await page.locator('.djs-context-pad [data-action=replace]').click();
    await page.locator('.djs-popup [data-id=replace-with-user-task]').click();

    // The properties panel: the id of the new step.
    // The General group of the properties panel starts collapsed.
    const idField = page.locator('#bio-properties-panel-id');
    if (!(await idField.isVisible()))
      await page.locator('[data-group-id=group-general] .bio-properties-panel-group-header').click();
    await idField.fill(NEW_STEP);
    await idField.press('Tab');
    await page.locator(`[data-testid=designer-canvas] [data-element-id="${NEW_STEP}"]`).first().waitFor();
    // The live lint: a user task without candidate groups is an error, listed and marked on the element.
    await page.locator(`[data-testid=problem-lint-${NEW_STEP}]`).waitFor();
    await page.locator(`[data-testid=lint-badge-${NEW_STEP}]`).waitFor();

    // Deploying anyway: the server refuses, and its problem is shown on the element too.
    await page.locator('[data-testid=designer-deploy]').click();
    await page.locator('[data-testid=designer-deploy-comment]').fill(COMMENT);
    await page.locator('[data-testid=designer-deploy-confirm]').click();
    await page.locator(`[data-testid=problem-server-${NEW_STEP}]`).waitFor();
    assert.match(await page.locator(`[data-testid=problem-server-${NEW_STEP}]`).innerText(), /candidate groups/);
    // …and on the element: its badge counts the lint's problem and the server's.
    await page.locator(`[data-testid=lint-badge-${NEW_STEP}]`, { hasText: '2' }).waitFor();

    // Clicking the problem selects the element; the template chooser fixes the candidate groups.
    await page.locator(`[data-testid=problem-lint-${NEW_STEP}]`).click();
    await page.locator('.bio-properties-panel-select-template-button').click();
    await page.locator('[data-testid="template-tongban.userTask.clerk"]').click();
    await page.locator(`[data-testid=problem-lint-${NEW_STEP}]`).waitFor({ state: 'detached' });
    await page.locator(`[data-testid=problem-server-${NEW_STEP}]`).waitFor({ state: 'detached' });
    assert.equal(await page.locator('[data-testid=designer-error-count]').innerText(), '0');
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await screenshot(page, 'designer-modeler');

    // Deploy with a comment: version 2 of the copy.
    await page.locator('[data-testid=designer-deploy]').click();
    await page.locator('[data-testid=designer-deploy-comment]').fill(COMMENT);
    const deployed = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/v1/processes' && r.request().method() === 'POST',
    );
    await page.locator('[data-testid=designer-deploy-confirm]').click();
    const answer = await deployed;
    assert.equal(answer.status(), 201, await answer.text());
    assert.deepEqual(await answer.json(), { key: COPY_KEY, version: 2, created: true });

    // Back in the list: version 2 of the copy, by designer1, with the comment.
    await page.locator('[data-testid=designer-back]').click();
    const row = page.locator(`[data-testid=process-row-${COPY_KEY}] + tr tr[data-row-key="2"]`);
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[0], '2');
    assert.ok(
      cells.some((cell) => cell.startsWith('designer1') && cell.includes('设计器')),
      cells.join(' | '),
    );
    assert.ok(cells.includes(COMMENT), cells.join(' | '));
    assert.deepEqual(session.pageErrors, []);
  });

  test(
    'a new case follows the new version; the running case stays on the old one to the end',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      assert.ok(runningCase, 'a case was started on version 1');
      const fresh = await api.apply(applicant, 'fresh');
      const atNewStep = await api.taskAt(clerk, fresh, NEW_STEP);
      assert.equal(atNewStep.c.diagram.processDefinitionId?.split(':')[0], COPY_KEY);
      assert.equal(versionOf(atNewStep.c.diagram.processDefinitionId), 2);
      const still = await api.call<CaseDetail>('GET', `/api/v1/cases/${runningCase}`, clerk);
      assert.equal(versionOf(still.diagram.processDefinitionId), 1);
      // The added step is worked like any other: its template's candidate group (clerk of the
      // case's department) may pass it, and the new case goes on to 受理.
      const added = atNewStep.c.tasks.find((t) => t.id === atNewStep.id);
      assert.deepEqual(added?.allowedActions, ['approve']);
      await api.call('POST', `/api/v1/tasks/${atNewStep.id}/actions/approve`, clerk, { opinion: '预审通过' });
      await api.taskAt(clerk, fresh, 'acceptance');

      const approver = await api.login('approver1');
      const lead = await api.login('lead1');
      let step = await api.taskAt(clerk, runningCase, 'acceptance');
      await api.call('POST', `/api/v1/tasks/${step.id}/actions/accept`, clerk, { opinion: '材料齐全，予以受理' });
      step = await api.taskAt(approver, runningCase, 'review');
      await api.call('POST', `/api/v1/tasks/${step.id}/actions/approve`, approver, { opinion: '符合条件' });
      step = await api.taskAt(lead, runningCase, 'decision');
      await api.call('POST', `/api/v1/tasks/${step.id}/actions/approve`, lead, { opinion: '同意' });
      await api.waitStatus(applicant, runningCase, 'completed');
      const history = await api.call<unknown>('GET', `/api/v1/cases/${runningCase}/history`, lead);
      const text = JSON.stringify(history);
      for (const old of ['acceptance', 'review', 'decision']) assert.ok(text.includes(old), `went through ${old}`);
      assert.ok(!text.includes(NEW_STEP), 'the running case never met the new step');
    },
  );

  test(
    'a new process starts from the template, downloads as XML and deploys as version 1',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { page } = session;
      await page.goto('/designer');
      await page.locator('[data-testid=designer-new]').click();
      const ok = page.locator('.ant-modal-footer .ant-btn-primary').filter({ visible: true });
      await page.locator('[data-testid=designer-new-key]').fill('general-approval');
      await page.locator('[data-testid=designer-new-name]').fill('新流程');
      await ok.click();
      await page.getByText('该流程标识已存在').waitFor();
      await page.locator('[data-testid=designer-new-key]').fill('e2e-new-flow');
      await ok.click();
      await page.waitForURL(/new=e2e-new-flow/);
      await page.locator('[data-testid=designer-modeler][data-state=ready]').waitFor();
      assert.equal(await page.locator('[data-testid=designer-error-count]').innerText(), '0');

      const download = page.waitForEvent('download');
      await page.locator('[data-testid=designer-download]').click();
      const file = await download;
      assert.equal(file.suggestedFilename(), 'e2e-new-flow.bpmn');
      const stream = await file.createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      const xml = Buffer.concat(chunks).toString('utf8');
      assert.match(xml, /<bpmn:process id="e2e-new-flow" name="新流程" isExecutable="true"/);

      await page.locator('[data-testid=designer-deploy]').click();
      await page.locator('[data-testid=designer-deploy-comment]').fill('新建');
      await page.locator('[data-testid=designer-deploy-confirm]').click();
      await page.waitForURL(/open=e2e-new-flow/);
      await page.locator('[data-testid=designer-modeler][data-state=ready]').waitFor();
      await page.locator('[data-testid=designer-back]').click();
      await page.locator('[data-testid=process-row-e2e-new-flow]').waitFor();
      assert.deepEqual(session.pageErrors, []);
    },
  );
});
