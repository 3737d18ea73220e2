import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import { APP_CONFIG } from '../../../libs/config/src/config.module';
import type { AppConfig } from '../../../libs/config/src/config';
import type { DutySpec } from '../../../libs/catalog/src/catalog.schema';
import { MailDeliveryError, MailSender } from '../../../libs/mail/src/mail-sender';
import { renderMail, type AssignmentFacts, type MailMessage } from '../../../libs/mail/src/templates';
import {
  AgencyRepository,
  AssignmentRepository,
  CatalogRepository,
  OutboxRepository,
} from '../../../libs/persistence/src/repositories';
import type { AgencyEntity, DutyEntity } from '../../../libs/persistence/src/entities';
import { createAgencyLinkToken } from '../../../libs/security/src/agency-link';
import type {
  AssignmentContext,
  AssignmentInput,
  AssignmentState,
  TimelineEntry,
} from '../../../workflows/assignment.messages';

export interface RecordStateRequest {
  input: AssignmentInput;
  state: AssignmentState;
  event: TimelineEntry & { seq: number; before: Record<string, unknown> };
}

export interface SendEmailRequest {
  workflowId: string;
  kind: 'assigned' | 'reminder' | 'due-today';
  /** Distinguishes several mails of one kind (e.g. the reminder's working-day offset). */
  sequence: number;
  planCode: string;
  dutyCode: string;
  agencyCode: string;
  periodKey: string;
  dueDate: string;
  workingDaysLeft: number;
}

export type SendEmailResult = { outcome: 'sent' | 'already-sent'; messageId: string; to: string[] };

/** Activities of the assignment workflow: read model, audit trail and mail. All idempotent. */
@Injectable()
export class AssignmentActivities {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly agencies: AgencyRepository,
    private readonly catalog: CatalogRepository,
    private readonly assignments: AssignmentRepository,
    private readonly outbox: OutboxRepository,
    private readonly mail: MailSender,
  ) {}

  async loadAssignmentContext(input: AssignmentInput): Promise<AssignmentContext> {
    const { agency, duty } = await this.resolve(input.planCode, input.dutyCode, input.agencyCode);
    return {
      agencyName: agency.name,
      dutyTitleVi: duty.titleVi,
      binding: duty.binding,
      reminderOffsetsWorkingDays: duty.spec.reminders.offsetsWorkingDays,
      calendar: { extraDaysOff: [], extraWorkingDays: [] },
    };
  }

  async recordAssignmentState(req: RecordStateRequest): Promise<void> {
    const { input, state, event } = req;
    const { agency, duty } = await this.resolve(input.planCode, input.dutyCode, input.agencyCode);
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
        stateVersion: state.version,
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
        after: { status: state.status, category: state.category, dueDate: state.dueDate, note: event.note ?? null },
      },
    );
  }

  async sendAssignmentEmail(req: SendEmailRequest): Promise<SendEmailResult> {
    const { agency, duty } = await this.resolve(req.planCode, req.dutyCode, req.agencyCode);
    const to = [agency.focalEmail ?? agency.headEmail].filter((e): e is string => !!e);
    const idempotencyKey = `${req.workflowId}:${req.kind}:${req.sequence}`;
    const messageId = `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@dondoc.thanhhoa.example>`;
    if (to.length === 0) {
      await this.assignments.appendAudit(this.mailAudit(req, idempotencyKey, 'email-no-contact', { kind: req.kind }));
      throw ApplicationFailure.create({
        type: 'PermanentMailFailure',
        nonRetryable: true,
        message: `agency ${agency.code} has no contact email`,
      });
    }
    const rendered = renderMail(this.message(req, this.facts(req, agency, duty)));
    const row = await this.outbox.claim({
      idempotencyKey,
      messageId,
      workflowId: req.workflowId,
      kind: req.kind,
      to,
      cc: [],
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
    });
    if (row.status === 'sent') {
      return { outcome: 'already-sent', messageId: row.messageId, to: row.to };
    }
    if (row.status === 'failed') {
      throw ApplicationFailure.create({
        type: 'PermanentMailFailure',
        nonRetryable: true,
        message: row.lastError ?? 'failed',
      });
    }
    await this.outbox.recordAttempt(row.id);
    try {
      await this.mail.send({
        from: this.config.smtp.from,
        to: row.to,
        cc: row.cc,
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        messageId: row.messageId,
      });
    } catch (err) {
      const e = err instanceof MailDeliveryError ? err : new MailDeliveryError(String(err), false, null);
      await this.outbox.markError(row.id, e.message, e.smtpCode, e.permanent);
      if (e.permanent) {
        for (const address of row.to) {
          await this.agencies.markUndeliverable(agency.code, address);
        }
        await this.assignments.appendAudit(
          this.mailAudit(req, idempotencyKey, 'email-undeliverable', {
            kind: req.kind,
            to: row.to,
            smtpCode: e.smtpCode,
            error: e.message,
          }),
        );
        throw ApplicationFailure.create({ type: 'PermanentMailFailure', nonRetryable: true, message: e.message });
      }
      throw ApplicationFailure.create({ type: 'TransientMailFailure', message: e.message });
    }
    await this.outbox.markSent(row.id);
    await this.assignments.appendAudit(
      this.mailAudit(req, idempotencyKey, 'email-sent', { kind: req.kind, to: row.to, messageId }),
    );
    return { outcome: 'sent', messageId: row.messageId, to: row.to };
  }

  private mailAudit(req: SendEmailRequest, key: string, type: string, after: Record<string, unknown>) {
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

  private message(req: SendEmailRequest, facts: AssignmentFacts): MailMessage {
    switch (req.kind) {
      case 'assigned':
        return { kind: 'assigned', facts };
      case 'reminder':
        return { kind: 'reminder', facts, workingDaysLeft: req.workingDaysLeft };
      case 'due-today':
        return { kind: 'due-today', facts };
    }
  }

  private facts(req: SendEmailRequest, agency: AgencyEntity, duty: DutyEntity): AssignmentFacts {
    const spec: DutySpec = duty.spec;
    const exp = Math.floor(Date.now() / 1000) + this.config.links.ttlDays * 86_400;
    const token = createAgencyLinkToken(
      { agency: agency.code, workflowId: req.workflowId, exp, gen: 1 },
      this.config.links.secret,
    );
    return {
      agencyName: agency.name,
      dutyTitle: spec.title,
      clause: spec.clause,
      periodKey: req.periodKey,
      dueDate: req.dueDate,
      binding: spec.binding,
      link: `${this.config.links.publicUrl}/r/${token}`,
      evidence: spec.evidence.fields.map((f) => ({
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
