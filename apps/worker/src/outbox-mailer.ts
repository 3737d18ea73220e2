import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../../libs/config/src/config.module';
import type { AppConfig } from '../../../libs/config/src/config';
import {
  MailDeliveryError,
  MailSender,
  type OutgoingMail,
  type RefusedRecipient,
} from '../../../libs/mail/src/mail-sender';
import { OutboxRepository } from '../../../libs/persistence/src/repositories';
import type { EmailOutboxEntity } from '../../../libs/persistence/src/entities';

export interface OutboxMail {
  /** Unique per email; a retry with the same key sends nothing twice. */
  key: string;
  workflowId: string | null;
  kind: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  /** Display name of the sender (the ICT department on the sending date); the address comes from MAIL_FROM. */
  fromName?: string;
  /** Loaded only when the mail is actually sent. */
  attachments?: () => Promise<NonNullable<OutgoingMail['attachments']>>;
}

export interface Delivery {
  outcome: 'sent' | 'already-sent';
  messageId: string;
  to: string[];
  cc: string[];
  /** Recipients the relay refused while it accepted the others. */
  refused: RefusedRecipient[];
}

/** MAIL_FROM with its display name replaced: `"name" <address>`. */
export function senderWithName(from: string, name: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
  return `"${name.replace(/["\\]/g, '')}" <${address}>`;
}

/** Why an email is failed for good; `failedNow` is true only for the attempt that decided it. */
export class OutboxFailure extends MailDeliveryError {
  constructor(
    message: string,
    smtpCode: number | null,
    afterData: boolean,
    refused: RefusedRecipient[],
    readonly outboxId: string,
    readonly failedNow: boolean,
  ) {
    super(message, true, smtpCode, afterData, refused);
    this.name = 'OutboxFailure';
  }
}

/**
 * The one path of every email: an outbox row with a unique key and a
 * deterministic Message-ID, a lease, then one SMTP session.
 *
 * Exactly once: an attempt must hold the row's lease to send, so two
 * overlapping attempts (a retry started while a slow relay still answers the
 * first) never both send; a second attempt meanwhile fails with a temporary
 * error and finds the row sent on its next try. The moment the body starts to
 * reach the relay is written first: an attempt cut off after it (worker killed,
 * relay silent after the data) may have delivered the message, so it is never
 * resent blindly: the row is failed with that reason, shown on the dashboard,
 * and an officer decides to re-send. An attempt cut off before it is simply
 * retried once its lease expires.
 *
 * Failures: SMTP 5xx fails the row at once; 4xx and connection errors leave it
 * pending until the retry budget (`MAIL_RETRY_BUDGET_SECONDS` after the first
 * attempt, a day by default) runs out, then fail it.
 */
@Injectable()
export class OutboxMailer {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OutboxRepository) private readonly outbox: OutboxRepository,
    @Inject(MailSender) private readonly sender: MailSender,
  ) {}

  static messageIdOf(key: string): string {
    return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@dondoc.thanhhoa.example>`;
  }

  async deliverOnce(mail: OutboxMail): Promise<Delivery> {
    const row = await this.outbox.claim({
      idempotencyKey: mail.key,
      messageId: OutboxMailer.messageIdOf(mail.key),
      workflowId: mail.workflowId,
      kind: mail.kind,
      to: mail.to,
      cc: mail.cc,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
    });
    const from = mail.fromName ? senderWithName(this.config.smtp.from, `${mail.fromName} (dondoc)`) : undefined;
    return this.deliverRow(row, mail.attachments, from);
  }

  find(id: string): Promise<EmailOutboxEntity | null> {
    return this.outbox.findById(id);
  }

  /**
   * Sends a stored row (an officer's re-send); attachments are not stored, so rows that had some are
   * refused earlier. With `resumeResend: n` (any attempt of re-send number n), a row the API failed
   * again because starting that re-send passed its deadline, and that no attempt has taken since,
   * is made pending first (OutboxRepository.resumeResend): the re-send the officer asked for then goes out once.
   */
  async deliverStored(id: string, opts: { resumeResend?: number } = {}): Promise<Delivery> {
    if (opts.resumeResend !== undefined) {
      await this.outbox.resumeResend(id, opts.resumeResend);
    }
    const row = await this.outbox.findById(id);
    if (!row) {
      throw new OutboxFailure(`no email ${id}`, null, false, [], id, false);
    }
    return this.deliverRow(row);
  }

  private async deliverRow(
    stored: EmailOutboxEntity,
    attachments?: () => Promise<NonNullable<OutgoingMail['attachments']>>,
    from: string = this.config.smtp.from,
  ): Promise<Delivery> {
    const lease = await this.outbox.lease(stored.id, this.config.mail.leaseSeconds);
    const row = lease.row;
    const delivery = { messageId: row.messageId, to: row.to, cc: row.cc, refused: row.refused ?? [] };
    if (!lease.leased) {
      switch (row.status) {
        case 'sent':
          return { outcome: 'already-sent', ...delivery };
        case 'failed':
          throw new OutboxFailure(row.lastError ?? 'failed', row.smtpCode, false, row.refused ?? [], row.id, false);
        case 'sending':
          if (row.dataStartedAt && row.leaseUntil && row.leaseUntil.getTime() < Date.now()) {
            return this.fail(
              row,
              'the attempt was cut off after the message reached the mail server; it may have been delivered',
              null,
              true,
            );
          }
          throw new MailDeliveryError('another attempt is sending this email', false, null);
        case 'pending':
          throw new MailDeliveryError('the email is being taken by another attempt', false, null);
      }
    }
    const token = lease.token;
    try {
      const receipt = await this.sender.send(
        {
          from,
          to: row.to,
          cc: row.cc,
          subject: row.subject,
          text: row.textBody,
          html: row.htmlBody,
          messageId: row.messageId,
          attachments: attachments ? await attachments() : undefined,
        },
        {
          beforeData: async () => {
            if (!(await this.outbox.markDataStarted(row.id, token))) {
              throw new MailDeliveryError('the lease of this email was lost before sending', false, null);
            }
          },
        },
      );
      await this.outbox.markSent(row.id, receipt.refused);
      return { outcome: 'sent', ...delivery, refused: receipt.refused };
    } catch (err) {
      const e = err instanceof MailDeliveryError ? err : new MailDeliveryError(String(err), false, null);
      if (e.ambiguous) {
        return this.fail(
          row,
          `no answer after the message reached the mail server (${e.message}); it may have been delivered`,
          null,
          true,
        );
      }
      if (e.permanent) {
        return this.fail(row, e.message, e.smtpCode, e.afterData, e.refused);
      }
      if (this.budgetSpent(row)) {
        return this.fail(row, `retries exhausted: ${e.message}`, e.smtpCode, e.afterData);
      }
      await this.outbox.release(row.id, token, e.message, e.smtpCode);
      throw e;
    }
  }

  private budgetSpent(row: EmailOutboxEntity): boolean {
    const start = row.firstAttemptAt?.getTime() ?? Date.now();
    return Date.now() - start >= this.config.mail.retryBudgetSeconds * 1000;
  }

  private async fail(
    row: EmailOutboxEntity,
    error: string,
    smtpCode: number | null,
    afterData: boolean,
    refused: RefusedRecipient[] = [],
  ): Promise<never> {
    await this.outbox.markFailed(row.id, error, smtpCode, refused);
    throw new OutboxFailure(error, smtpCode, afterData, refused, row.id, true);
  }
}
