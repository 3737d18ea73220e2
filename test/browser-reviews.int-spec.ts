import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { stackCalendar } from './support/calendar';
import { formatVietnameseDate, vietnamDateOf } from '../libs/domain/src/local-date';
import { CalendarRepository } from '../libs/persistence/src/repositories';
import { http } from './support/api';
import { DESKTOP, PHONE, SCREENSHOTS, pageWidth, seriousViolations } from './support/browser';
import { startBrowserStack, type BrowserStack } from './support/browser-stack';
import { eventually } from './support/eventually';
import { reportsAwaitingReview, setReportArrival } from './support/review';
import type { TestWorker } from './support/stack';

/**
 * The review queue ("Chờ duyệt") as an officer uses it, in real Chromium against the real stack
 * (API, worker, PostgreSQL, Temporal, SMTP): a report that has waited past the limit is listed
 * first with its working days and the "chờ quá lâu" mark; the agency search (diacritics folded)
 * and "only reports waiting too long" narrow the list; the officer opens the report, accepts it,
 * and it leaves the queue. The page is checked on a 360 px phone first, while both reports wait.
 */
describe('review queue page (Chromium, real stack)', () => {
  let web: BrowserStack<TestWorker>;
  const tag = Date.now().toString(36);
  const period = `rv-${tag}`;
  // Agencies of this test's own: the queue lists every report awaiting review, so the test only
  // reads the rows that carry its tag.
  const waiting = { code: `phuong-dong-son-duyet-${tag}`, name: `Phường Đông Sơn Duyệt ${tag}` };
  const fresh = { code: `xa-ha-linh-duyet-${tag}`, name: `Xã Hà Lĩnh Duyệt ${tag}` };
  const calendar = stackCalendar();
  // The waiting report arrived six working days ago (see beforeAll).
  const arrivedOn = calendar.addWorkingDays(vietnamDateOf(new Date()), -6);

  beforeAll(async () => {
    web = await startBrowserStack({
      taskQueue: 'it-web-reviews',
      staff: { displayName: 'Cán bộ duyệt báo cáo', emailPrefix: `review-page-${tag}` },
    });
    const { api, stack } = web;
    const { token } = web.staff;
    // Each agency reports through its emailed link, below target (1 of 3 rebroadcasts).
    await reportsAwaitingReview(stack, api.base, token, {
      agencies: [waiting, fresh],
      periodKey: period,
      // Far enough that no reminder or escalation writes the row while the test runs.
      dueDate: calendar.addWorkingDays(vietnamDateOf(new Date()), 20),
      rebroadcasts: 1,
    });
    await eventually(
      () => http<{ total: number }>(api.base, 'GET', `/api/v1/reviews?period=${period}`, { token }),
      (r) => expect(r.body.total).toBe(2),
    );
    // The real stack cannot wait days: the first report's arrival time in the read model is set back
    // to six working days ago, as the workflow would have written it then.
    await setReportArrival(stack.dataSource, waiting.code, period, arrivedOn);
  }, 300_000);

  afterAll(async () => {
    await web?.close();
  });

  /** Working days the first report has waited, counted with the API's calendar (the year's recorded decisions). */
  async function waitedDays(): Promise<number> {
    const today = vietnamDateOf(new Date());
    const cal = await new CalendarRepository(web.dataSource).workingCalendar([
      Number(arrivedOn.slice(0, 4)),
      Number(today.slice(0, 4)),
    ]);
    return cal.workingDaysBetween(arrivedOn, today);
  }

  /** The queue's rows of this test (the agency names carry its tag), as displayed, once they equal what `assert` wants. */
  async function ownRows(page: Page, assert: (rows: string[]) => void): Promise<string[]> {
    return eventually(
      async () => {
        if ((await page.getByTestId('review-list').count()) === 0) {
          return [];
        }
        const rows = page.getByTestId('review-list').getByRole('row').filter({ hasText: tag });
        return (await rows.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
      },
      assert,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  }

  /** Opens the queue and types `q` into its search box. */
  async function openQueue(page: Page, q: string): Promise<void> {
    await page.goto(`${web.api.base}/#/reviews`);
    await page.getByRole('heading', { level: 1, name: 'Báo cáo chờ duyệt' }).waitFor();
    await page.getByLabel('Tìm kiếm').fill(q);
  }

  /**
   * How far the page scrolls sideways: the document (its scrolling element) and every scrolling box
   * of a list (`.table-scroll`), in CSS pixels beyond the visible width; 0 when nothing does. Also
   * the right edge of the rightmost "Đã chờ" cell, which must be inside the 360 px screen.
   */
  function sideways(page: Page): Promise<{ document: number; lists: number; waitingCellRight: number }> {
    return page.evaluate(() => {
      // Runs in the browser (the test's tsconfig has no DOM types, hence the casts).
      type Box = { scrollWidth: number; clientWidth: number; getBoundingClientRect(): { right: number } };
      const doc = (
        globalThis as unknown as {
          document: { scrollingElement: Box; querySelectorAll(s: string): ArrayLike<Box> };
        }
      ).document;
      const boxes = Array.from(doc.querySelectorAll('.table-scroll'));
      const cells = Array.from(doc.querySelectorAll('[data-testid="review-list"] td[data-label="Đã chờ"]'));
      return {
        document: Math.max(0, doc.scrollingElement.scrollWidth - doc.scrollingElement.clientWidth),
        lists: Math.max(0, ...boxes.map((b) => b.scrollWidth - b.clientWidth)),
        waitingCellRight: Math.max(0, ...cells.map((c) => Math.ceil(c.getBoundingClientRect().right))),
      };
    });
  }

  it('works on a 360 px phone: each report is a card, the "Đã chờ" column and the filters fit without any sideways scrolling', async () => {
    const { context, page, errors } = await web.staffPage(PHONE);
    await openQueue(page, `duyet ${tag}`);
    const rows = await ownRows(page, (r) => expect(r).toHaveLength(2));
    expect(rows[0]).toContain(waiting.name);
    expect(rows[0]).toContain('chờ quá lâu');
    // With the rows on the screen: neither the page nor the list scrolls sideways, and the waiting
    // time (the last column on a desktop) is inside the screen.
    const fit = (s: { document: number; lists: number; waitingCellRight: number }) => {
      expect({ document: s.document, lists: s.lists }).toEqual({ document: 0, lists: 0 });
      expect(s.waitingCellRight).toBeGreaterThan(0);
      expect(s.waitingCellRight).toBeLessThanOrEqual(360);
    };
    await eventually(() => sideways(page), fit);
    await eventually(
      () => pageWidth(page),
      (w) => expect(w).toBe(360),
    );
    await page.getByLabel('Thời gian chờ').selectOption({ label: 'Chờ quá lâu (quá 2 ngày làm việc)' });
    await ownRows(page, (r) => expect(r.map((x) => x.includes(waiting.name))).toEqual([true]));
    await eventually(() => sideways(page), fit);
    await page.getByLabel('Thời gian chờ').selectOption({ label: 'Chưa chờ quá lâu' });
    await ownRows(page, (r) => expect(r.map((x) => x.includes(fresh.name))).toEqual([true]));
    await eventually(() => sideways(page), fit);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'reviews-360.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 1_200_000);

  it('lists the report waiting past the limit first, with its working days and the mark; filters by agency and by flagged; accepted, it leaves the queue', async () => {
    const { context, page, errors } = await web.staffPage(DESKTOP);

    // Both reports, oldest first: the waiting one with its working days and "chờ quá lâu", then today's.
    await openQueue(page, `duyet ${tag}`);
    const before = await waitedDays();
    const listed = await ownRows(page, (rows) => expect(rows).toHaveLength(2));
    const after = await waitedDays();
    expect(before).toBeGreaterThan(2);
    const [first, second] = listed;
    expect(first).toContain(waiting.name);
    expect(first).toContain(formatVietnameseDate(arrivedOn));
    expect([before, after].map((d) => `${d} ngày làm việc · chờ quá lâu`).some((s) => first.includes(s))).toBe(true);
    expect(first).toContain('chưa đạt chỉ tiêu');
    expect(second).toContain(fresh.name);
    expect(second).toContain('0 ngày làm việc');
    expect(second).not.toContain('chờ quá lâu');
    const waitingRow = page.getByTestId('review-list').getByRole('row').filter({ hasText: waiting.name });
    expect(await waitingRow.getAttribute('class')).toContain('flagged');

    // Only the reports waiting too long; only those not waiting too long; all again.
    await page.getByLabel('Thời gian chờ').selectOption('true');
    await ownRows(page, (rows) => expect(rows.map((r) => r.includes(waiting.name))).toEqual([true]));
    await page.getByLabel('Thời gian chờ').selectOption('false');
    await ownRows(page, (rows) => expect(rows.map((r) => r.includes(fresh.name))).toEqual([true]));
    await page.getByLabel('Thời gian chờ').selectOption({ label: 'Tất cả báo cáo' });
    await ownRows(page, (rows) => expect(rows).toHaveLength(2));

    // The agency's code is searched too ("Tên hoặc mã cơ quan").
    await page.getByLabel('Tìm kiếm').fill(fresh.code.toUpperCase());
    await ownRows(page, (rows) => expect(rows.map((r) => r.includes(fresh.name))).toEqual([true]));

    // The agency search folds case, diacritics and tone placement.
    await page.getByLabel('Tìm kiếm').fill(`DONG SON duyệt ${tag}`);
    await ownRows(page, (rows) => expect(rows.map((r) => r.includes(waiting.name))).toEqual([true]));
    await page.getByLabel('Tìm kiếm').fill(`hà lĩnh duyet ${tag}`);
    await ownRows(page, (rows) => expect(rows.map((r) => r.includes(fresh.name))).toEqual([true]));
    // Today's report, flagged only: nothing matches, said in words.
    await page.getByLabel('Thời gian chờ').selectOption('true');
    await page.getByText('Không có báo cáo chờ duyệt nào khớp bộ lọc.').waitFor();
    expect(await ownRows(page, (rows) => expect(rows).toEqual([]))).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    // The officer opens the waiting report from the queue and accepts it.
    await page.getByLabel('Tìm kiếm').fill(`dong son duyet ${tag}`);
    await ownRows(page, (rows) => expect(rows.map((r) => r.includes(waiting.name))).toEqual([true]));
    await page.getByTestId('review-list').getByRole('link', { name: waiting.name }).click();
    await page.getByTestId('detail-status').getByText('Chờ duyệt', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Chấp nhận báo cáo' }).click();
    await page.getByTestId('detail-status').getByText('Đã chấp nhận').waitFor();

    // It has left the queue; today's report is still waiting.
    await openQueue(page, `duyet ${tag}`);
    await ownRows(page, (rows) => expect(rows.map((r) => r.includes(fresh.name))).toEqual([true]));
    expect(errors).toEqual([]);
    await context.close();
  }, 1_200_000);
});
