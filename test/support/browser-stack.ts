import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { importReferenceData } from '../../libs/persistence/src/reference-data';
import { TEST_PASSWORD, signInNewStaff, startTestApi } from './api';
import { SCREENSHOTS, launchChromium, signIn } from './browser';
import { startTestWorker, type TestWorker } from './stack';

/** A page of its own device (nothing remembered from another page), and the page errors it has thrown so far. */
export interface StaffPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** What a browser test runs against: the real API (and worker), the reference data, a staff account and Chromium. */
export interface BrowserStack<W extends TestWorker | null = TestWorker | null> {
  api: Awaited<ReturnType<typeof startTestApi>>;
  /** The worker on its own task queue; null when the test asked for none (`taskQueue` not given). */
  stack: W;
  /** The database the API and the worker write to. */
  dataSource: DataSource;
  browser: Browser;
  /** The staff account the pages sign in as (password TEST_PASSWORD), and its bearer token for API calls. */
  staff: { email: string; token: string };
  /**
   * A new browser context of `device` (PHONE, DESKTOP from test/support/browser.ts), its clock set
   * to `now` when given (timers keep running), and one page in it that collects its page errors.
   */
  newPage(device: BrowserContextOptions, options?: { now?: Date }): Promise<StaffPage>;
  /** Signs `page` in to the dashboard as the staff account and waits for the main navigation. */
  signIn(page: Page): Promise<void>;
  /** newPage(), then signIn() on it. */
  staffPage(device: BrowserContextOptions, options?: { now?: Date }): Promise<StaffPage>;
  /** Closes the browser, the API and the worker. */
  close(): Promise<void>;
}

/** The role, display name and email prefix of the staff account (signInNewStaff()'s options). */
type StaffAccount = Parameters<typeof signInNewStaff>[2];

/**
 * Starts what a browser test needs, in this order: the worker on `taskQueue` (none when not
 * given), the reference data, the API, a new staff account signed in through the API
 * (signInNewStaff(); `staff` chooses its role, display name and email prefix) and headless
 * Chromium (launchChromium()). Makes the screenshot folder. When a step fails, closes what has
 * started and throws the step's error.
 */
export async function startBrowserStack(options: {
  taskQueue: string;
  staff?: StaffAccount;
}): Promise<BrowserStack<TestWorker>>;
export async function startBrowserStack(options?: { staff?: StaffAccount }): Promise<BrowserStack<null>>;
export async function startBrowserStack({
  taskQueue,
  staff: account,
}: {
  taskQueue?: string;
  staff?: StaffAccount;
} = {}): Promise<BrowserStack> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  let stack: TestWorker | null = null;
  let api: BrowserStack['api'] | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await api?.close();
    await stack?.close();
  };
  try {
    if (taskQueue) {
      stack = await startTestWorker(taskQueue);
      process.env.TEMPORAL_TASK_QUEUE = taskQueue;
      await importReferenceData(stack.dataSource);
    }
    api = await startTestApi();
    const dataSource = stack ? stack.dataSource : api.app.get(DataSource);
    if (!stack) {
      await importReferenceData(dataSource);
    }
    const staff = await signInNewStaff(dataSource, api.base, account);
    browser = await launchChromium();
    const base = api.base;
    const chromium = browser;
    const newPage: BrowserStack['newPage'] = async (device, { now } = {}) => {
      const context = await chromium.newContext(device);
      if (now) {
        await context.clock.setFixedTime(now);
      }
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      return { context, page, errors };
    };
    const signInStaff = (page: Page) => signIn(page, base, staff.email, TEST_PASSWORD);
    return {
      api,
      stack,
      dataSource,
      browser,
      staff,
      newPage,
      signIn: signInStaff,
      async staffPage(device, options) {
        const opened = await newPage(device, options);
        await signInStaff(opened.page);
        return opened;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
