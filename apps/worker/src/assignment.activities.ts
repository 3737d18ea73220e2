import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, log } from '@temporalio/activity';
import { APP_CONFIG } from '../../../libs/config/src/config.module';
import type { AppConfig } from '../../../libs/config/src/config';
import type { DutySpec } from '../../../libs/catalog/src/catalog.schema';
import { MailDeliveryError, type RefusedRecipient } from '../../../libs/mail/src/mail-sender';
import { OutboxFailure, OutboxMailer } from './outbox-mailer';
import { renderMail, type AssignmentFacts, type MailMessage } from '../../../libs/mail/src/templates';
import { PPC_OFFICE_CODE, assignmentBinding } from '../../../libs/domain/src/agency';
import { ictDepartmentText } from '../../../libs/domain/src/agency-lineage';
import { vietnamDateOf } from '../../../libs/domain/src/local-date';
import { classifyDbError, sqlStateOf, storableJson } from '../../../libs/persistence/src/db-errors';
import type { AuditEventInput } from '../../../libs/persistence/src/repositories/assignment.repository';
import {
  AgencyRepository,
  AssignmentRepository,
  CatalogRepository,
  ReportRequestRepository,
  CalendarRepository,
  UserRepository,
} from '../../../libs/persistence/src/repositories';
import type { AgencyEntity, DutyEntity, ReportRequestEntity } from '../../../libs/persistence/src/entities';
import { createAgencyLinkToken } from '../../../libs/security/src/agency-link';
import type { AssignmentContext, AssignmentInput } from '../../../workflows/assignment.messages';
import type {
  AssignmentActivities as AssignmentActivitiesContract,
  RecordStateRequest,
  SendEmailRequest,
  SendEmailResult,
  UrgingLetterRequest,
} from '../../../workflows/assignment.contracts';
import type { MailBody } from '../../../workflows/mail.contracts';

