import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { stackCalendar } from './support/calendar';
import { vietnamDateOf } from '../libs/domain/src/local-date';
import { startAssignment } from '../libs/temporal/src/workflow-starters';
import type { AssignmentInput } from '../workflows/assignment.messages';
import { http } from './support/api';
import { PHONE, SCREENSHOTS, pageWidth, seriousViolations } from './support/browser';
import { startBrowserStack, type BrowserStack } from './support/browser-stack';
import { eventually } from './support/eventually';
import type { TestWorker } from './support/stack';

const PLAN = 'plan-nq06-thanh-hoa';
const DUTY = 'v8-commune-radio';
/** The test relay (test/global-setup.ts) refuses every `bounce.*` address with 550 "Mailbox unavailable". */
const REFUSED_REASON = 'hộp thư không tồn tại hoặc không nhận thư';

/**
 * An address the mail server refuses, as an officer sees it on a 360 px phone
 * (real Chromium, API, worker, PostgreSQL and SMTP relay): the agency's
 * registry row flags the address with the reason in words, the overview's
 * "Thư không gửi được" section lists the email with the address and the
 * reason, and "Gửi lại" sends it again (refused again, it is listed again,
 * marked as sent again once).
 */
describe('undeliverable addresses in the dashboard (Chromium, real stack)', () => {
  let web: BrowserStack<TestWorker>;
  const tag = Date.now().toString(36);
  const code = `xa-thu-loi-${tag}`;
  const name = `Xã Thư Lỗi ${tag}`;
  const address = `bounce.${code}@thanhhoa.example`;

  beforeAll(async () => {
    web = await startBrowserStack({ taskQueue: 'it-failed-mail', staff: { emailPrefix: 'failed-mail-officer' } });
    const created = await http(web.api.base, 'POST', '/api/v1/agencies', {
      token: web.staff.token,
      body: { code, name, kind: 'commune', focalEmail: address },
    });
    expect(created.status).toBe(201);
    const input: AssignmentInput = {
      planCode: PLAN,
      dutyCode: DUTY,
      agencyCode: code,
      periodKey: `failed-mail-${tag}`,
      periodStart: null,
      periodEnd: null,
      dueDate: stackCalendar().addWorkingDays(vietnamDateOf(new Date()), 10),
      reminderLocalTime: '08:00',
    };
    // Its assignment email goes to the refused address only.
    await startAssignment(web.stack.client, input, { taskQueue: web.stack.taskQueue });
  }, 180_000);

  afterAll(async () => {
    await web?.close();
  });

  /** The failed-emails row of this test's email, read once the section has loaded (empty text when not listed). */
  async function failedRow(page: Page): Promise<string> {
    await page.goto(`${web.api.base}/#/`);
    await page.reload();
    const section = page.getByTestId('failed-emails');
    await section.getByRole('heading', { level: 2, name: /Thư không gửi được/ }).waitFor();
    await section.getByText('Đang tải…').waitFor({ state: 'detached' });
    const row = section.getByRole('row').filter({ hasText: address });
    return (await row.count()) === 1 ? ((await row.textContent()) ?? '') : '';
  }

  it('flags the refused address in the registry and lists the email with the reason; "Gửi lại" sends it again', async () => {
    const { context, page, errors } = await web.staffPage(PHONE);

    // The overview's section lists the email: the address and the relay's refusal in words, never its code.
    const listed = await eventually(
      () => failedRow(page),
      (text) => expect(text).toContain(`${address}: ${REFUSED_REASON}`),
      { timeoutMs: 180_000, intervalMs: 1_000 },
    );
    expect(listed).not.toMatch(/\b550\b|Mailbox unavailable/);
    const row = page.getByTestId('failed-emails').getByRole('row').filter({ hasText: address });
    await eventually(
      () => pageWidth(page),
      (w) => expect(w).toBe(360),
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'failed-emails-360.png'), fullPage: true });

    // The registry flags the address under the agency, with the same reason.
    await page.goto(`${web.api.base}/#/agencies`);
    await page.getByRole('heading', { level: 1, name: 'Danh mục cơ quan, đơn vị' }).waitFor();
    await page.getByLabel('Tìm kiếm').fill(name);
    const agencyRow = page.getByTestId('agency-list').getByRole('row').filter({ hasText: code });
    await agencyRow
      .getByRole('note')
      .filter({ hasText: `${address} — không gửi được: ${REFUSED_REASON}` })
      .waitFor();
    await eventually(
      () => pageWidth(page),
      (w) => expect(w).toBe(360),
    );

    // "Gửi lại": accepted, then refused again by the relay and listed again, marked as sent again once.
    await failedRow(page);
    await row.getByRole('button', { name: /^Gửi lại/ }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Đã gửi lại thư “.+”\. Nếu vẫn lỗi, thư sẽ lại hiện ở đây\.$/ })
      .waitFor();
    await eventually(
      () => failedRow(page),
      (text) => {
        expect(text).toContain('đã gửi lại 1 lần');
        expect(text).toContain(`${address}: ${REFUSED_REASON}`);
      },
      { timeoutMs: 180_000, intervalMs: 1_000 },
    );
    expect(errors).toEqual([]);
    await context.close();
  }, 1_200_000);
});
