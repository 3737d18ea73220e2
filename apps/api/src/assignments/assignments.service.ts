import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { z } from 'zod';
import {
  AssignmentRepository,
  AttachmentRepository,
  CalendarRepository,
  CatalogRepository,
  ReportRequestRepository,
  KEYSET_SORTS,
  type AssignmentListRow,
  type AssignmentSort,
} from '../../../../libs/persistence/src/repositories';
import {
  acknowledgeSignal,
  decideExtensionUpdate,
  escalateNowSignal,
  prodSignal,
  requestExtensionUpdate,
  reviewUpdate,
  stateQuery,
  submitUpdate,
  waiveSignal,
  type AssignmentState,
  type AssignmentSummary,
  type ExtensionRecord,
  type UrgingLetter,
  type EvidenceFieldSpec,
  type SubmitResult,
} from '../../../../workflows/assignment.messages';
import { bulkProdWorkflowId } from '../../../../workflows/bulk-signal.messages';
import { APP_CONFIG } from '../../../../libs/config/src/config.module';
import type { AppConfig } from '../../../../libs/config/src/config';
import { formatVietnameseDate, vietnamDateOf } from '../../../../libs/domain/src/local-date';
import { assignmentBinding } from '../../../../libs/domain/src/agency';
import { startBulkSignal } from '../../../../libs/temporal/src/workflow-starters';
import type { AssignmentDetail } from '../common/responses';
import {
  AGENCY_TURN_STATUSES,
  ASSIGNMENT_STATUS_LABELS,
  escalationRefusal,
  isAgencyTurn,
  isClosedStatus,
  type EscalationRefusal,
} from '../../../../libs/domain/src/status';
import type { Bilingual } from '../common/api-error';
import { ApiError } from '../common/api-error';
import { WorkflowDeadlines, WorkflowTimeoutError } from '../common/workflow-deadlines';
import type { AssignmentListQuery, ReviewQueueQuery } from '../common/schemas';
import { reviewFlaggedBefore, reviewWait } from '../../../../libs/domain/src/review';
import { actorOf, agencyScope, type Principal } from '../auth/principal';
import { decodeListCursor, encodeListCursor } from './list-cursor';

/** The list's filter: the query without its paging and order. */
type AssignmentListFilter = Omit<AssignmentListQuery, 'page' | 'pageSize' | 'sort' | 'after' | 'count'>;

const PROD_WINDOW_MS = 10 * 60_000;

/** Reads come from the read model; every change goes to the assignment's workflow. */
/** One event of an assignment's timeline, as `GET /api/v1/assignments/{id}` documents it. */
type TimelineEvent = z.output<typeof AssignmentDetail>['timeline'][number];

