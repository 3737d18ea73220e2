import { hash } from '@node-rs/argon2';
import { DigestActivities } from '../apps/worker/src/digest.activities';
import { stackCalendar } from './support/calendar';
import { vietnamDateOf } from '../libs/domain/src/local-date';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import { AgencyRepository, AssignmentRepository, UserRepository } from '../libs/persistence/src/repositories';
import { assignmentWorkflowId, submitUpdate, type AssignmentInput } from '../workflows/assignment.messages';
import { eventually } from './support/eventually';
import { mailboxMessages, waitForMail } from './support/mailbox';
import { startTestWorker, type TestWorker } from './support/stack';

const PLAN = 'plan-nq06-thanh-hoa';
const DUTY = 'v8-commune-radio';
// A month and a digest day no other suite uses (the review digest is sent once per day).
const PERIOD = { key: '2042-09', start: '2042-09-01', end: '2042-09-30' };
const DIGEST_DAY = '2042-09-10'; // a Wednesday, a working day
// An agency of this test's own, so no other test file's reports or registry changes touch it.
const TAG = Date.now().toString(36);
const AGENCY = { code: `xa-duyet-gop-${TAG}`, name: `Xã Duyệt Gộp ${TAG}` };

/**
 * The review notice in digest mode (REVIEW_NOTICE=digest) on the real stack: a report that
 * arrives is not mailed on its own; the officers' daily digest lists it instead.
 */
describe('review notice in the daily digest (PostgreSQL + Temporal + SMTP)', () => {
  let stack: TestWorker;
  const previous = process.env.REVIEW_NOTICE;

  beforeAll(async () => {
    process.env.REVIEW_NOTICE = 'digest';
    stack = await startTestWorker('it-review-digest');
    await importReferenceData(stack.dataSource);
    await new AgencyRepository(stack.dataSource).create({
      ...AGENCY,
      kind: 'commune',
      focalEmail: `${AGENCY.code}@thanhhoa.example`,
    });
  }, 600_000);

  afterAll(async () => {
    await stack?.close();
    if (previous === undefined) {
      delete process.env.REVIEW_NOTICE;
    } else {
      process.env.REVIEW_NOTICE = previous;
    }
  });

  it('a report that arrives is listed in the officers’ daily digest instead of one mail each', async () => {
    const email = `review-digest-${Date.now()}@thanhhoa.example`;
    await new UserRepository(stack.dataSource).create({
      email,
      displayName: 'Cán bộ duyệt báo cáo',
      role: 'officer',
      agencyId: null,
      passwordHash: await hash('mat-khau-du-dai-123'),
    });
    const input: AssignmentInput = {
      planCode: PLAN,
      dutyCode: DUTY,
      agencyCode: AGENCY.code,
      periodKey: PERIOD.key,
      periodStart: PERIOD.start,
      periodEnd: PERIOD.end,
      dueDate: stackCalendar().addWorkingDays(vietnamDateOf(new Date()), 5),
      reminderLocalTime: '08:00',
    };
    const workflowId = assignmentWorkflowId(DUTY, AGENCY.code, PERIOD.key);
    const handle = await stack.client.workflow.start('assignmentWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId,
      args: [input],
    });
    const submitted = await handle.executeUpdate(submitUpdate, {
      args: [{ submissionId: `duyet-gop-${TAG}`, actor: AGENCY.code, values: { programmes: 1, rebroadcasts: 1 } }],
    });
    expect(submitted).toMatchObject({ status: 'submitted' });

    // The report-arrived notice is deferred to the digest, and recorded so.
    const assignments = new AssignmentRepository(stack.dataSource);
    await eventually(
      () => assignments.auditTrail(workflowId),
      (events) => expect(events.map((e) => e.type)).toContain('email-deferred-to-digest'),
    );

    // The day's digest: one mail to the officers listing the report, oldest first, with its wait.
    const result = await stack.app.get(DigestActivities).sendDailyDigests({ date: DIGEST_DAY });
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const [digest] = await waitForMail(
      (m) => m.subject.startsWith('Báo cáo chờ duyệt ngày 10/09/2042:') && m.to.includes(email),
    );
    expect(digest.text).toContain('báo cáo đang chờ duyệt (cũ nhất trước):');
    const line = digest.text.split('\n').find((l) => l.startsWith(`- ${AGENCY.name} – `));
    expect(line).toBeDefined();
    expect(line).toContain('Chương trình phát thanh về chuyển đổi số trên Đài truyền thanh cấp xã (mục V.8');
    expect(line).toMatch(/gửi ngày \d{2}\/\d{2}\/\d{4}, đã chờ \d+ ngày làm việc/);
    expect(digest.text).toContain('/#/reviews');
    // Sent once per day: a second run of the same day sends nothing more.
    await stack.app.get(DigestActivities).sendDailyDigests({ date: DIGEST_DAY });
    const digests = (await mailboxMessages()).filter(
      (m) => m.subject.startsWith('Báo cáo chờ duyệt ngày 10/09/2042:') && m.to.includes(email),
    );
    expect(digests).toHaveLength(1);
    // And no separate "report arrived" mail for this report.
    const single = (await mailboxMessages()).filter(
      (m) => m.subject.startsWith(`Báo cáo chờ duyệt: ${AGENCY.name}`) && m.to.includes(email),
    );
    expect(single).toEqual([]);
  }, 600_000);
});
