import type { Browser } from 'playwright-core';
import { DESKTOP, launchChromium, seriousViolations } from './support/browser';

/**
 * A page's wall clock is the test process's: under `npm run test:at` both read the moved date
 * (the process through libfaketime, the page through launchChromium's shifted Date, since
 * Chromium runs without libfaketime), and otherwise both read the machine's. Timers in the page
 * stay real, so timed page work (axe's checks, the app's polling) still runs.
 */
describe('the clock of the pages the browser tests open', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('reads the test process’s date and runs on, with real timers', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    await page.setContent(
      '<!doctype html><html lang="vi"><head><title>Đồng hồ</title></head><body><main><h1>Đồng hồ</h1></main></body></html>',
    );
    const before = Date.now();
    const seen = await page.evaluate(async () => {
      const first = Date.now();
      const fired = await new Promise<number>((resolve) => setTimeout(() => resolve(Date.now()), 200));
      return {
        first,
        fired,
        constructed: new Date().getTime(),
        called: Date.parse(Date()),
        isDate: new Date() instanceof Date,
        explicit: new Date(Date.UTC(2026, 0, 1)).toISOString(),
        parsed: Date.parse('2026-02-17T00:00:00Z'),
      };
    });
    const after = Date.now();
    // The page's clock is the test process's, within the time the evaluation took (and the 1 s
    // resolution of Date() as a string).
    expect(seen.first).toBeGreaterThanOrEqual(before - 1_000);
    expect(seen.first).toBeLessThanOrEqual(after + 1_000);
    expect(seen.constructed).toBeGreaterThanOrEqual(seen.first);
    expect(seen.constructed).toBeLessThanOrEqual(after + 1_000);
    expect(Math.abs(seen.called - seen.first)).toBeLessThanOrEqual(2_000);
    // It runs on, and a timer fires after its real delay.
    expect(seen.fired - seen.first).toBeGreaterThanOrEqual(150);
    expect(seen.isDate).toBe(true);
    // Dates given explicitly are not moved.
    expect(seen.explicit).toBe('2026-01-01T00:00:00.000Z');
    expect(seen.parsed).toBe(Date.UTC(2026, 1, 17));
    // The axe check, which runs on page timers, completes.
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  }, 300_000);
});
