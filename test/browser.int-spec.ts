import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { stackCalendar } from './support/calendar';
import { vietnamDateOf } from '../libs/domain/src/local-date';
import type { AssignmentInput } from '../workflows/assignment.messages';
import { DESKTOP, PHONE, SCREENSHOTS, pageWidth, seriousViolations } from './support/browser';
import { startBrowserStack, type BrowserStack } from './support/browser-stack';
import { eventually } from './support/eventually';
import { waitForMail } from './support/mailbox';
import { TEST_PASSWORD, http } from './support/api';
import type { TestWorker } from './support/stack';
import { startAssignment } from '../libs/temporal/src/workflow-starters';

const PLAN = 'plan-nq06-thanh-hoa';
const DUTY = 'v8-commune-radio';
const PASSWORD = TEST_PASSWORD;
/**
 * The web app in a real Chromium against the real stack (API, worker, Temporal,
 * PostgreSQL, SMTP capture): an officer chases an overdue commune, the commune
 * reports from its emailed link on a phone, the officer returns then accepts.
 */
describe('web dashboard and agency page (Chromium, real stack)', () => {
  let web: BrowserStack<TestWorker>;
  let stack: TestWorker;
  let api: BrowserStack['api'];
  let browser: Browser;
  let officerEmail: string;
  let officer: BrowserContext;
  let phone: BrowserContext;
  const period = `web-${Date.now()}`;
  const communes = [
    { code: 'xa-quang-chieu', name: 'Xã Quang Chiểu' },
    { code: 'xa-dong-tien', name: 'Xã Đồng Tiến' },
    { code: 'xa-thieu-tien', name: 'Xã Thiệu Tiến' },
  ];
  const calendar = stackCalendar();
  const due = calendar.addWorkingDays(vietnamDateOf(new Date()), -2);

  beforeAll(async () => {
    // The officer signs in through the sign-in form below (a wrong password first).
    web = await startBrowserStack({ taskQueue: 'it-web', staff: { emailPrefix: `officer-${period}` } });
    ({ stack, api, browser } = web);
    officerEmail = web.staff.email;
    for (const c of communes) {
      const input: AssignmentInput = {
        planCode: PLAN,
        dutyCode: DUTY,
        agencyCode: c.code,
        periodKey: period,
        periodStart: null,
        periodEnd: null,
        dueDate: due,
        reminderLocalTime: '08:00',
      };
      await startAssignment(stack.client, input, { taskQueue: stack.taskQueue });
    }
    officer = await browser.newContext(DESKTOP);
    phone = await browser.newContext(PHONE);
  }, 180_000);

  afterAll(async () => {
    await web?.close();
  });

  /** The overview's four counts for the test period, reloading until they equal `expected` (the read model fills asynchronously). */
  async function overviewCountsBecome(page: Page, expected: Record<string, string>): Promise<void> {
    await eventually(
      async () => {
        await page.goto(`${api.base}/#/?period=${period}`);
        await page.getByTestId('count-open-overdue').waitFor();
        await page.getByText('Đang tải…').waitFor({ state: 'detached' });
        return counts(page);
      },
      (c) => expect(c).toEqual(expected),
      { timeoutMs: 60_000, intervalMs: 300 },
    );
  }

  async function counts(page: Page): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const c of ['open-on-time', 'open-overdue', 'done-on-time', 'done-late']) {
      out[c] = (await page.getByTestId(`count-${c}`).textContent()) ?? '';
    }
    return out;
  }

  it('officer prods an overdue commune; the commune reports from the emailed link on a phone; return, resubmit, accept; counts follow', async () => {
    const page = await officer.newPage();
    const consoleErrors: string[] = [];
    page.on('pageerror', (e) => consoleErrors.push(e.message));

    // Sign in (Vietnamese by default).
    await page.goto(`${api.base}/`);
    await page.getByRole('heading', { level: 1, name: 'dondoc — Đôn đốc thực hiện Kế hoạch' }).waitFor();
    await page.locator('html[lang="vi"]').waitFor({ state: 'attached' });
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau-roi');
    await page.getByLabel('Thư điện tử').fill(officerEmail);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').getByText('Sai thư điện tử hoặc mật khẩu').waitFor();
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).waitFor();

    // Overview of the period: three communes, all overdue (the read model fills within a moment).
    await overviewCountsBecome(page, {
      'open-on-time': '0',
      'open-overdue': '3',
      'done-on-time': '0',
      'done-late': '0',
    });
    await page.getByRole('figure').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'overview.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // The matrix: one row per commune, each cell says its category in words to assistive technology.
    await page.goto(`${api.base}/#/matrix?period=${period}`);
    const matrix = page.getByTestId('matrix');
    await eventually(
      () => matrix.locator('tbody tr').count(),
      (n) => expect(n).toBe(3),
    );
    const cell = matrix.getByRole('link', { name: new RegExp(`^${communes[0].name} — .*: Đang thực hiện, quá hạn`) });
    await cell.waitFor();
    expect(await cell.count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'matrix.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // From the matrix to one assignment and back: "Quay lại" returns to the page the officer came from.
    await cell.click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${communes[0].name} — `) }).waitFor();
    await page.getByRole('link', { name: '‹ Quay lại' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ma trận cơ quan × nhiệm vụ' }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/matrix?period=${period}`);

    // The overdue list: find the commune, prod it with one click.
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Quá hạn' }).click();
    // The unfiltered list shows first: wait until the search has applied (one row left) before using it.
    const overdue = page.getByTestId('overdue-list');
    await overdue.waitFor();
    await page.getByLabel('Tìm kiếm').fill(communes[0].name);
    await eventually(
      async () => ({
        rows: await overdue.locator('tbody tr').count(),
        loading: await page.getByText('Đang tải…').count(),
      }),
      (s) => expect(s).toEqual({ rows: 1, loading: 0 }),
    );
    const row = overdue.getByRole('row', { name: new RegExp(communes[0].name) });
    await row.getByText('im lặng').waitFor();
    const prod = row.getByRole('button', { name: /đôn đốc/i });
    await page.getByRole('button', { name: 'Đôn đốc tất cả (1)' }).waitFor();
    await prod.click();
    await page.getByText(`Đã gửi thư đôn đốc tới ${communes[0].name}.`).waitFor();
    await row.getByRole('button', { name: `Đã đôn đốc ${communes[0].name}` }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Bulk prod of the same selection: a preview, then a confirmation.
    await page.getByRole('button', { name: 'Đôn đốc tất cả (1)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Đôn đốc hàng loạt' });
    await dialog.getByText('Sẽ gửi thư đôn đốc tới 1 nhiệm vụ').waitFor();
    await dialog.getByLabel('Lời nhắn kèm theo (không bắt buộc)').fill('Đề nghị xã báo cáo ngay trong hôm nay.');
    await dialog.getByRole('button', { name: 'Gửi 1 thư đôn đốc' }).click();
    await page.getByText('Đang gửi 1 thư đôn đốc:').waitFor();
    // The dashboard follows the operation to its end.
    await page
      .locator('.operation-completed', { hasText: 'Đã hoàn thành. 1/1 — thành công 1, không thực hiện được 0.' })
      .waitFor();

    // The commune's email carries its link.
    const [mail] = await waitForMail(
      (m) =>
        m.subject.startsWith('Đôn đốc') &&
        m.to.includes(`${communes[0].code}@thanhhoa.example`) &&
        m.text.includes(period),
    );
    const token = /\/r\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(token).toBeDefined();

    // On a phone: the agency page from the link, in Vietnamese, dates as dd/MM/yyyy.
    const agency = await phone.newPage();
    agency.on('pageerror', (e) => consoleErrors.push(e.message));
    await agency.goto(`${api.base}/r/${token}`);
    await agency.getByRole('heading', { level: 1, name: communes[0].name }).waitFor();
    const [y, m, d] = due.split('-');
    await agency.locator('.duty-card.selected').getByText(`${d}/${m}/${y}`).first().waitFor();
    await eventually(
      () => pageWidth(agency),
      (w) => expect(w).toBeLessThanOrEqual(360),
    );

    // A wrong file type is refused before upload; a PDF is attached.
    await agency.getByLabel('Tệp đính kèm (không bắt buộc)').setInputFiles({
      name: 'chuong-trinh.exe',
      mimeType: 'application/x-msdownload',
      buffer: Buffer.from('MZ'),
    });
    await agency.getByText('Tệp chuong-trinh.exe không đúng định dạng cho phép.').waitFor();
    await agency.getByLabel('Tệp đính kèm (không bắt buộc)').setInputFiles({
      name: 'biên bản phát thanh.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% dondoc test\n'),
    });
    await agency.getByRole('list', { name: 'Tệp đã đính kèm' }).getByText('biên bản phát thanh.pdf').waitFor();

    // Numbers are checked against the targets as they are typed: 2 rebroadcasts < 3.
    await agency.getByLabel(/Số chương trình/).fill('1');
    await agency.getByLabel(/Số lần phát lại/).fill('2');
    await agency.getByText(/Thấp hơn chỉ tiêu: 2 < 3/).waitFor();
    await agency.screenshot({ path: join(SCREENSHOTS, 'agency-form.png'), fullPage: true });
    expect(await seriousViolations(agency)).toEqual([]);
    await agency.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await agency.getByText('Đã gửi báo cáo; 1 chỉ tiêu chưa đạt đã được ghi nhận.').waitFor();
    await agency.getByTestId('agency-status').getByText('Chờ duyệt', { exact: true }).waitFor();

    // The officer opens the assignment and returns the report with a reason.
    const rows = await http<{ items: Array<{ id: string }> }>(
      api.base,
      'GET',
      `/api/v1/assignments?period=${period}&agency=${communes[0].code}`,
      { link: token },
    );
    const id = rows.body.items[0].id;
    await page.goto(`${api.base}/#/assignments/${id}`);
    await page.getByTestId('detail-status').getByText('Chờ duyệt', { exact: true }).waitFor();
    await page.getByText('biên bản phát thanh.pdf').waitFor();
    await page.getByText(/thấp hơn chỉ tiêu 3/).waitFor();
    await page.getByRole('button', { name: 'Trả lại báo cáo' }).click();
    const back = page.getByRole('dialog', { name: 'Trả lại báo cáo' });
    await back.getByLabel('Lý do').fill('Số lần phát lại chưa đạt 3 lần/tháng, đề nghị bổ sung.');
    await back.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Đã trả lại báo cáo cho cơ quan.').waitFor();
    await page.getByTestId('detail-status').getByText('Bị trả lại').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // The commune sees the reason and resubmits (in English this time: the switch is remembered).
    await agency.reload();
    await agency.getByRole('note').getByText('Số lần phát lại chưa đạt 3 lần/tháng, đề nghị bổ sung.').waitFor();
    await agency.getByRole('button', { name: 'English' }).click();
    await agency.getByRole('heading', { name: 'Send the report again' }).waitFor();
    await agency.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await agency.getByLabel(/Programmes/i).fill('1');
    await agency.getByLabel(/Rebroadcasts/i).fill('3');
    await agency.getByText('✓ Meets the target').first().waitFor();
    await agency.getByRole('button', { name: 'Send the report' }).click();
    await agency.getByText('Report sent. The ICT department will review it.').waitFor();

    // The officer accepts; the overview counts move from overdue to done late.
    await page.reload();
    await page.getByTestId('detail-status').getByText('Chờ duyệt', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Chấp nhận báo cáo' }).click();
    await page.getByTestId('detail-status').getByText('Đã chấp nhận').waitFor();
    // The timeline is read from the audit events, written a moment after the decision: reload until complete.
    await eventually(
      async () => {
        await page.reload();
        return (await page.getByTestId('timeline').textContent()) ?? '';
      },
      (text) => expect(text).toMatch(/Trả lại báo cáo[\s\S]*Gửi lại báo cáo[\s\S]*Chấp nhận báo cáo/),
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    await overviewCountsBecome(page, {
      'open-on-time': '0',
      'open-overdue': '2',
      'done-on-time': '0',
      'done-late': '1',
    });
    expect(consoleErrors).toEqual([]);
  }, 1_200_000);

  it('a commune acknowledges and asks for more time from its assignment email; the officer grants it', async () => {
    const commune = communes[1];
    const [notice] = await waitForMail(
      (m) =>
        m.subject.startsWith('Giao nhiệm vụ') &&
        m.to.includes(`${commune.code}@thanhhoa.example`) &&
        m.text.includes(period),
    );
    const token = /\/r\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(notice.text)?.[1];
    expect(token).toBeDefined();
    const device = await browser.newContext(PHONE);
    const agency = await device.newPage();
    await agency.goto(`${api.base}/r/${token}`);
    await agency.getByRole('heading', { level: 1, name: commune.name }).waitFor();
    await agency.getByRole('button', { name: 'Xác nhận đã tiếp nhận nhiệm vụ' }).click();
    await agency.getByTestId('agency-status').getByText('Đã tiếp nhận').waitFor();

    const wanted = calendar.addWorkingDays(vietnamDateOf(new Date()), 5);
    await agency.getByText('Đề nghị gia hạn', { exact: true }).click();
    await agency.getByLabel('Hạn mới đề nghị').fill(wanted);
    await agency.getByLabel('Lý do').fill('Đài truyền thanh xã đang sửa chữa, đề nghị gia hạn.');
    await agency.getByRole('button', { name: 'Gửi đề nghị gia hạn' }).click();
    await agency.getByText('Đã gửi đề nghị gia hạn.').waitFor();
    await agency.getByText('Đề nghị gia hạn đang chờ Sở quyết định.').waitFor();
    expect(await seriousViolations(agency)).toEqual([]);

    const rows = await http<{ items: Array<{ id: string }> }>(api.base, 'GET', `/api/v1/assignments?period=${period}`, {
      link: token,
    });
    // A new tab: the dashboard keeps its session per tab, so the officer signs in here.
    const page = await officer.newPage();
    await page.goto(`${api.base}/#/assignments/${rows.body.items[0].id}`);
    await page.getByLabel('Thư điện tử').fill(officerEmail);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const [y, m, d] = wanted.split('-');
    await page.getByText(`Cơ quan đề nghị gia hạn đến ${d}/${m}/${y}:`).waitFor();
    await page.getByRole('button', { name: 'Đồng ý gia hạn' }).click();
    await page.getByText('Đã đồng ý gia hạn.').waitFor();
    await page.getByText(`${d}/${m}/${y} (hạn ban đầu`).waitFor();
    await page.getByTestId('detail-category').getByText('Đang thực hiện, trong hạn').waitFor();
  }, 1_200_000);

  it('every dashboard page works on a 360 px phone, by keyboard, in Vietnamese and English, without serious a11y violations', async () => {
    // A device of its own: nothing remembered from the other tests (language, session).
    const device = await browser.newContext(PHONE);
    const page = await device.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${api.base}/`);
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Keyboard only: the first Tab lands on the language switch, then the fields, Enter submits.
    await page.getByLabel('Thư điện tử').focus();
    await page.keyboard.type(officerEmail);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await nav.waitFor();

    const pages = [
      { link: 'Tổng quan', heading: 'Tổng quan tình hình thực hiện' },
      { link: 'Ma trận', heading: 'Ma trận cơ quan × nhiệm vụ' },
      { link: 'Chờ duyệt', heading: 'Báo cáo chờ duyệt' },
      { link: 'Quá hạn', heading: 'Nhiệm vụ quá hạn' },
      { link: 'Yêu cầu báo cáo', heading: 'Yêu cầu báo cáo đột xuất' },
      { link: 'Cơ quan, đơn vị', heading: 'Danh mục cơ quan, đơn vị' },
      { link: 'Báo cáo kỳ', heading: 'Báo cáo tổng hợp theo kỳ' },
    ];
    for (const p of pages) {
      // Reach the page's link by keyboard and follow it with Enter.
      await nav.getByRole('link', { name: p.link, exact: true }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: p.heading }).waitFor();
      await eventually(
        () => page.getByText('Đang tải…').count(),
        (n) => expect(n).toBe(0),
      );
      expect({ page: p.link, violations: await seriousViolations(page) }).toEqual({ page: p.link, violations: [] });
      await eventually(
        async () => ({ page: p.link, width: await pageWidth(page) }),
        (w) => expect(w).toEqual({ page: p.link, width: 360 }),
      );
    }

    // An ad-hoc report request from the phone, sent to one commune.
    await nav.getByRole('link', { name: 'Yêu cầu báo cáo', exact: true }).click();
    await page.getByLabel('Tiêu đề').fill('Báo cáo nhanh số buổi phát thanh về chuyển đổi số');
    const dueDate = calendar.addWorkingDays(vietnamDateOf(new Date()), 5);
    await page.getByLabel('Hạn').fill(dueDate);
    await page.getByLabel('Hoặc mã cơ quan (cách nhau bởi dấu phẩy)').fill(communes[2].code);
    await page.getByLabel('Tên chỉ tiêu (tiếng Việt)').fill('Số buổi phát thanh');
    await page.getByLabel('Kiểu dữ liệu').selectOption('number');
    await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    await page.getByText(/^Đã nhận yêu cầu yc-[0-9a-f]{16} gửi 1 cơ quan; đang giao nhiệm vụ:$/).waitFor();
    await page.locator('.operation-completed', { hasText: '1/1 — thành công 1' }).waitFor();
    // The list names the request's duty in words beside its title, and still fits the phone.
    await page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'Báo cáo nhanh số buổi phát thanh về chuyển đổi số' }) })
      .first()
      .getByRole('cell', { name: 'Báo cáo đột xuất theo yêu cầu', exact: true })
      .waitFor();
    await eventually(
      () => pageWidth(page),
      (w) => expect(w).toBe(360),
    );

    // The officer closes the current month: a confirmation, progress, then the new report's files.
    await nav.getByRole('link', { name: 'Báo cáo kỳ', exact: true }).click();
    await page.getByLabel('Loại kỳ').selectOption('month');
    // The period in words with its window (a calendar month of activity: from the 1st to its last day).
    await page
      .getByRole('button', {
        name: /^Chốt tháng \d{1,2}\/\d{4} \(từ 1\/\d{1,2}\/\d{4} đến \d{1,2}\/\d{1,2}\/\d{4}\)…$/,
      })
      .click();
    const confirm = page.getByRole('dialog', { name: 'Xác nhận chốt kỳ' });
    await confirm
      .getByText(/^Chốt tháng \d{1,2}\/\d{4} \(từ 1\/\d{1,2}\/\d{4} đến \d{1,2}\/\d{1,2}\/\d{4}\)\?/)
      .waitFor();
    await confirm
      .getByRole('button', { name: /^Chốt tháng \d{1,2}\/\d{4} \(từ 1\/\d{1,2}\/\d{4} đến \d{1,2}\/\d{1,2}\/\d{4}\)$/ })
      .click();
    const closed = page.getByRole('status').filter({
      hasText:
        /^Đã chốt tháng \d{1,2}\/\d{4} \(từ 1\/\d{1,2}\/\d{4} đến \d{1,2}\/\d{1,2}\/\d{4}\): báo cáo phiên bản \d+/,
    });
    await closed.waitFor({ timeout: 90_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      closed.getByRole('button', { name: 'Tải bảng tính (.xlsx)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^bao-cao-\d{4}-\d{2}-v\d+\.xlsx$/);

    // English, remembered across pages.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'overview-phone-en.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 1_200_000);

  it('an expired or tampered link shows a clear page, not the form', async () => {
    const page = await phone.newPage();
    const res = await page.goto(`${api.base}/r/not-a-token`);
    expect(res?.status()).toBe(403);
    expect(await page.textContent('body')).toContain('Liên kết không hợp lệ');
  });
});
