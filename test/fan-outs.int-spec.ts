import { ApplicationFailure } from '@temporalio/activity';
import { stackCalendar } from './support/calendar';
import { vietnamDateOf } from '../libs/domain/src/local-date';
import { importAgencies, importReferenceData } from '../libs/persistence/src/reference-data';
import { startAssignment } from '../libs/temporal/src/workflow-starters';
import { activitiesOf } from '../apps/worker/src/worker';
import { ReorganisationActivities } from '../apps/worker/src/reorganisation.activities';
import {
  acknowledgeSignal,
  assignmentWorkflowId,
  reviewUpdate,
  stateQuery,
  submitUpdate,
  type AssignmentInput,
} from '../workflows/assignment.messages';
import type { OperationProgress } from '../workflows/operation.messages';
import { shippedCommunes } from './support/agencies';
import { mailboxMessages, waitForMail } from './support/mailbox';
import { http, startTestApi, waitForOperation, type OperationView, signInNewStaff } from './support/api';
import { startTestWorker, type TestWorker } from './support/stack';

const PLAN = 'plan-nq06-thanh-hoa';
const QUEUE = 'it-fan-outs';

/**
 * The durable fan-outs, interrupted: an operation started over HTTP keeps going (or
 * is resumed by asking again) after its worker stops half-way, and ends with exactly
 * one assignment and one email per target.
 */
