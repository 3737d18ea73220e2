import { join } from 'node:path';
import { http } from './support/api';
import { PHONE, SCREENSHOTS, pageWidth, seriousViolations } from './support/browser';
import { startBrowserStack, type BrowserStack } from './support/browser-stack';
import { eventually } from './support/eventually';
import type { TestWorker } from './support/stack';

/**
 * The browser's clock for the test (UTC+7 noon, 15 June): the dashboard warns about the year
 * after the browser's own year, so the test sets that clock and does not depend on today's date.
 * 2043 → the coming year is 2044, which no decision and no other test file records.
 */
const BROWSER_NOW = new Date('2043-06-15T05:00:00Z');
const COMING_YEAR = 2044;
/** A browser year whose coming year (2026) has its decisions recorded in data/calendar/adjustments.json. */
const RECORDED_NOW = new Date('2025-06-16T05:00:00Z');

interface CalendarYear {
  decisionsRecorded: boolean;
  warning: { vi: string; en: string } | null;
  holidays: Array<{ date: string; name: { vi: string; en: string }; estimate: boolean }>;
}

/**
 * The administrator's warning that the coming year has no recorded Government decision on its
 * holidays (real Chromium, API, PostgreSQL): on the overview, in Vietnamese, with the Tết and
 * 2 September days labelled as estimates ("ước tính"), readable on a 360 px phone; absent when
 * the coming year's decision is recorded.
 */
describe('calendar decision warning for the administrator (Chromium, real stack)', () => {
  let web: BrowserStack<TestWorker>;

  beforeAll(async () => {
    web = await startBrowserStack({
      taskQueue: 'it-web-calendar',
      staff: { role: 'admin', displayName: 'Quản trị hệ thống', emailPrefix: 'calendar-admin' },
    });
  }, 180_000);

  afterAll(async () => {
    await web?.close();
  });

  it('warns on the overview, in Vietnamese, that the coming year has no decision, and labels its Tết and 2 September days as estimates', async () => {
    const year = await http<CalendarYear>(web.api.base, 'GET', `/api/v1/calendar/${COMING_YEAR}`, {
      token: web.staff.token,
    });
    expect(year.body.decisionsRecorded).toBe(false);
    const estimates = year.body.holidays.filter((h) => h.estimate);
    // Tết (January or February) and the day next to 2 September are the estimates.
    expect(estimates.some((h) => h.date < `${COMING_YEAR}-03-01`)).toBe(true);
    expect(estimates.map((h) => h.date)).toContain(`${COMING_YEAR}-09-01`);

    const { context, page, errors } = await web.staffPage(PHONE, { now: BROWSER_NOW });
    const warning = page.getByTestId('calendar-warning');
    await warning
      .getByRole('heading', { level: 2, name: `Lịch nghỉ năm ${COMING_YEAR}: chưa có quyết định của Chính phủ` })
      .waitFor();
    await warning
      .getByText(
        `Chưa ghi nhận quyết định của Chính phủ về lịch nghỉ Tết và lễ năm ${COMING_YEAR}. Các ngày nghỉ Tết Nguyên đán và dịp Quốc khánh 2/9 năm ${COMING_YEAR} đang là ước tính`,
      )
      .waitFor();
    // Every estimated day is listed with its date, labelled "(ước tính)", and only those.
    const items = await eventually(
      async () => (await warning.getByRole('listitem').allTextContents()).map((t) => t.trim()),
      (list) => expect(list).toHaveLength(estimates.length),
    );
    const ddmmyyyy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
    expect(items).toEqual(estimates.map((h) => `${ddmmyyyy(h.date)}: ${h.name.vi}`));
    expect(items.every((t) => t.endsWith('(ước tính)'))).toBe(true);
    expect(items.filter((t) => t.startsWith(`01/09/${COMING_YEAR}:`))).toHaveLength(1);
    expect(items.filter((t) => /Tết/.test(t)).length).toBeGreaterThanOrEqual(1);
    await eventually(
      () => pageWidth(page),
      (w) => expect(w).toBe(360),
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'calendar-warning-360.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('shows no warning when the coming year has its decision recorded', async () => {
    const { context, page, errors } = await web.newPage(PHONE, { now: RECORDED_NOW });
    // The warning reads the coming year's calendar: wait for that answer, then for the page to render it.
    const answered = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/v1/calendar/2026' && r.request().method() === 'GET',
      { timeout: 120_000 },
    );
    await web.signIn(page);
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(((await response.json()) as CalendarYear).decisionsRecorded).toBe(true);
    // The answer is read (its body finished) and React has rendered it: two animation frames later.
    await response.finished();
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const g = globalThis as unknown as { requestAnimationFrame: (cb: () => void) => void };
          g.requestAnimationFrame(() => g.requestAnimationFrame(() => resolve()));
        }),
    );
    expect(await page.getByTestId('calendar-warning').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
