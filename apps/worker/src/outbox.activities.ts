import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import { MailDeliveryError } from '../../../libs/mail/src/mail-sender';
import { AssignmentRepository } from '../../../libs/persistence/src/repositories';
import { OutboxFailure, OutboxMailer } from './outbox-mailer';

/** Activities on stored emails: an officer's re-send of a failed one. */
@Injectable()
export class OutboxActivities {
  constructor(
    @Inject(OutboxMailer) private readonly mailer: OutboxMailer,
    @Inject(AssignmentRepository) private readonly assignments: AssignmentRepository,
  ) {}

  /**
   * Sends a stored email again (the API reopened it; `resend` is its re-send number, which the API
   * passes since re-sends survive a start past its deadline). Delivered at most once per
   * re-send: the outbox lease and the sent state hold across retries and crashes.
   * Throws `PermanentMailFailure` (non-retryable) when it fails again for good.
   */
  async resendOutboxEmail(req: {
    outboxId: string;
    actor: string;
    resend?: number;
  }): Promise<{ outcome: 'sent' | 'already-sent' }> {
    try {
      // Every attempt may resume a row the API failed again after a start past its deadline; the
      // repository resumes only a row no attempt of this re-send has taken (never one an attempt
      // failed itself, e.g. "may have been delivered", which is not sent again blindly).
      const delivery = await this.mailer.deliverStored(
        req.outboxId,
        req.resend !== undefined ? { resumeResend: req.resend } : {},
      );
      if (delivery.outcome === 'sent') {
        await this.audit(req, 'email-sent', { messageId: delivery.messageId, to: delivery.to, cc: delivery.cc });
      }
      return { outcome: delivery.outcome };
    } catch (err) {
      const e = err instanceof MailDeliveryError ? err : new MailDeliveryError(String(err), false, null);
      if (!e.permanent) {
        throw ApplicationFailure.create({ type: 'TransientMailFailure', message: e.message });
      }
      if (!(e instanceof OutboxFailure) || e.failedNow) {
        await this.audit(req, 'email-failed', { smtpCode: e.smtpCode, error: e.message, refused: e.refused });
      }
      throw ApplicationFailure.create({ type: 'PermanentMailFailure', nonRetryable: true, message: e.message });
    }
  }

  private async audit(req: { outboxId: string; actor: string }, type: string, after: Record<string, unknown>) {
    const row = await this.mailer.find(req.outboxId);
    await this.assignments.appendAudit({
      eventKey: `email:${req.outboxId}:resend-${row?.resends ?? 0}#${type}`,
      workflowId: row?.workflowId ?? null,
      entityType: row?.workflowId ? 'assignment' : 'email',
      entityId: row?.workflowId ?? req.outboxId,
      type,
      actor: req.actor,
      occurredAt: new Date(),
      before: null,
      after: { outboxId: req.outboxId, kind: row?.kind, resend: row?.resends ?? 0, ...after },
    });
  }
}