@Injectable()
export class AssignmentsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AssignmentRepository) private readonly assignments: AssignmentRepository,
    @Inject(Client) private readonly temporal: Client,
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(ReportRequestRepository) private readonly requests: ReportRequestRepository,
    @Inject(AttachmentRepository) private readonly files: AttachmentRepository,
    @Inject(CalendarRepository) private readonly calendars: CalendarRepository,
    @Inject(WorkflowDeadlines) private readonly deadlines: WorkflowDeadlines,
  ) {}

  /**
   * A page of the assignment list: by `page` (offset) or after a cursor (`after`: keyset, the same
   * cost at any depth). `total` is counted only when asked (`count`), by default for `page` and not
   * for `after`; `nextCursor` leads to the following page (null on the last).
   * @throws ApiError 400 for a cursor that is not one of this list's, or with `sort=submittedAt`.
   */
  async list(
    principal: Principal,
    q: AssignmentListFilter,
    page: { page: number; pageSize: number; after?: string; count?: boolean },
    sort: string,
  ) {
    const scope = agencyScope(principal);
    const desc = sort.startsWith('-');
    const field = (desc ? sort.slice(1) : sort) as AssignmentSort;
    if (page.after && !KEYSET_SORTS.includes(field)) {
      throw ApiError.validation([{ field: 'after', message: `not available with sort=${sort}` }], {
        vi: 'Không thể phân trang bằng con trỏ (after) khi sắp xếp theo thời điểm nộp: hãy dùng page',
        en: 'Cursor pages (after) are not available when sorting by submission time: use page',
      });
    }
    if (page.after && page.page > 1) {
      throw ApiError.validation([{ field: 'page', message: 'cannot be combined with after' }], {
        vi: 'Không dùng đồng thời page và after',
        en: 'Use either page or after, not both',
      });
    }
    const after = page.after ? decodeListCursor(page.after, sort) : undefined;
    const count = page.count ?? !after;
    const result = await this.assignments.page(
      {
        periodKey: q.period,
        dutyCode: q.duty,
        agencyCode: scope ?? q.agency,
        agencyKind: q.agencyKind,
        category: q.category,
        status: q.status,
        q: q.q,
      },
      { offset: (page.page - 1) * page.pageSize, limit: page.pageSize, after, count },
      { field, desc },
    );
    return {
      page: page.page,
      pageSize: page.pageSize,
      ...(result.total === null ? {} : { total: result.total }),
      items: result.items,
      nextCursor: result.next && KEYSET_SORTS.includes(field) ? encodeListCursor(sort, result.next) : null,
    };
  }

  /**
   * The review queue ("Chờ duyệt"): reports awaiting the ICT department's review, oldest first,
   * each with the working days it has waited (working calendar with the year's official
   * adjustments) and `flagged` once that exceeds `flagAfterWorkingDays` (REVIEW_FLAG_WORKING_DAYS).
   */
  async reviewQueue(principal: Principal, q: ReviewQueueQuery) {
    const now = new Date();
    const today = vietnamDateOf(now);
    const flagAfterWorkingDays = this.config.review.flagAfterWorkingDays;
    const thisYear = Number(today.slice(0, 4));
    // The flagged filter runs in the database: `true` keeps the reports submitted before the instant
    // from which reports are flagged, `false` those submitted at or after it; absent, all.
    const flaggedFrom =
      q.flagged === undefined
        ? undefined
        : reviewFlaggedBefore(
            now,
            await this.calendars.workingCalendar([thisYear - 1, thisYear]),
            flagAfterWorkingDays,
          );
    const result = await this.assignments.list(
      {
        periodKey: q.period,
        agencyCode: agencyScope(principal) ?? q.agency,
        dutyCode: q.duty,
        status: 'submitted',
        q: q.q,
        submittedBefore: q.flagged === 'true' ? flaggedFrom : undefined,
        submittedSince: q.flagged === 'false' ? flaggedFrom : undefined,
      },
      { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
      { field: 'submittedAt', desc: false },
    );
    const years = new Set([thisYear]);
    for (const r of result.items) {
      if (r.submittedAt) {
        years.add(Number(vietnamDateOf(r.submittedAt).slice(0, 4)));
      }
    }
    const calendar = await this.calendars.workingCalendar([...years]);
    return {
      page: q.page,
      pageSize: q.pageSize,
      total: result.total,
      flagAfterWorkingDays,
      items: result.items.map((r) => {
        const wait = reviewWait(r.submittedAt ?? r.updatedAt, now, calendar, flagAfterWorkingDays);
        return { ...r, workingDaysWaiting: wait.workingDaysWaiting, flagged: wait.flagged };
      }),
    };
  }

  async detail(principal: Principal, id: string) {
    const row = await this.visibleById(principal, id);
    const audit = await this.assignments.auditTrail(row.workflowId);
    let live: AssignmentState | null = null;
    if (!isClosedStatus(row.status)) {
      // Within the read deadline; without an answer (closed meanwhile, busy worker) the read model answers.
      live = await this.deadlines.read(() => this.handle(row).query(stateQuery)).catch(() => null);
    }
    // Submissions are kept in the read model, so they stay readable once the workflow has closed
    // (accepted); a run older than the kept table still answers from its live state while open.
    const kept = await this.assignments.submissions(row.workflowId);
    const keptRecords = live
      ? { extensions: null, urgingLetters: null }
      : await this.assignments.extensionsAndLetters(row.workflowId);
    const submissions = live?.submissions && live.submissions.length > kept.length ? live.submissions : kept;
    const current = live ?? row;
    const refusal = await this.escalationRefusalOf(row, current);
    return {
      ...row,
      // The workflow is the source of truth; the read model follows it a moment later.
      ...(live
        ? {
            status: live.status,
            category: live.category,
            dueDate: live.dueDate,
            originalDueDate: live.originalDueDate,
            escalationLevel: live.escalationLevel,
            remindersSent: live.remindersSent,
            deadlineMovedFrom: live.deadlineMovedFrom ?? null,
          }
        : {}),
      evidence: await this.evidenceOf(row),
      /** Whether "escalate now" is offered; when not, why (Vietnamese first). */
      canEscalate: refusal === null,
      ...(refusal ? { escalationRefusal: refusalText(refusal, current) } : {}),
      /** Every submission, oldest first: values, links, attachments, note, time and who. */
      submissions,
      // Kept with the read model: still readable once the assignment is closed (null only for
      // a closed row last written before they were kept).
      extensions: live?.extensions ?? (keptRecords.extensions as ExtensionRecord[] | null),
      urgingLetters: live?.urgingLetters ?? (keptRecords.urgingLetters as UrgingLetter[] | null),
      // Stored JSON, written by each event type's writer in the shape the schema documents for that
      // type (checked against it by test/api.int-spec.ts).
      timeline: audit.map(
        (e) =>
          ({
            at: e.occurredAt.toISOString(),
            type: e.type,
            actor: e.actor,
            before: e.before,
            after: e.after,
          }) as TimelineEvent,
      ),
    };
  }

  /** What the agency reports: the ad-hoc request's fields, else the duty's evidence spec. */
  private async evidenceOf(row: AssignmentListRow): Promise<EvidenceFieldSpec[]> {
    const request = await this.requests.findByKey(row.periodKey);
    if (request) {
      return request.fields;
    }
    const found = await this.catalog.findDuty(row.duty.planCode, row.duty.code);
    return found?.duty.spec.evidence.fields ?? [];
  }

  async visibleById(principal: Principal, id: string): Promise<AssignmentListRow> {
    const entity = await this.assignments.findById(id);
    if (!entity) {
      throw ApiError.notFound('nhiệm vụ / assignment');
    }
    const row = (await this.assignments.list({ workflowIds: [entity.workflowId] }, { offset: 0, limit: 1 })).items[0];
    const scope = agencyScope(principal);
    if (!row || (scope && row.agency.code !== scope)) {
      throw ApiError.notFound('nhiệm vụ / assignment');
    }
    return row;
  }

  /**
   * 404 unless `principal` may read the file `attachment`: staff always; an agency when the
   * file was uploaded to one of its assignments, or when one of its assignments holds a report
   * citing it — a successor that took over a merged or split body's open work with its reports
   * (the reorganisation carries the submissions, and the files stay where they were uploaded).
   */
  async requireAttachmentVisible(principal: Principal, attachment: { id: string; assignmentId: string }) {
    const notFound = ApiError.notFound('tệp / file');
    const uploadedTo = await this.assignments.findById(attachment.assignmentId);
    if (!uploadedTo) {
      throw notFound;
    }
    const scope = agencyScope(principal);
    if (!scope) {
      return;
    }
    const owner = (await this.assignments.list({ workflowIds: [uploadedTo.workflowId] }, { offset: 0, limit: 1 }))
      .items[0];
    if (owner?.agency.code === scope) {
      return;
    }
    if (!(await this.assignments.agenciesCitingAttachment(attachment.id)).includes(scope)) {
      throw notFound;
    }
  }

  private handle(row: AssignmentListRow) {
    return this.temporal.workflow.getHandle(row.workflowId);
  }

  private requireOpen(row: AssignmentListRow, action: string): void {
    if (!isAgencyTurn(row.status)) {
      throw ApiError.conflict(`cannot ${action} an assignment that is ${row.status}`);
    }
  }

  /** Recent single prods per agency (instants, ms): a prod emails the agency, so they are rationed per agency. */
  private readonly recentProds = new Map<string, number[]>();

  /**
   * At most PROD_LIMIT_PER_AGENCY (5) prods per agency in PROD_WINDOW_MS (10
   * minutes), whoever sends them: a storm of clicks cannot flood one agency's
   * mailbox. 429 past the limit.
   */
  private rationProd(agencyCode: string): void {
    const now = Date.now();
    const limit = this.config.limits.prodsPerAgency;
    const recent = (this.recentProds.get(agencyCode) ?? []).filter((t) => t > now - PROD_WINDOW_MS);
    if (recent.length >= limit) {
      throw new ApiError(
        429,
        'TOO_MANY_REQUESTS',
        {
          vi: 'Cơ quan này vừa được nhắc nhiều lần, vui lòng thử lại sau ít phút',
          en: 'This agency was prodded several times just now; try again in a few minutes',
        },
        { reason: 'prod limit per agency', agencyCode, limit, windowMinutes: PROD_WINDOW_MS / 60_000 },
      );
    }
    recent.push(now);
    this.recentProds.set(agencyCode, recent);
  }

  async prod(principal: Principal, id: string, message?: string): Promise<{ accepted: true }> {
    const row = await this.visibleById(principal, id);
    this.requireOpen(row, 'prod');
    this.rationProd(row.agency.code);
    await this.deadlines.write(() => this.handle(row).signal(prodSignal, { actor: actorOf(principal), message }));
    return { accepted: true };
  }

  /** Bulk prod: without confirmCount it only counts and previews; with it, the count must still match. */
  async bulkProd(
    principal: Principal,
    filter: AssignmentListFilter,
    message: string | undefined,
    confirmCount?: number,
  ) {
    const open = filter.status ? [filter.status] : AGENCY_TURN_STATUSES;
    const targets: AssignmentListRow[] = [];
    for (const status of open.filter(isAgencyTurn)) {
      // By cursor and without counting: each chunk costs the same however many came before.
      let after: string | undefined;
      do {
        const chunk = await this.list(
          principal,
          { ...filter, status },
          { page: 1, pageSize: 200, after, count: false },
          'dueDate',
        );
        targets.push(...chunk.items);
        after = chunk.nextCursor ?? undefined;
      } while (after);
    }
    if (confirmCount === undefined) {
      return {
        confirmed: false as const,
        count: targets.length,
        preview: targets.slice(0, 20).map((t) => ({
          id: t.id,
          agency: t.agency.name,
          duty: t.duty.code,
          dueDate: t.dueDate,
          category: t.category,
        })),
      };
    }
    if (confirmCount !== targets.length) {
      throw ApiError.conflict(
        `the selection now has ${targets.length} assignments, not ${confirmCount}: preview again`,
      );
    }
    // One operation per selection, message and day: two officers confirming the same
    // bulk prod at once (or one clicking twice) prod each agency once.
    const ids = targets.map((t) => t.workflowId).sort();
    const key = createHash('sha256')
      .update(JSON.stringify({ ids, message: message ?? null, day: vietnamDateOf(new Date()) }))
      .digest('hex')
      .slice(0, 24);
    const { workflowId } = await this.deadlines.write(() =>
      startBulkSignal(
        this.temporal,
        { kind: 'prod', actor: actorOf(principal), message, targets: ids },
        { taskQueue: this.config.temporal.taskQueue, workflowId: bulkProdWorkflowId(key) },
      ),
    );
    return { confirmed: true as const, count: targets.length, workflowId };
  }

  /**
   * "Escalate now": 409 with the reason in words unless the assignment is the agency's turn,
   * past its deadline in force and below the top of its ladder (requested: level 1).
   * 503 WORKFLOW_TIMEOUT when the workflow does not answer within the read deadline (nothing sent).
   */
  async escalate(principal: Principal, id: string, reason?: string): Promise<{ accepted: true }> {
    const row = await this.visibleById(principal, id);
    // The live state decides; a workflow that does not answer within the read deadline gives
    // 503 WORKFLOW_TIMEOUT (nothing sent), any other failure (closed meanwhile) the read model.
    const live = isClosedStatus(row.status)
      ? null
      : await this.deadlines
          .read(() => this.handle(row).query(stateQuery))
          .catch((err: unknown) => {
            if (err instanceof WorkflowTimeoutError) {
              throw err;
            }
            return null;
          });
    const current = live ?? row;
    const refusal = await this.escalationRefusalOf(row, current);
    if (refusal) {
      throw new ApiError(409, 'CONFLICT', refusalText(refusal, current), {
        reason: refusal,
        status: current.status,
        dueDate: current.dueDate,
        escalationLevel: current.escalationLevel,
        ...(live?.returnWindowEnd ? { returnWindowEnd: live.returnWindowEnd } : {}),
      });
    }
    await this.deadlines.write(() => this.handle(row).signal(escalateNowSignal, { actor: actorOf(principal), reason }));
    return { accepted: true };
  }

  /**
   * Why "escalate now" is refused for this assignment in its current state, or null: the
   * lifecycle core's own guard when the workflow answered (`live`), else the same domain rule
   * on the read model (a closed assignment, or a run older than the guard).
   */
  private async escalationRefusalOf(
    row: AssignmentListRow,
    current: {
      status: AssignmentListRow['status'];
      dueDate: string;
      escalationLevel: number;
      escalationRefusal?: EscalationRefusal | null;
    },
  ): Promise<EscalationRefusal | null> {
    if (current.escalationRefusal !== undefined) {
      return current.escalationRefusal;
    }
    const request = await this.requests.findByKey(row.periodKey);
    const binding = assignmentBinding(row.duty.binding, row.agency.kind, !!request);
    const found = await this.catalog.findDuty(row.duty.planCode, row.duty.code);
    const levels = (found?.duty.spec.escalation.levels ?? []).map((l) => l.level);
    const topLevel = binding ? Math.max(0, ...levels) : Math.min(1, Math.max(0, ...levels));
    return escalationRefusal(current, vietnamDateOf(new Date()), topLevel);
  }

  async waive(principal: Principal, id: string, reason: string): Promise<{ accepted: true }> {
    const row = await this.visibleById(principal, id);
    if (isClosedStatus(row.status)) {
      throw ApiError.conflict(`the assignment is already ${row.status}`);
    }
    await this.deadlines.write(() => this.handle(row).signal(waiveSignal, { actor: actorOf(principal), reason }));
    return { accepted: true };
  }

  async acknowledge(principal: Principal, id: string): Promise<{ accepted: true }> {
    const row = await this.visibleById(principal, id);
    if (isClosedStatus(row.status)) {
      throw ApiError.conflict(`the assignment is already ${row.status}`);
    }
    await this.deadlines.write(() => this.handle(row).signal(acknowledgeSignal, { actor: actorOf(principal) }));
    return { accepted: true };
  }

  /**
   * Accepts or returns the report awaiting review (the workflow's update). 409 when none awaits
   * review, so a review repeated after 503 WORKFLOW_TIMEOUT (which may still have been applied)
   * is never applied twice; the same holds for repeated extension and submission ids.
   */
  async review(
    principal: Principal,
    id: string,
    decision: 'accept' | 'return',
    reason?: string,
  ): Promise<AssignmentSummary> {
    const row = await this.visibleById(principal, id);
    return this.deadlines.write(() =>
      this.handle(row).executeUpdate(reviewUpdate, { args: [{ actor: actorOf(principal), decision, reason }] }),
    );
  }

  async decideExtension(
    principal: Principal,
    id: string,
    body: { requestId: string; approve: boolean; newDueDate?: string; note?: string },
  ) {
    const row = await this.visibleById(principal, id);
    return this.deadlines.write(() =>
      this.handle(row).executeUpdate(decideExtensionUpdate, { args: [{ ...body, actor: actorOf(principal) }] }),
    );
  }

  async requestExtension(
    principal: Principal,
    id: string,
    body: { requestId: string; newDueDate: string; reason: string },
  ) {
    const row = await this.visibleById(principal, id);
    return this.deadlines.write(() =>
      this.handle(row).executeUpdate(requestExtensionUpdate, { args: [{ ...body, actor: actorOf(principal) }] }),
    );
  }

  async submit(
    principal: Principal,
    id: string,
    body: {
      submissionId: string;
      values: Record<string, string | number>;
      links?: string[];
      attachments?: Array<{ id: string; name: string; sizeBytes?: number }>;
      note?: string;
    },
  ): Promise<SubmitResult> {
    const row = await this.visibleById(principal, id);
    const attachments = body.attachments
      ? await this.ownAttachments(row, body.attachments, actorOf(principal))
      : undefined;
    return this.deadlines.write(() =>
      this.handle(row).executeUpdate(submitUpdate, {
        args: [{ ...body, ...(attachments ? { attachments } : {}), actor: actorOf(principal) }],
      }),
    );
  }

  /**
   * A report may cite only files uploaded to this assignment (by its agency), or
   * carried to it in a report it took over from a merged or split body: any other id
   * is refused with 400, so one agency can never present another's file as its
   * evidence. The stored name and size replace what the client says.
   */
  private async ownAttachments(
    row: AssignmentListRow,
    cited: Array<{ id: string; name: string; sizeBytes?: number }>,
    actor: string,
  ): Promise<Array<{ id: string; name: string; sizeBytes: number }>> {
    const assignmentId = row.id;
    const own: Array<{ id: string; name: string; sizeBytes: number }> = [];
    const refused: Array<{ field: string; message: string }> = [];
    for (const [i, a] of cited.entries()) {
      const meta = await this.files.findMeta(a.id);
      const mine =
        meta !== null &&
        (meta.assignmentId === assignmentId || (await this.assignments.citesAttachment(row.workflowId, meta.id)));
      if (!meta || !mine) {
        refused.push({ field: `attachments.${i}.id`, message: 'not a file uploaded to this assignment' });
        await this.assignments.appendAudit({
          eventKey: `attachment-refused:${randomUUID()}`,
          workflowId: row.workflowId,
          entityType: 'assignment',
          entityId: row.workflowId,
          type: 'attachment-refused',
          actor,
          occurredAt: new Date(),
          before: null,
          after: { attachmentId: a.id, exists: !!meta, reason: 'not a file uploaded to this assignment' },
        });
      } else {
        own.push({ id: meta.id, name: meta.name, sizeBytes: meta.sizeBytes });
      }
    }
    if (refused.length) {
      throw ApiError.validation(refused, {
        vi: 'Tệp đính kèm không thuộc nhiệm vụ này',
        en: 'An attached file does not belong to this assignment',
      });
    }
    return own;
  }
}