/** Activities of the assignment workflow: read model, audit trail, letters and mail. All idempotent. */
@Injectable()
export class AssignmentActivities implements AssignmentActivitiesContract {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly agencies: AgencyRepository,
    private readonly catalog: CatalogRepository,
    private readonly assignments: AssignmentRepository,
    private readonly mailer: OutboxMailer,
    private readonly requests: ReportRequestRepository,
    private readonly calendars: CalendarRepository,
    private readonly users: UserRepository,
  ) {}

  async loadAssignmentContext(input: AssignmentInput): Promise<AssignmentContext> {
    const { agency, duty } = await this.resolve(input.planCode, input.dutyCode, input.agencyCode);
    const request = input.requestKey ? await this.requestOf(input.requestKey) : null;
    return {
      agencyName: agency.name,
      dutyTitleVi: request?.title ?? duty.titleVi,
      binding: assignmentBinding(duty.binding, agency.kind, !!request),
      reminderOffsetsWorkingDays: duty.spec.reminders.offsetsWorkingDays,
      evidence: (request?.fields ?? duty.spec.evidence.fields).map((f) => ({
        key: f.key,
        label: f.label,
        type: f.type,
        required: f.required,
        ...(f.min !== undefined ? { min: f.min } : {}),
      })),
      escalation: duty.spec.escalation.levels.map((l) => ({
        level: l.level,
        afterWorkingDays: l.afterWorkingDays,
        target: l.target,
      })),
      calendar: await this.calendars.calendarData([Number(input.dueDate.slice(0, 4))]),
      ...(agency.prefersDigest ? { digest: true } : {}),
      returnWindowWorkingDays: this.config.escalation.returnWindowWorkingDays,
    };
  }

  /**
   * Writes the read-model row and the audit event of one transition. A write that
   * PostgreSQL rejects for its values (see `classifyDbError`, e.g. a NUL in a
   * note) cannot succeed on a retry, and retrying it forever would block every
   * effect queued behind it: it is written once more with the text made storable
   * and the rejection noted on the event; if even that is rejected, the row keeps
   * its previous version and a `record-rejected` event says why. Never throws for
   * a rejected value; an unavailable database is retried (the error propagates).
   */
  async recordAssignmentState(req: RecordStateRequest): Promise<void> {
    try {
      await this.writeTransition(req);
    } catch (err) {
      if (classifyDbError(err) !== 'rejected') {
        throw err;
      }
      const rejection = { sqlState: sqlStateOf(err), error: String((err as Error).message ?? err).slice(0, 500) };
      log.warn('read-model write rejected; writing a storable copy', {
        workflowId: req.state.workflowId,
        ...rejection,
      });
      const clean = storableJson(req);
      try {
        await this.writeTransition(clean, rejection);
      } catch (again) {
        if (classifyDbError(again) !== 'rejected') {
          throw again;
        }
        await this.assignments.appendAudit({
          eventKey: `${req.state.workflowId}#${req.event.seq}#record-rejected`,
          workflowId: req.state.workflowId,
          entityType: 'assignment',
          entityId: req.state.workflowId,
          type: 'record-rejected',
          actor: 'system',
          occurredAt: new Date(),
          before: null,
          after: { event: clean.event.type, version: req.state.version, ...rejection },
        });
      }
    }
  }

  private async writeTransition(req: RecordStateRequest, rejection?: Record<string, unknown>): Promise<void> {
    const { input, state, event } = req;
    const { agency, duty } = await this.resolve(input.planCode, input.dutyCode, input.agencyCode);
    const lastSubmission = state.submissions?.at(-1);
    await this.assignments.recordTransition(
      {
        workflowId: state.workflowId,
        dutyId: duty.id,
        agencyId: agency.id,
        periodKey: input.periodKey,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        status: state.status,
        category: state.category,
        dueDate: state.dueDate,
        originalDueDate: state.originalDueDate,
        escalationLevel: state.escalationLevel,
        remindersSent: state.remindersSent,
        submittedAt: lastSubmission ? new Date(lastSubmission.at) : null,
        completedAt: state.status === 'accepted' && lastSubmission ? new Date(lastSubmission.at) : null,
        hasShortfall: (lastSubmission?.shortfalls.length ?? 0) > 0,
        shortfalls: (lastSubmission?.shortfalls ?? []).map((f) => ({
          label: f.label.vi,
          target: f.target,
          actual: f.actual,
        })),
        stateVersion: state.version,
        binding: assignmentBinding(duty.binding, agency.kind, !!input.requestKey),
        // The snapshot carries the latest submission, or all of them when a successor took them over.
        submissions: state.submissions ?? [],
        // Kept with the state, so they stay readable once the assignment is closed.
        ...(state.extensions ? { extensions: state.extensions } : {}),
        ...(state.urgingLetters ? { urgingLetters: state.urgingLetters } : {}),
      },
      {
        eventKey: `${state.workflowId}#${event.seq}`,
        workflowId: state.workflowId,
        entityType: 'assignment',
        entityId: state.workflowId,
        type: event.type,
        actor: event.actor,
        occurredAt: new Date(event.at),
        before: event.before,
        after: {
          status: state.status,
          category: state.category,
          dueDate: state.dueDate,
          escalationLevel: state.escalationLevel,
          note: event.note ?? null,
          ...(rejection ? { storedAfterRejection: rejection } : {}),
        },
      },
    );
  }

  /** Number of the formal urging letter (công văn đôn đốc) of one escalation; the same request gets the same number. */
  async issueUrgingLetterNumber(req: UrgingLetterRequest): Promise<string> {
    // Numbering restarts with the Vietnamese calendar year.
    const year = Number(vietnamDateOf(new Date()).slice(0, 4));
    const seq = await this.assignments.issueLetterNumber(req.workflowId, req.level, year);
    return `${seq}/${this.config.letters.symbol}`;
  }

  async releaseUrgingLetterNumber(req: UrgingLetterRequest): Promise<void> {
    await this.assignments.releaseLetterNumber(req.workflowId, req.level);
  }

  async sendAssignmentEmail(req: SendEmailRequest): Promise<SendEmailResult> {
    if (req.mail.kind === 'report-arrived' && this.config.review.notice === 'digest') {
      // The officers hear of it in their daily digest instead (REVIEW_NOTICE=digest).
      await this.assignments.appendAudit(
        this.mailAudit(req, `${req.workflowId}:${req.key}`, 'email-deferred-to-digest', { kind: req.mail.kind }),
      );
      return { outcome: 'deferred', messageId: '', to: [], cc: [] };
    }
    const { agency, duty } = await this.resolve(req.planCode, req.dutyCode, req.agencyCode);
    const { to, cc } = await this.recipients(req.mail.kind, agency);
    const idempotencyKey = `${req.workflowId}:${req.key}`;
    if (to.length === 0) {
      await this.assignments.appendAudit(
        this.mailAudit(req, idempotencyKey, 'email-no-contact', { kind: req.mail.kind }),
      );
      throw ApplicationFailure.create({
        type: 'PermanentMailFailure',
        nonRetryable: true,
        message: `no contact email for ${req.mail.kind} of ${agency.code}`,
      });
    }
    const request = req.requestKey ? await this.requestOf(req.requestKey) : null;
    const ict = await this.agencies.ictDepartment(vietnamDateOf(new Date()));
    const facts = this.facts(req, agency, duty, request, ict);
    if (req.mail.kind === 'report-arrived') {
      // The officers open the assignment on the dashboard, not through the agency's link.
      const row = await this.assignments.findByWorkflowId(req.workflowId);
      facts.link = `${this.config.links.publicUrl}/${row ? `#/assignments/${row.id}` : '#/reviews'}`;
    }
    const message: MailMessage = { ...req.mail, facts };
    const rendered = renderMail(message);
    try {
      const delivery = await this.mailer.deliverOnce({
        key: idempotencyKey,
        workflowId: req.workflowId,
        kind: req.mail.kind,
        to,
        cc,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        fromName: ict.name,
      });
      if (delivery.outcome === 'sent') {
        await this.assignments.appendAudit(
          this.mailAudit(req, idempotencyKey, 'email-sent', {
            kind: req.mail.kind,
            to: delivery.to,
            cc: delivery.cc,
            messageId: delivery.messageId,
          }),
        );
        await this.flagRefused(req, idempotencyKey, agency, delivery.refused);
      }
      return { outcome: delivery.outcome, messageId: delivery.messageId, to: delivery.to, cc: delivery.cc };
    } catch (err) {
      const e = err instanceof MailDeliveryError ? err : new MailDeliveryError(String(err), false, null);
      if (!e.permanent) {
        throw ApplicationFailure.create({ type: 'TransientMailFailure', message: e.message });
      }
      // Only addresses the relay refused by name are flagged: a refusal of the
      // content (after DATA) or a lost answer says nothing about the address.
      await this.flagRefused(req, idempotencyKey, agency, e.refused);
      if (!(e instanceof OutboxFailure) || e.failedNow) {
        await this.assignments.appendAudit(
          this.mailAudit(req, idempotencyKey, 'email-failed', {
            kind: req.mail.kind,
            to,
            cc,
            smtpCode: e.smtpCode,
            error: e.message,
            refused: e.refused,
            ...(e instanceof OutboxFailure ? { outboxId: e.outboxId } : {}),
          }),
        );
      }
      throw ApplicationFailure.create({ type: 'PermanentMailFailure', nonRetryable: true, message: e.message });
    }
  }

  /** Flags each refused address on the agency, with the relay's reason, and audits it. */
  private async flagRefused(
    req: SendEmailRequest,
    idempotencyKey: string,
    agency: AgencyEntity,
    refused: RefusedRecipient[],
  ): Promise<void> {
    for (const r of refused) {
      await this.agencies.markUndeliverable(agency.code, r.address, { smtpCode: r.smtpCode, error: r.error });
      await this.assignments.appendAudit({
        ...this.mailAudit(req, `${idempotencyKey}:${r.address}`, 'email-undeliverable', {
          kind: req.mail.kind,
          address: r.address,
          smtpCode: r.smtpCode,
          error: r.error,
        }),
      });
    }
  }

  /**
   * Who receives what: the focal point handles the work; overdue notices go to
   * the head (cc focal point); escalations go to the ICT department and the
   * Office of the PPC, whichever agencies hold those roles today.
   */
  private async recipients(kind: MailBody['kind'], agency: AgencyEntity): Promise<{ to: string[]; cc: string[] }> {
    const focal = agency.focalEmail ?? agency.headEmail;
    const contacts = (a: AgencyEntity | null): string[] =>
      [a?.headEmail, a?.focalEmail].filter((e): e is string => !!e);
    switch (kind) {
      case 'overdue-notice':
        return {
          to: [agency.headEmail ?? focal].filter((e): e is string => !!e),
          cc: agency.headEmail && agency.focalEmail ? [agency.focalEmail] : [],
        };
      case 'escalation-ict':
        return {
          to: contacts(await this.agencies.ictDepartment(vietnamDateOf(new Date()))),
          cc: [],
        };
      case 'escalation-ppc':
        return {
          to: contacts(await this.agencies.findCurrent(PPC_OFFICE_CODE, vietnamDateOf(new Date()))),
          cc: contacts(await this.agencies.ictDepartment(vietnamDateOf(new Date()))),
        };
      case 'report-arrived':
        return { to: await this.reviewers(), cc: [] };
      case 'assigned':
      case 'reminder':
      case 'due-today':
      case 'prod':
      case 'returned':
      case 'accepted':
      case 'extension-decided':
      case 'deadline-moved':
        return { to: focal ? [focal] : [], cc: [] };
    }
  }

  /**
   * Who reviews reports: there is no officer per assignment, so the ICT department's officers
   * (active staff accounts with the role `officer`); when none exists, the department's own
   * addresses (its head and focal point of the day).
   */
  private async reviewers(): Promise<string[]> {
    const officers = (await this.users.list()).filter((u) => u.active && u.role === 'officer').map((u) => u.email);
    if (officers.length > 0) {
      return officers;
    }
    const ict = await this.agencies.ictDepartment(vietnamDateOf(new Date()));
    return [ict.headEmail, ict.focalEmail].filter((e): e is string => !!e);
  }

  private mailAudit(req: SendEmailRequest, key: string, type: string, after: Record<string, unknown>): AuditEventInput {
    return {
      eventKey: `${key}#${type}`,
      workflowId: req.workflowId,
      entityType: 'assignment',
      entityId: req.workflowId,
      type,
      actor: 'system',
      occurredAt: new Date(),
      before: null,
      after,
    };
  }

  private async requestOf(key: string): Promise<ReportRequestEntity> {
    const request = await this.requests.findByKey(key);
    if (!request) {
      throw ApplicationFailure.create({
        type: 'UnknownReportRequest',
        nonRetryable: true,
        message: `unknown report request ${key}`,
      });
    }
    return request;
  }

  private facts(
    req: SendEmailRequest,
    agency: AgencyEntity,
    duty: DutyEntity,
    request: ReportRequestEntity | null,
    ict: AgencyEntity,
  ): AssignmentFacts {
    const spec: DutySpec = duty.spec;
    const fields = request?.fields ?? spec.evidence.fields;
    const exp = Math.floor(Date.now() / 1000) + this.config.links.ttlDays * 86_400;
    const token = createAgencyLinkToken(
      { agency: agency.code, workflowId: req.workflowId, exp, gen: agency.linkGeneration },
      this.config.links.secret,
    );
    return {
      agencyName: agency.name,
      dutyTitle: request ? { vi: request.title, en: request.title } : spec.title,
      clause: spec.clause,
      periodKey: req.periodKey,
      dueDate: req.dueDate,
      binding: spec.binding,
      link: `${this.config.links.publicUrl}/r/${token}`,
      ictDepartment: ictDepartmentText(ict),
      evidence: fields.map((f) => ({
        vi: f.min !== undefined ? `${f.label.vi} (tối thiểu ${f.min})` : f.label.vi,
        en: f.min !== undefined ? `${f.label.en} (at least ${f.min})` : f.label.en,
      })),
    };
  }

  private async resolve(
    planCode: string,
    dutyCode: string,
    agencyCode: string,
  ): Promise<{ agency: AgencyEntity; duty: DutyEntity }> {
    const [agency, found] = await Promise.all([
      this.agencies.findByCode(agencyCode),
      this.catalog.findDuty(planCode, dutyCode),
    ]);
    if (!agency) {
      throw ApplicationFailure.create({
        type: 'UnknownAgency',
        nonRetryable: true,
        message: `unknown agency ${agencyCode}`,
      });
    }
    if (!found) {
      throw ApplicationFailure.create({
        type: 'UnknownDuty',
        nonRetryable: true,
        message: `unknown duty ${planCode}/${dutyCode}`,
      });
    }
    return { agency, duty: found.duty };
  }
}