describe('durable fan-outs under interruption (PostgreSQL + Temporal + SMTP)', () => {
  let stack: TestWorker;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let token: string;
  const calendar = stackCalendar();
  const run = Date.now().toString(36);

  beforeAll(async () => {
    stack = await startTestWorker(QUEUE);
    await importReferenceData(stack.dataSource);
    process.env.TEMPORAL_TASK_QUEUE = QUEUE;
    api = await startTestApi();
    token = (await signInNewStaff(stack.dataSource, api.base, { displayName: 'fan-outs', emailPrefix: 'fan-outs' }))
      .token;
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  async function count(sql: string, params: unknown[]): Promise<number> {
    const [{ n }] = await stack.dataSource.query<Array<{ n: number }>>(sql, params);
    return n;
  }

  // Waits by the clock, not by a number of readings: after a worker restart on a busy machine the
  // fan-out's outbox rows and emails can take minutes to catch up (a loaded machine is slow, not wrong).
  const CATCH_UP_MS = 240_000;
  async function waitForCount(sql: string, params: unknown[], expected: number): Promise<number> {
    let n = -1;
    for (const deadline = Date.now() + CATCH_UP_MS; Date.now() < deadline && n < expected;) {
      n = await count(sql, params);
      if (n < expected) {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    return n;
  }

  it('a report request whose worker stops half-way, asked again with the same Idempotency-Key, ends with one assignment and one email per agency', async () => {
    const agencies = await shippedCommunes(stack.dataSource, 45);
    const title = `Báo cáo đột xuất kiểm thử gián đoạn ${run}`;
    const body = {
      title,
      dueDate: calendar.addWorkingDays(vietnamDateOf(new Date()), 5),
      agencies: { codes: agencies },
      fields: [{ key: 'sessions', label: { vi: 'Số buổi', en: 'Sessions' }, type: 'number', required: true }],
    };
    const headers = { 'idempotency-key': `interrupted-${run}` };
    const post = () =>
      http<{ id: string; key: string; agencies: number; operationId: string; progress: string }>(
        api.base,
        'POST',
        '/api/v1/report-requests',
        { token, body, headers },
      );

    const first = await post();
    expect(first.status).toBe(202);
    expect(first.body.agencies).toBe(45);

    // Stop the worker once the fan-out has started some assignments but not all of them.
    let seen: OperationProgress | null = null;
    for (let i = 0; i < 400 && !(seen && seen.done > 0); i++) {
      seen = (await http<OperationView>(api.base, 'GET', first.body.progress, { token })).body.progress;
      if (!(seen && seen.done > 0)) {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    await stack.close();
    const during = await http<OperationView>(api.base, 'GET', first.body.progress, { token });
    expect(during.body.status).toBe('running');

    // The client, having seen no answer it trusted, sends the same request again: same request, same operation.
    const again = await post();
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    // The same key with a different request is refused.
    const reused = await http<{ code: string }>(api.base, 'POST', '/api/v1/report-requests', {
      token,
      body: { ...body, title: `${title} (khác)` },
      headers,
    });
    expect(reused).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });

    stack = await startTestWorker(QUEUE);
    const done = await waitForOperation(api.base, token, first.body.progress);
    expect(done.status).toBe('completed');
    expect(done.progress).toMatchObject({ total: 45, done: 45, succeeded: 45, failed: 0 });

    // A third request after completion changes nothing either.
    expect((await post()).body.operationId).toBe(first.body.operationId);

    const key = first.body.key;
    expect(await waitForCount(`SELECT COUNT(*)::int AS n FROM assignments WHERE period_key = $1`, [key], 45)).toBe(45);
    expect(
      await waitForCount(
        `SELECT COUNT(*)::int AS n FROM email_outbox WHERE kind = 'assigned' AND workflow_id LIKE $1`,
        [`%/${key}`],
        45,
      ),
    ).toBe(45);
    // At the SMTP server: exactly one assignment email per agency.
    let mails: string[] = [];
    for (const deadline = Date.now() + CATCH_UP_MS; Date.now() < deadline && mails.length < 45;) {
      mails = (await mailboxMessages())
        .filter((m) => m.subject.startsWith('Giao nhiệm vụ') && m.subject.includes(title))
        .flatMap((m) => m.to);
      if (mails.length < 45) {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    expect(mails.sort()).toEqual(agencies.map((c) => `${c}@thanhhoa.example`).sort());
    expect(await count(`SELECT COUNT(*)::int AS n FROM report_requests WHERE key = $1`, [key])).toBe(1);
  }, 900_000);

  /** A commune of this run, in the registry from no date (as the reference data has them). */
  const commune = (code: string, name: string) => ({
    code,
    name,
    kind: 'commune' as const,
    subtype: 'xa',
    parentCode: null,
    validFrom: null,
    validTo: null,
    successorCode: null,
    focalEmail: `${code}@thanhhoa.example`,
    headEmail: null,
    formedFrom: [],
    note: null,
  });

  /** The agency link in the assignment email `code` (a commune of this run, with one assignment) got at the real SMTP server. */
  async function emailedLink(code: string): Promise<string> {
    const [mail] = await waitForMail(
      (m) => m.subject.startsWith('Giao nhiệm vụ') && m.to.includes(`${code}@thanhhoa.example`),
      { timeoutMs: CATCH_UP_MS },
    );
    return /\/r\/([\w-]+\.[\w-]+)/.exec(mail.text)![1];
  }

  /** The agency's one assignment for `period`, as its link sees it (waits for the read model). */
  async function ownRow(link: string, period: string): Promise<{ id: string; workflowId: string; status: string }> {
    for (const deadline = Date.now() + CATCH_UP_MS; ;) {
      const res = await http<{ items: Array<{ id: string; workflowId: string; status: string }> }>(
        api.base,
        'GET',
        `/api/v1/assignments?period=${encodeURIComponent(period)}`,
        { link },
      );
      if (res.body.items?.length === 1 || Date.now() > deadline) {
        expect(res.body.items).toHaveLength(1);
        return res.body.items[0];
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function upload(link: string, assignmentId: string, name: string, content: Buffer): Promise<string> {
    const res = await fetch(
      `${api.base}/api/v1/assignments/${assignmentId}/attachments?name=${encodeURIComponent(name)}`,
      { method: 'POST', headers: { 'content-type': 'application/pdf', 'x-agency-link': link }, body: content },
    );
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  async function download(link: string, attachmentId: string): Promise<{ status: number; body: Buffer }> {
    const res = await fetch(`${api.base}/api/v1/attachments/${attachmentId}`, { headers: { 'x-agency-link': link } });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  }

  it("files cited by reports taken over in a merge download through the successor's emailed link, and not through an unrelated agency's", async () => {
    const old = `xa-tep-cu-${run}`;
    const unrelated = `xa-tep-khac-${run}`;
    const successor = `xa-tep-moi-${run}`;
    await importAgencies(stack.dataSource, [commune(old, 'Xã Tệp Cũ'), commune(unrelated, 'Xã Tệp Khác')]);
    const period = `tep-${run}`;
    const due = calendar.addWorkingDays(vietnamDateOf(new Date()), 10);
    for (const agencyCode of [old, unrelated]) {
      await startAssignment(
        stack.client,
        {
          planCode: PLAN,
          dutyCode: 'v8-commune-radio',
          agencyCode,
          periodKey: period,
          periodStart: null,
          periodEnd: null,
          dueDate: due,
          reminderLocalTime: '08:00',
        },
        { taskQueue: QUEUE },
      );
    }
    const oldLink = await emailedLink(old);
    const unrelatedLink = await emailedLink(unrelated);
    const oldRow = await ownRow(oldLink, period);
    const unrelatedRow = await ownRow(unrelatedLink, period);

    // The old commune reports with a file, is sent back, and reports again with a second file.
    const minutes = Buffer.from(`%PDF-1.4\n% biên bản phát thanh ${run}\n`);
    const photos = Buffer.from(`%PDF-1.4\n% ảnh buổi phát thanh ${run}\n`);
    const first = await upload(oldLink, oldRow.id, 'Biên bản phát thanh.pdf', minutes);
    const report = (submissionId: string, attachments: Array<{ id: string; name: string }>) => ({
      submissionId,
      values: { programmes: 2, rebroadcasts: 4 },
      attachments,
    });
    const sent1 = await http(api.base, 'POST', `/api/v1/assignments/${oldRow.id}/submit`, {
      link: oldLink,
      body: report('tep-1', [{ id: first, name: 'x' }]),
    });
    expect(sent1.status).toBe(200);
    const returned = await http(api.base, 'POST', `/api/v1/assignments/${oldRow.id}/review`, {
      token,
      body: { decision: 'return', reason: 'Thiếu ảnh buổi phát thanh' },
    });
    expect(returned.status).toBe(200);
    const second = await upload(oldLink, oldRow.id, 'Ảnh buổi phát thanh.pdf', photos);
    const sent2 = await http(api.base, 'POST', `/api/v1/assignments/${oldRow.id}/submit`, {
      link: oldLink,
      body: report('tep-2', [
        { id: first, name: 'x' },
        { id: second, name: 'y' },
      ]),
    });
    expect(sent2.status).toBe(200);

    // Before the merge, neither the successor nor the unrelated commune can read them.
    expect((await download(unrelatedLink, first)).status).toBe(404);

    const merge = await http<{ progress: string }>(api.base, 'POST', '/api/v1/agencies/reorganisations', {
      token,
      body: {
        type: 'merge',
        from: [old],
        into: [{ code: successor, name: 'Xã Tệp Mới', kind: 'commune', focalEmail: `${successor}@thanhhoa.example` }],
        effectiveDate: vietnamDateOf(new Date()),
      },
    });
    expect(merge.status).toBe(202);
    expect(await waitForOperation(api.base, token, merge.body.progress)).toMatchObject({ status: 'completed' });

    // The successor's own assignment email carries its link; its assignment awaits review with both reports.
    const successorLink = await emailedLink(successor);
    const successorRow = await ownRow(successorLink, period);
    expect(successorRow.status).toBe('submitted');
    const detail = await http<{
      submissions: Array<{ submissionId: string; attachments?: Array<{ id: string; name: string }> }>;
    }>(api.base, 'GET', `/api/v1/assignments/${successorRow.id}`, { link: successorLink });
    expect(detail.status).toBe(200);
    expect(detail.body.submissions.map((x) => [x.submissionId, (x.attachments ?? []).map((a) => a.name)])).toEqual([
      ['tep-1', ['Biên bản phát thanh.pdf']],
      ['tep-2', ['Biên bản phát thanh.pdf', 'Ảnh buổi phát thanh.pdf']],
    ]);
    // Kept in the read model too (not only in the live workflow), so they outlive the assignment.
    expect(
      await waitForCount(
        `SELECT COUNT(*)::int AS n FROM assignment_submissions WHERE workflow_id = $1`,
        [successorRow.workflowId],
        2,
      ),
    ).toBe(2);

    // Through the successor's emailed link: both files, byte for byte.
    const got1 = await download(successorLink, first);
    expect(got1.status).toBe(200);
    expect(got1.body.equals(minutes)).toBe(true);
    const got2 = await download(successorLink, second);
    expect(got2.status).toBe(200);
    expect(got2.body.equals(photos)).toBe(true);
    // Through an unrelated commune's link: not found, as for any file not its own.
    expect((await download(unrelatedLink, first)).status).toBe(404);
    expect((await download(unrelatedLink, second)).status).toBe(404);

    // Sent back to the successor, it may cite the carried file again with one of its own;
    // the unrelated commune may not cite it.
    const back = await http(api.base, 'POST', `/api/v1/assignments/${successorRow.id}/review`, {
      token,
      body: { decision: 'return', reason: 'Bổ sung ảnh mới' },
    });
    expect(back.status).toBe(200);
    const third = await upload(successorLink, successorRow.id, 'Ảnh bổ sung.pdf', photos);
    const resent = await http(api.base, 'POST', `/api/v1/assignments/${successorRow.id}/submit`, {
      link: successorLink,
      body: report('tep-3', [
        { id: first, name: 'x' },
        { id: third, name: 'z' },
      ]),
    });
    expect(resent.status).toBe(200);
    const stolen = await http<{ details: unknown }>(api.base, 'POST', `/api/v1/assignments/${unrelatedRow.id}/submit`, {
      link: unrelatedLink,
      body: report('tep-khac', [{ id: first, name: 'x' }]),
    });
    expect(stolen.status).toBe(400);
    expect(JSON.stringify(stolen.body.details)).toContain('attachments.0.id');
  }, 600_000);

  it('two communes merged into one: the successor holds what both had sent for the same duty and period, and the statistics count each period once', async () => {
    const [a, b] = [`xa-hai-a-${run}`, `xa-hai-b-${run}`];
    const successor = `xa-hai-moi-${run}`;
    await importAgencies(stack.dataSource, [commune(a, 'Xã Hai A'), commune(b, 'Xã Hai B')]);
    const due = calendar.addWorkingDays(vietnamDateOf(new Date()), 10);
    const [q1, q2, q3] = ['q1', 'q2', 'q3'].map((q) => `hai-${run}-${q}`);
    const handles = new Map<string, Awaited<ReturnType<typeof startAssignment>>['handle']>();
    for (const agencyCode of [a, b]) {
      for (const periodKey of [q1, q2, q3]) {
        const { handle } = await startAssignment(
          stack.client,
          {
            planCode: PLAN,
            dutyCode: 'v8-commune-radio',
            agencyCode,
            periodKey,
            periodStart: null,
            periodEnd: null,
            dueDate: due,
            reminderLocalTime: '08:00',
          },
          { taskQueue: QUEUE },
        );
        handles.set(`${agencyCode}/${periodKey}`, handle);
      }
    }
    const at = (agency: string, period: string) => handles.get(`${agency}/${period}`)!;
    const report = (agency: string, submissionId: string, programmes: number) => ({
      actor: `agency-link:${agency}`,
      submissionId,
      values: { programmes, rebroadcasts: 1 },
    });
    // q1: both sent a report (with the same client-chosen id); both await review.
    await at(a, q1).executeUpdate(submitUpdate, { args: [report(a, 'bao-cao-1', 2)] });
    await at(b, q1).executeUpdate(submitUpdate, { args: [report(b, 'bao-cao-1', 3)] });
    // q2: A acknowledged; B's report was sent back.
    await at(a, q2).signal(acknowledgeSignal, { actor: `agency-link:${a}` });
    await at(b, q2).executeUpdate(submitUpdate, { args: [report(b, 'bao-cao-2', 1)] });
    await at(b, q2).executeUpdate(reviewUpdate, {
      args: [{ actor: 'officer', decision: 'return', reason: 'Thiếu số liệu' }],
    });
    // q3: A's report was accepted before the merge (done, stays A's); B has not reported.
    await at(a, q3).executeUpdate(submitUpdate, { args: [report(a, 'bao-cao-3', 2)] });
    await at(a, q3).executeUpdate(reviewUpdate, { args: [{ actor: 'officer', decision: 'accept' }] });
    const settled = `SELECT COUNT(*)::int AS n FROM assignments a JOIN agencies g ON g.id = a.agency_id
       WHERE g.code = ANY($1) AND a.status IN ('submitted', 'returned', 'acknowledged', 'accepted')`;
    expect(await waitForCount(settled, [[a, b]], 5)).toBe(5);

    const merge = await http<{ progress: string }>(api.base, 'POST', '/api/v1/agencies/reorganisations', {
      token,
      body: {
        type: 'merge',
        from: [a, b],
        into: [{ code: successor, name: 'Xã Hai Mới', kind: 'commune', focalEmail: `${successor}@thanhhoa.example` }],
        effectiveDate: vietnamDateOf(new Date()),
      },
    });
    expect(merge.status).toBe(202);
    const done = await waitForOperation(api.base, token, merge.body.progress);
    expect(done).toMatchObject({ status: 'completed', progress: { failed: 0 } });

    const atNew = (period: string) =>
      stack.client.workflow.getHandle(assignmentWorkflowId('v8-commune-radio', successor, period)).query(stateQuery);
    // q1: one assignment awaiting review that holds both reports, oldest first; B's id, already
    // used by A, is kept apart under B's code.
    const s1 = await atNew(q1);
    expect(s1.status).toBe('submitted');
    expect(s1.submissions!.map((x) => [x.submissionId, x.values.programmes])).toEqual([
      ['bao-cao-1', 2],
      [`${b}/bao-cao-1`, 3],
    ]);
    expect([...s1.takenOverFrom!].sort()).toEqual(
      [assignmentWorkflowId('v8-commune-radio', a, q1), assignmentWorkflowId('v8-commune-radio', b, q1)].sort(),
    );
    // q2: the returned report stays the agency's to correct, with A's acknowledgement.
    const s2 = await atNew(q2);
    expect(s2).toMatchObject({ status: 'returned' });
    expect(s2.acknowledgedAt).toEqual(expect.any(String));
    expect(s2.submissions!.map((x) => x.submissionId)).toEqual(['bao-cao-2']);
    // q3: only B's open work moved; A's accepted report stays done at A.
    const s3 = await atNew(q3);
    expect(s3).toMatchObject({ status: 'assigned', submissions: [] });

    // The read model keeps both q1 reports at the successor (they outlive the workflow).
    const s1Row = `SELECT COUNT(*)::int AS n FROM assignment_submissions WHERE workflow_id = $1`;
    expect(await waitForCount(s1Row, [assignmentWorkflowId('v8-commune-radio', successor, q1)], 2)).toBe(2);

    // Statistics: each period counted once where the work is now; the cancelled predecessors
    // are listed apart; A's accepted q3 report still counts as done.
    type Stats = {
      total: number;
      totals: Record<string, number>;
      awaitingReview: number;
      lifted: { waived: number; cancelled: number };
      groups: Array<{ key: string; total: number; awaitingReview: number; lifted: { cancelled: number } }>;
    };
    const stats = async (period: string, expected: Partial<Stats>): Promise<Stats> => {
      let last: Stats | null = null;
      for (const deadline = Date.now() + CATCH_UP_MS; Date.now() < deadline;) {
        last = (await http<Stats>(api.base, 'GET', `/api/v1/statistics?groupBy=agency&period=${period}`, { token }))
          .body;
        try {
          expect(last).toMatchObject(expected);
          return last;
        } catch {
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      expect(last).toMatchObject(expected);
      return last!;
    };
    const zero = { 'open-on-time': 0, 'open-overdue': 0, 'done-on-time': 0, 'done-late': 0 };
    const st1 = await stats(q1, {
      total: 1,
      awaitingReview: 1,
      totals: { ...zero, 'open-on-time': 1 },
      lifted: { waived: 0, cancelled: 2 },
    });
    expect(st1.groups.map((g) => [g.key, g.total, g.lifted.cancelled]).sort()).toEqual(
      [
        [a, 0, 1],
        [b, 0, 1],
        [successor, 1, 0],
      ].sort(),
    );
    await stats(q2, {
      total: 1,
      awaitingReview: 0,
      totals: { ...zero, 'open-on-time': 1 },
      lifted: { waived: 0, cancelled: 2 },
    });
    await stats(q3, {
      total: 2,
      awaitingReview: 0,
      totals: { ...zero, 'open-on-time': 1, 'done-on-time': 1 },
      lifted: { waived: 0, cancelled: 1 },
    });

    // Accepting the combined q1 report closes the period once: one done, nothing left open.
    await stack.client.workflow
      .getHandle(assignmentWorkflowId('v8-commune-radio', successor, q1))
      .executeUpdate(reviewUpdate, { args: [{ actor: 'officer', decision: 'accept' }] });
    await stats(q1, {
      total: 1,
      awaitingReview: 0,
      totals: { ...zero, 'done-on-time': 1 },
      lifted: { waived: 0, cancelled: 2 },
    });
  }, 600_000);

  it('a merge of an overdue commune that fails half-way is completed by asking for it again: no 409, each assignment moved once with its status and submissions; the successor gets only its assignment emails', async () => {
    const olds = [`xa-gian-doan-a-${run}`, `xa-gian-doan-b-${run}`];
    const successor = `xa-gian-doan-moi-${run}`;
    await importAgencies(
      stack.dataSource,
      olds.map((code, i) => ({
        code,
        name: `Xã Gián Đoạn ${i + 1}`,
        kind: 'commune' as const,
        subtype: 'xa',
        parentCode: null,
        validFrom: null,
        validTo: null,
        successorCode: null,
        focalEmail: `${code}@thanhhoa.example`,
        headEmail: null,
        formedFrom: [],
        note: null,
      })),
    );
    const today = vietnamDateOf(new Date());
    const due = calendar.addWorkingDays(today, 10);
    // The first commune is late with p1: its deadline passed ten working days ago.
    const overdue = calendar.addWorkingDays(today, -10);
    const periods = ['p1', 'p2', 'p3'].map((p) => `merge-${run}-${p}`);
    const handles = new Map<string, Awaited<ReturnType<typeof startAssignment>>['handle']>();
    for (const agencyCode of olds) {
      for (const periodKey of periods) {
        const input: AssignmentInput = {
          planCode: PLAN,
          dutyCode: 'v8-commune-radio',
          agencyCode,
          periodKey,
          periodStart: null,
          periodEnd: null,
          dueDate: agencyCode === olds[0] && periodKey === periods[0] ? overdue : due,
          reminderLocalTime: '08:00',
        };
        const { handle } = await startAssignment(stack.client, input, { taskQueue: QUEUE });
        handles.set(`${agencyCode}/${periodKey}`, handle);
      }
    }
    const openAtOlds = `SELECT COUNT(*)::int AS n FROM assignments a JOIN agencies g ON g.id = a.agency_id
       WHERE g.code = ANY($1) AND a.status IN ('assigned', 'acknowledged', 'submitted', 'returned')`;
    const cancelledAtOlds = `SELECT COUNT(*)::int AS n FROM assignments a JOIN agencies g ON g.id = a.agency_id
       WHERE g.code = ANY($1) AND a.status = 'cancelled'`;
    expect(await waitForCount(openAtOlds, [olds], 6)).toBe(6);
    // Live work of every kind: the overdue one acknowledged, p2 awaiting review, p3 returned.
    const first = (p: number) => handles.get(`${olds[0]}/${periods[p]}`)!;
    await first(0).signal(acknowledgeSignal, { actor: `${olds[0]}@thanhhoa.example` });
    const report = { actor: `${olds[0]}@thanhhoa.example`, values: { programmes: 2, rebroadcasts: 4 } };
    await first(1).executeUpdate(submitUpdate, { args: [{ ...report, submissionId: `s-${run}-p2` }] });
    await first(2).executeUpdate(submitUpdate, { args: [{ ...report, submissionId: `s-${run}-p3` }] });
    await first(2).executeUpdate(reviewUpdate, {
      args: [{ actor: 'officer', decision: 'return', reason: 'Thiếu ảnh' }],
    });
    // An overdue assignment starts up its ladder (fair escalation: one level per interval, the
    // overdue notice first).
    const escalated = `SELECT COUNT(*)::int AS n FROM assignments WHERE workflow_id = $1 AND escalation_level >= 1`;
    expect(await waitForCount(escalated, [first(0).workflowId], 1)).toBe(1);

    // A worker that dies half-way through the move: it moves the first assignment, then fails.
    await stack.close();
    stack = await startTestWorker(QUEUE, (app) => {
      const real = app.get(ReorganisationActivities);
      return {
        activities: {
          ...activitiesOf(app),
          moveAssignments: async (req: Parameters<ReorganisationActivities['moveAssignments']>[0]) => {
            await real.moveAssignments({ ...req, workflowIds: req.workflowIds.slice(0, 1) });
            throw ApplicationFailure.nonRetryable('the worker was lost half-way (injected fault)');
          },
        },
      };
    });
    const body = {
      type: 'merge',
      from: olds,
      into: [
        { code: successor, name: 'Xã Gián Đoạn Mới', kind: 'commune', focalEmail: `${successor}@thanhhoa.example` },
      ],
      effectiveDate: vietnamDateOf(new Date()),
    };
    const started = await http<{ operationId: string; progress: string }>(
      api.base,
      'POST',
      '/api/v1/agencies/reorganisations',
      { token, body },
    );
    expect(started.status).toBe(202);
    const failed = await waitForOperation(api.base, token, started.body.progress);
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('injected fault');
    // Half-way: the registry changed, the overdue assignment moved, five still at the old communes.
    expect(await waitForCount(cancelledAtOlds, [olds], 1)).toBe(1);
    expect(await count(openAtOlds, [olds])).toBe(5);

    // A healthy worker, and the same merge asked again: accepted (not 409), resumed, completed.
    await stack.close();
    stack = await startTestWorker(QUEUE);
    const retry = await http<{ operationId: string; progress: string }>(
      api.base,
      'POST',
      '/api/v1/agencies/reorganisations',
      { token, body },
    );
    expect(retry.status).toBe(202);
    expect(retry.body.operationId).toBe(started.body.operationId);
    const done = await waitForOperation(api.base, token, retry.body.progress);
    expect(done.status).toBe('completed');
    expect(done.result).toMatchObject({ retired: [...olds].sort(), successors: [successor], failed: 0 });

    const atSuccessor = `SELECT COUNT(*)::int AS n FROM assignments a JOIN agencies g ON g.id = a.agency_id
       WHERE g.code = $1 AND a.period_key = ANY($2)`;
    // Three periods, one assignment each at the successor (both old communes had each period).
    expect(await waitForCount(atSuccessor, [successor, periods], 3)).toBe(3);
    expect(await waitForCount(cancelledAtOlds, [olds], 6)).toBe(6);
    expect(await count(openAtOlds, [olds])).toBe(0);

    // Each passed on as it stood at the first commune (whose work moved first), deadline included;
    // the second commune's assignments, only assigned, add nothing but their place in the record.
    const atNew = async (p: number) =>
      stack.client.workflow
        .getHandle(assignmentWorkflowId('v8-commune-radio', successor, periods[p]))
        .query(stateQuery);
    const [p1, p2, p3] = [await atNew(0), await atNew(1), await atNew(2)];
    expect(p1).toMatchObject({ status: 'acknowledged', dueDate: overdue });
    expect(p2).toMatchObject({ status: 'submitted', dueDate: due });
    expect(p2.submissions!.map((s) => s.submissionId)).toEqual([`s-${run}-p2`]);
    expect(p3).toMatchObject({ status: 'returned' });
    expect(p3.submissions!.map((s) => s.submissionId)).toEqual([`s-${run}-p3`]);
    // One assignment email per successor assignment, never two.
    let mails: Array<{ subject: string }> = [];
    for (const deadline = Date.now() + CATCH_UP_MS; Date.now() < deadline && mails.length < 3;) {
      mails = (await mailboxMessages()).filter(
        (m) => m.subject.startsWith('Giao nhiệm vụ') && m.to.includes(`${successor}@thanhhoa.example`),
      );
      if (mails.length < 3) {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    expect(mails).toHaveLength(3);
    expect(
      await count(`SELECT COUNT(*)::int AS n FROM email_outbox WHERE kind = 'assigned' AND workflow_id LIKE $1`, [
        `%/${successor}/%`,
      ]),
    ).toBe(3);
    // The overdue one is marked overdue but starts its ladder from today: no overdue notice,
    // urging letter or report to the PPC office (its predecessor had been escalated).
    let late = await atNew(0);
    for (
      const deadline = Date.now() + CATCH_UP_MS;
      Date.now() < deadline &&
      !(late.timeline.some((t) => t.type === 'overdue') && late.timeline.some((t) => t.type === 'taken-over'));
    ) {
      await new Promise((r) => setTimeout(r, 250));
      late = await atNew(0);
    }
    expect(late).toMatchObject({ category: 'open-overdue', escalationLevel: 0, urgingLetters: [] });
    // The second commune's open work for the same period joined it (no mail, no escalation).
    expect(late.timeline.map((t) => t.type).sort()).toEqual(['assigned', 'overdue', 'taken-over']);
    expect([...late.takenOverFrom!].sort()).toEqual(
      olds.map((code) => assignmentWorkflowId('v8-commune-radio', code, periods[0])).sort(),
    );
    // Nothing else reached the successor (the real SMTP server) or waits in its outbox.
    const toSuccessor = (await mailboxMessages()).filter((m) =>
      [...m.to, ...m.cc, ...m.envelopeTo].includes(`${successor}@thanhhoa.example`),
    );
    expect(toSuccessor.filter((m) => !m.subject.startsWith('Giao nhiệm vụ')).map((m) => m.subject)).toEqual([]);
    expect(toSuccessor).toHaveLength(3);
    expect(
      await count(`SELECT COUNT(*)::int AS n FROM email_outbox WHERE kind <> 'assigned' AND workflow_id LIKE $1`, [
        `%/${successor}/%`,
      ]),
    ).toBe(0);
  }, 900_000);
});