/** The refusal of "escalate now" in words, Vietnamese first. */
function refusalText(
  refusal: EscalationRefusal,
  a: { status: AssignmentListRow['status']; dueDate: string; returnWindowEnd?: string | null },
): Bilingual {
  const due = formatVietnameseDate(a.dueDate);
  switch (refusal) {
    case 'not-agency-turn': {
      const label = ASSIGNMENT_STATUS_LABELS[a.status];
      return {
        vi: `Không thể báo cáo cấp trên: nhiệm vụ đang ở trạng thái “${label.vi}”, không chờ cơ quan thực hiện`,
        en: `Cannot escalate: the assignment is “${label.en}”, not waiting for the agency`,
      };
    }
    case 'not-overdue':
      return {
        vi: `Nhiệm vụ chưa quá hạn (hạn ${due}): hãy đôn đốc cơ quan thay vì báo cáo cấp trên`,
        en: `The assignment is not overdue (due ${due}): prod the agency instead of escalating`,
      };
    case 'return-window': {
      const end = a.returnWindowEnd ? formatVietnameseDate(a.returnWindowEnd) : due;
      return {
        vi: `Báo cáo bị trả lại sau hạn nên cơ quan có thời hạn mới đến hết ngày ${end}: chưa quá hạn, hãy đôn đốc cơ quan thay vì báo cáo cấp trên`,
        en: `The report was returned after the deadline, so the agency has a new window until ${end} inclusive: not overdue, prod the agency instead of escalating`,
      };
    }
    case 'top-level':
      return {
        vi: 'Nhiệm vụ đã được báo cáo đến cấp cao nhất áp dụng (nhiệm vụ “Đề nghị” chỉ dừng ở thông báo quá hạn)',
        en: 'The assignment has reached the highest level that applies (a requested duty stops at the overdue notice)',
      };
  }
}
