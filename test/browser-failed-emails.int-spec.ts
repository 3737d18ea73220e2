import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import type { Browser, Page } from 'playwright-core';
import { stackCalendar } from './support/calendar';
import { vietnamDateOf } from '../libs/domain/src/local-date';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import { UserRepository } from '../libs/persistence/src/repositories';
import { startAssignment } from '../libs/temporal/src/workflow-starters';
import type { AssignmentInput } from '../workflows/assignment.messages';
import { http, startTestApi } from './support/api';
import { PHONE, SCREENSHOTS, launchChromium, pageWidth, seriousViolations, signIn } from './support/browser';
import { eventually } from './support/eventually';
import { startTestWorker, type TestWorker } from './support/stack';

const PASSWORD = 'mat-khau-du-dai-123';
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
  let stack: TestWorker;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let browser: Browser;
  const tag = Date.now().toString(36);
  const officerEmail = `failed-mail-officer-${tag}@thanhhoa.example`;
  const code = `xa-thu-loi-${tag}`;
  const name = `Xã Thư Lỗi ${tag}`;
  const address = `bounce.${code}@thanhhoa.example`;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startTestWorker('it-failed-mail');
    process.env.TEMPORAL_TASK_QUEUE = 'it-failed-mail';
    await importReferenceData(stack.dataSource);
    api = await startTestApi();
    await new UserRepository(stack.dataSource).create({
      email: officerEmail,
      displayName: 'Cán bộ Sở',
      role: 'officer',
      agencyId: null,
      passwordHash: await hash(PASSWORD),
    });
    const login = await http<{ accessToken: string }>(api.base, 'POST', '/api/v1/auth/login', {
      body: { email: officerEmail, password: PASSWORD },
    });
    const created = await http(api.base, 'POST', '/api/v1/agencies', {
      token: login.body.accessToken,
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
    await startAssignment(stack.client, input, { taskQueue: stack.taskQueue });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await stack?.close();
  });

  /** The failed-emails row of this test's email, read once the section has loaded (empty text when not listed). */
  async function failedRow(page: Page): Promise<string> {
    await page.goto(`${api.base}/#/`);
    await page.reload();
    const section = page.getByTestId('failed-emails');
    await section.getByRole('heading', { level: 2, name: /Thư không gửi được/ }).waitFor();
    await section.getByText('Đang tải…').waitFor({ state: 'detached' });
    const row = section.getByRole('row').filter({ hasText: address });
    return (await row.count()) === 1 ? ((await row.textContent()) ?? '') : '';
  }

  it('flags the refused address in the registry and lists the email with the reason; "Gửi lại" sends it again', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, api.base, officerEmail, PASSWORD);

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
    await page.goto(`${api.base}/#/agencies`);
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
  }, 600_000);
});
