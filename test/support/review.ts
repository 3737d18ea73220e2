import type { DataSource } from 'typeorm';
import { vietnamInstant } from '../../libs/domain/src/local-date';
import { AgencyRepository } from '../../libs/persistence/src/repositories';
import { createAgencyLinkToken } from '../../libs/security/src/agency-link';
import { startAssignment } from '../../libs/temporal/src/workflow-starters';
import { assignmentWorkflowId } from '../../workflows/assignment.messages';
import { http, type HttpResult } from './api';
import { eventually } from './eventually';
import type { TestWorker } from './stack';

/** The plan and the duty of the review tests: a commune's radio rebroadcasts, target 3 (NQ 06, Thanh Hóa). */
export const REVIEW_PLAN = 'plan-nq06-thanh-hoa';
export const REVIEW_DUTY = 'v8-commune-radio';
/** The API's agency-link secret in the test stack (test/global-setup.ts). */
export const TEST_LINK_SECRET = 'dev-only-link-secret-change-me';

/** A period key with its first and last day (UTC+7 dates), or a key alone (no dates). */
export type ReviewPeriod = string | { key: string; start: string; end: string };

/**
 * Starts the assignment workflow of REVIEW_DUTY for `agencyCode` in `period` on the worker's task
 * queue, due on `dueDate` (UTC+7 date), reminders at 08:00.
 */
export async function startReviewAssignment(
  stack: TestWorker,
  agencyCode: string,
  period: ReviewPeriod,
  dueDate: string,
): Promise<void> {
  const { key, start, end } = typeof period === 'string' ? { key: period, start: null, end: null } : period;
  await startAssignment(
    stack.client,
    {
      planCode: REVIEW_PLAN,
      dutyCode: REVIEW_DUTY,
      agencyCode,
      periodKey: key,
      periodStart: start,
      periodEnd: end,
      dueDate,
      reminderLocalTime: '08:00',
    },
    { taskQueue: stack.taskQueue },
  );
}

/** The one row of `agency` in period `periodKey` that `GET /api/v1/assignments` lists, once the read model has it. */
export async function assignmentRow(
  base: string,
  token: string,
  periodKey: string,
  agency: string,
): Promise<{ id: string }> {
  const listed = await eventually(
    () =>
      http<{ items: Array<{ id: string }> }>(base, 'GET', `/api/v1/assignments?period=${periodKey}&agency=${agency}`, {
        token,
      }),
    (r) => expect(r.body.items).toHaveLength(1),
  );
  return listed.body.items[0];
}

/** An agency link of `agency` (generation 1) valid for an hour, as its emails carry it. */
export function agencyLink(agency: string): string {
  return createAgencyLinkToken({ agency, exp: Math.floor(Date.now() / 1000) + 3600, gen: 1 }, TEST_LINK_SECRET);
}

/**
 * Agencies of the test's own (communes, focal address `<code>@thanhhoa.example`), each with an
 * assignment in `periodKey` due `dueDate` and a report submitted through its emailed link
 * (submission `<code>-1`, 1 programme, `rebroadcasts` rebroadcasts); asserts each submission is
 * answered 200 'submitted'. Returns the assignment ids in the order of `agencies`.
 */
export async function reportsAwaitingReview(
  stack: TestWorker,
  base: string,
  token: string,
  {
    agencies,
    periodKey,
    dueDate,
    rebroadcasts,
  }: { agencies: Array<{ code: string; name: string }>; periodKey: string; dueDate: string; rebroadcasts: number },
): Promise<string[]> {
  const repository = new AgencyRepository(stack.dataSource);
  for (const a of agencies) {
    await repository.create({ ...a, kind: 'commune', focalEmail: `${a.code}@thanhhoa.example` });
    await startReviewAssignment(stack, a.code, periodKey, dueDate);
  }
  const ids: string[] = [];
  for (const a of agencies) {
    const { id } = await assignmentRow(base, token, periodKey, a.code);
    const sent: HttpResult = await http(base, 'POST', `/api/v1/assignments/${id}/submit`, {
      link: agencyLink(a.code),
      body: { submissionId: `${a.code}-1`, values: { programmes: 1, rebroadcasts } },
    });
    expect(sent).toMatchObject({ status: 200, body: { status: 'submitted' } });
    ids.push(id);
  }
  return ids;
}

/**
 * Sets the time the report of `agencyCode` in `periodKey` arrived, in the read model, to 09:30 of
 * `arrivedOn` (UTC+7 date), as the workflow would have written it then: the real stack cannot wait days.
 */
export async function setReportArrival(
  dataSource: DataSource,
  agencyCode: string,
  periodKey: string,
  arrivedOn: string,
): Promise<void> {
  await dataSource.query('UPDATE assignments SET submitted_at = $1 WHERE workflow_id = $2', [
    vietnamInstant(arrivedOn, '09:30'),
    assignmentWorkflowId(REVIEW_DUTY, agencyCode, periodKey),
  ]);
}
