import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
/** A 360 px phone; bypassCSP only lets the test inject axe-core (the app itself runs under the API's strict CSP). */
export const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'vi-VN',
  bypassCSP: true,
};
/** A desktop screen, Vietnamese. */
export const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'vi-VN', bypassCSP: true };

/**
 * How long a browser step waits for the state it expects (ms). Playwright's default, 30 s, is
 * exceeded on a loaded machine when the step waits for work done on the server (an import, a
 * workflow's answer): a slow machine is slow, not wrong (docs/testing.md).
 */
export const UI_TIMEOUT_MS = 120_000;

/**
 * Throws, with the command that fixes it, when the built web app the API serves is missing or
 * older than its sources: `npm test` builds it first, a plain `npx jest <browser test>` does not,
 * and a stale build fails a browser test on a missing section instead of saying why.
 */
export function assertWebAppBuilt(): void {
  const root = join(__dirname, '..', '..');
  const res = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), 'web', '--check'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (res.status !== 0) {
    throw new Error(res.stderr.trim() || `node scripts/build.mjs web --check failed (exit ${res.status})`);
  }
}

/**
 * The environment Chromium starts with under `npm run test:at` (DONDOC_CLOCK_OFFSET_SECONDS set):
 * without libfaketime, which spins Chromium's timed waits (every one of its thread pools runnable,
 * a load average of 35 from one suite at a moved clock). Its pages get the moved clock from
 * shiftPageClock instead (launchChromium). Undefined otherwise: Chromium inherits everything.
 */
function chromiumEnv(): Record<string, string> | undefined {
  if (process.env.DONDOC_CLOCK_OFFSET_SECONDS === undefined) {
    return undefined;
  }
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && e[0] !== 'LD_PRELOAD' && !e[0].startsWith('FAKETIME'),
    ),
  );
}

/**
 * Runs in every page before its own scripts: the wall clock (`Date`, `Date.now()`, `new Date()`,
 * `Date()`) reads `offsetMs` later than the machine's, as libfaketime's relative offset does for
 * the test process; timers, `performance.now()` and animation frames stay real. Playwright's
 * `clock.install` was used before: its fake timers stopped advancing in a page of
 * test/browser.int-spec.ts at a moved clock (the axe check after the overview waited for ever,
 * every process idle), and `clock.setFixedTime` stops the clock. A Proxy keeps `instanceof Date`,
 * `Date.prototype`, `Date.UTC` and `Date.parse` the page's own.
 */
function shiftPageClock(offsetMs: number): void {
  const RealDate = Date;
  const now = (): number => RealDate.now() + offsetMs;
  (globalThis as { Date: DateConstructor }).Date = new Proxy(RealDate, {
    construct: (target, args: unknown[], newTarget: () => unknown) =>
      Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (target, key, receiver) => (key === 'now' ? now : Reflect.get(target, key, receiver)),
  });
}

/**
 * Headless Chromium as the browser tests run it; every page it opens waits up to UI_TIMEOUT_MS.
 * Under `npm run test:at` every page's wall clock reads the test process's moved time and runs on
 * from there (shiftPageClock). Throws first when the built web app is stale (assertWebAppBuilt).
 */
export async function launchChromium(): Promise<Browser> {
  assertWebAppBuilt();
  const env = chromiumEnv();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    ...(env ? { env } : {}),
  });
  // Browser.newPage opens its page through this.newContext, so both get the timeout.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(UI_TIMEOUT_MS);
    if (env) {
      await context.addInitScript(shiftPageClock, Number(process.env.DONDOC_CLOCK_OFFSET_SECONDS) * 1000);
    }
    return context;
  };
  return browser;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) in the page; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    // Runs in the browser (the test's tsconfig has no DOM types, hence the casts).
    const g = globalThis as unknown as {
      document: unknown;
      axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> };
    };
    const result = await g.axe.run(g.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The page's width in CSS pixels, for the "no horizontal scrolling on a phone" checks. */
export function pageWidth(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
        .scrollWidth,
  );
}

/** Signs in to the dashboard (Vietnamese screens) and waits for the main navigation. */
export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('Thư điện tử').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).waitFor();
}
