// Chromium through playwright-core (Debian's package; Playwright cannot download browsers here), pages per
// viewport, and the sign-in fixture shared by every role.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { LoginResponse, type Role, type UserDto } from '@tongban/contracts';
import { ROOT } from './stack.js';

/** The password of every demo account (TONGBAN_DEMO_PASSWORD of the stack, left at its default). */
export const DEMO_PASSWORD = 'Tongban@2026';

/** One demo account per role that opens a console area (api/src/demo/demo-data.ts). */
export const ROLE_ACCOUNTS = {
  clerk: 'clerk1',
  designer: 'designer1',
  auditor: 'auditor1',
  sysadmin: 'admin1',
  applicant: 'applicant1',
} as const satisfies Partial<Record<Role, string>>;

export const VIEWPORTS = {
  desktop: { viewport: { width: 1366, height: 800 } },
  phone: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} as const satisfies Record<string, BrowserContextOptions>;

export type ViewportName = keyof typeof VIEWPORTS;

/** Where the console keeps its bearer token (web/src/api/token.ts); tab-scoped sessionStorage. */
export const TOKEN_KEY = 'tongban.token';
/** Where the console keeps the chosen language (web/src/i18n/locale-storage.ts). */
export const LOCALE_KEY = 'tongban.locale';

const ACTION_TIMEOUT_MS = 15_000;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-quic',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught exceptions of the page; a test that ends with any has found a console bug. */
  readonly pageErrors: Error[];
  close(): Promise<void>;
}

/**
 * A fresh browser profile (no token, no chosen language) on the given viewport, with relative `page.goto`
 * paths resolved against the stack. The browser's own language is Chinese, as for the district's users.
 */
export async function openSession(
  browser: Browser,
  baseUrl: string,
  viewport: ViewportName = 'desktop',
): Promise<BrowserSession> {
  const context = await browser.newContext({
    ...VIEWPORTS[viewport],
    baseURL: baseUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  return { context, page, pageErrors, close: () => context.close() };
}

/** The one way a test signs in: through the login page, as a person would. Returns the user the API answered. */
export async function loginAs(page: Page, username: string, password = DEMO_PASSWORD): Promise<UserDto> {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  const answer = page.waitForResponse(
    (response) => new URL(response.url()).pathname === '/api/v1/auth/login' && response.request().method() === 'POST',
  );
  await page.locator('[data-testid=login-submit]').click();
  const response = await answer;
  if (!response.ok()) {
    throw new Error(`${username} could not sign in: HTTP ${response.status()} ${await response.text()}`);
  }
  const { user } = LoginResponse.parse(await response.json());
  await page.locator('[data-testid=current-user]').filter({ hasText: user.name }).waitFor();
  return user;
}

/** Sorted hrefs of the entries of the main menu, which must be on screen. */
export async function menuPaths(page: Page): Promise<string[]> {
  const menu = page.locator('[data-testid=main-menu]');
  await menu.waitFor();
  return menu.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
}

/** Whether the page scrolls sideways, the usual sign of a layout that does not fit a phone. */
export function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

/**
 * Screenshots of the main screens. With E2E_UPDATE_SCREENSHOTS=1 they replace the ones in docs/screenshots/;
 * otherwise they go to the run's temp folder, so that a test run leaves the working tree as it was.
 */
export function screenshotDir(): string {
  if (process.env.E2E_UPDATE_SCREENSHOTS === '1') return path.join(ROOT, 'docs/screenshots');
  return path.join(process.env.TONGBAN_TEST_TMP ?? path.join(ROOT, '.tmp'), 'e2e-screenshots');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(screenshotDir(), `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}
