import { stackCalendar } from './support/calendar';
import { vietnamDateOf } from '../libs/domain/src/local-date';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import {
  assignmentWorkflowId,
  escalateNowSignal,
  reviewUpdate,
  submitUpdate,
  type AssignmentInput,
} from '../workflows/assignment.messages';
import type { CapturedMail } from '../libs/mail/src/dev-mailbox';
import { waitForMail } from './support/mailbox';
import { eventually } from './support/eventually';
import { startTestWorker, type TestWorker } from './support/stack';
import { startAssignment } from '../libs/temporal/src/workflow-starters';

/**
 * One assignment from opening to late completion against the real stack:
 * PostgreSQL, the Temporal dev server and SMTP, started by the global setup.
 */
describe('assignment lifecycle to late completion (PostgreSQL + Temporal + SMTP)', () => {
  let stack: TestWorker;

  beforeAll(async () => {
    stack = await startTestWorker('it-lifecycle');
    await importReferenceData(stack.dataSource);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('escalates an overdue commune up the ladder, takes a late report, returns it, accepts the resubmission as done late', async () => {
    // A deadline ten working days ago: the ladder (1, 3 and 7 working days after) is behind, yet it
    // climbs one level per interval: the overdue notice now, the next levels only when an officer asks.
    // Counted back from the last working day, so that on a day off (Tết, a weekend) it is still ten
    // working days overdue: a day off is not a working day past the deadline.
    const calendar = stackCalendar();
    const today = vietnamDateOf(new Date());
    const lastWorkingDay = calendar.isWorkingDay(today) ? today : calendar.addWorkingDays(today, -1);
    const dueDate = calendar.addWorkingDays(lastWorkingDay, -10);
    const agencyCode = 'xa-nga-son';
    const periodKey = `late-${Date.now()}`;
    const input: AssignmentInput = {
      planCode: 'plan-nq06-thanh-hoa',
      dutyCode: 'v8-commune-radio',
      agencyCode,
      periodKey,
      periodStart: null,
      periodEnd: null,
      dueDate,
      reminderLocalTime: '08:00',
    };
    const workflowId = assignmentWorkflowId(input.dutyCode, agencyCode, periodKey);
    const { handle } = await startAssignment(stack.client, input, { taskQueue: stack.taskQueue });
    const ours = (m: CapturedMail): boolean => m.text.includes(`Kỳ: ${periodKey}`);
    const focal = `${agencyCode}@thanhhoa.example`;
    const head = `lanhdao.${agencyCode}@thanhhoa.example`;

    const [assigned] = await waitForMail((m) => ours(m) && m.subject.startsWith('Giao nhiệm vụ'));
    expect(assigned.to).toEqual([focal]);

    const [notice] = await waitForMail((m) => ours(m) && m.subject.startsWith('Thông báo nhiệm vụ quá hạn'));
    expect(notice.to).toEqual([head]);
    expect(notice.cc).toEqual([focal]);
    expect(notice.text).toContain('quá hạn 10 ngày làm việc');
    const level = async (): Promise<number> =>
      (
        await stack.dataSource.query<Array<{ level: number }>>(
          'SELECT escalation_level AS level FROM assignments WHERE workflow_id = $1',
          [workflowId],
        )
      )[0]?.level ?? 0;
    await eventually(level, (l) => expect(l).toBe(1));
    // Never several levels at once: no letter was numbered with the notice.
    const early = await stack.dataSource.query<unknown[]>('SELECT 1 FROM urging_letters WHERE workflow_id = $1', [
      workflowId,
    ]);
    expect(early).toEqual([]);
    await handle.signal(escalateNowSignal, { actor: 'officer:ict', reason: 'Chỉ đạo của lãnh đạo Sở' });
    await eventually(level, (l) => expect(l).toBe(2));
    await handle.signal(escalateNowSignal, { actor: 'officer:ict', reason: 'Vẫn chưa báo cáo' });
    await eventually(level, (l) => expect(l).toBe(3));

    // Level 2 goes to the ICT department that exists today: Sở TT&TT merged into Sở KH&CN in 2025.
    const [ict] = await waitForMail((m) => ours(m) && m.subject.startsWith('Đề nghị ban hành công văn đôn đốc số'));
    expect(ict.to.sort()).toEqual([
      'lanhdao.so-khoa-hoc-va-cong-nghe@thanhhoa.example',
      'so-khoa-hoc-va-cong-nghe@thanhhoa.example',
    ]);
    const letterNumber = /số (\d+\/[^\s:]+)/.exec(ict.subject)?.[1];
    expect(letterNumber).toMatch(/^\d+\/STTTT-ĐĐ$/);

    const [ppc] = await waitForMail((m) => ours(m) && m.subject.startsWith('Báo cáo cơ quan chưa thực hiện nhiệm vụ'));
    expect(ppc.to).toContain('lanhdao.van-phong-ubnd-tinh@thanhhoa.example');
    expect(ppc.cc).toContain('so-khoa-hoc-va-cong-nghe@thanhhoa.example');
    expect(ppc.subject).toContain(letterNumber);

    for (const mail of [assigned, notice, ict, ppc]) {
      expect(mail.text).toMatch(/http:\/\/127\.0\.0\.1:3000\/r\/[\w-]+\.[\w-]+/);
    }

    // The agency reports late, below target; the officer returns it, the agency resubmits, the officer accepts.
    const first = await handle.executeUpdate(submitUpdate, {
      args: [{ submissionId: 'nga-son-1', actor: `agency:${agencyCode}`, values: { programmes: 1, rebroadcasts: 2 } }],
    });
    expect(first.shortfalls.map((s) => [s.key, s.actual, s.target])).toEqual([['rebroadcasts', 2, 3]]);
    await handle.executeUpdate(reviewUpdate, {
      args: [{ actor: 'officer:ict', decision: 'return', reason: 'Chưa đủ 3 lần phát lại trong tháng' }],
    });
    const [returned] = await waitForMail((m) => ours(m) && m.subject.startsWith('Báo cáo cần bổ sung'));
    expect(returned.to).toEqual([focal]);
    expect(returned.text).toContain('Chưa đủ 3 lần phát lại trong tháng');

    await handle.executeUpdate(submitUpdate, {
      args: [{ submissionId: 'nga-son-2', actor: `agency:${agencyCode}`, values: { programmes: 1, rebroadcasts: 3 } }],
    });
    await handle.executeUpdate(reviewUpdate, { args: [{ actor: 'officer:ict', decision: 'accept' }] });
    const final = await handle.result();
    expect(final).toMatchObject({
      status: 'accepted',
      category: 'done-late',
      escalationLevel: 3,
      originalDueDate: dueDate,
    });

    const [accepted] = await waitForMail((m) => ours(m) && m.subject.startsWith('Báo cáo đã được chấp nhận'));
    expect(accepted.subject).toContain('hoàn thành quá hạn');

    // The read model, the letters, the outbox and the audit trail.
    const [row] = await stack.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT status, category, escalation_level, has_shortfall, to_char(due_date, 'YYYY-MM-DD') AS due,
              submitted_at IS NOT NULL AS submitted, completed_at IS NOT NULL AS completed
       FROM assignments WHERE workflow_id = $1`,
      [workflowId],
    );
    expect(row).toEqual({
      status: 'accepted',
      category: 'done-late',
      escalation_level: 3,
      has_shortfall: false,
      due: dueDate,
      submitted: true,
      completed: true,
    });
    const letters = await stack.dataSource.query<Array<{ level: number }>>(
      'SELECT level FROM urging_letters WHERE workflow_id = $1 ORDER BY level',
      [workflowId],
    );
    expect(letters.map((l) => l.level)).toEqual([2]);
    const outbox = await stack.dataSource.query<Array<{ kind: string; status: string }>>(
      'SELECT kind, status FROM email_outbox WHERE workflow_id = $1 ORDER BY created_at',
      [workflowId],
    );
    expect(outbox.map((o) => o.kind)).toEqual([
      'assigned',
      'overdue-notice',
      'escalation-ict',
      'escalation-ppc',
      'report-arrived',
      'returned',
      'report-arrived',
      'accepted',
    ]);
    expect(outbox.every((o) => o.status === 'sent')).toBe(true);
    const audit = await stack.dataSource.query<Array<{ type: string; actor: string }>>(
      `SELECT type, actor FROM audit_events WHERE workflow_id = $1 AND type NOT LIKE 'email-%' ORDER BY id`,
      [workflowId],
    );
    expect(audit.map((a) => a.type)).toEqual([
      'assigned',
      'overdue',
      'escalated',
      'escalated',
      'escalated',
      'submitted',
      'returned',
      'resubmitted',
      'accepted',
    ]);
    expect(audit.find((a) => a.type === 'returned')!.actor).toBe('officer:ict');
  }, 120_000);
});
