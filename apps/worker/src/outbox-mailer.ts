import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../../libs/config/src/config.module';
import type { AppConfig } from '../../../libs/config/src/config';
import { MailDeliveryError, MailSender, type OutgoingMail } from '../../../libs/mail/src/mail-sender';
import { OutboxRepository } from '../../../libs/persistence/src/repositories';

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
}

/** MAIL_FROM with its display name replaced: `"name" <address>`. */
export function senderWithName(from: string, name: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
  return `"${name.replace(/["\\]/g, '')}" <${address}>`;
}

/**
 * The one path of every email: an outbox row with a unique key and a
 * deterministic Message-ID, then SMTP. A failure is recorded on the row and
 * rethrown as a MailDeliveryError (permanent for SMTP 5xx).
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
    const delivery = { messageId: row.messageId, to: row.to, cc: row.cc };
    if (row.status === 'sent') {
      return { outcome: 'already-sent', ...delivery };
    }
    if (row.status === 'failed') {
      throw new MailDeliveryError(row.lastError ?? 'failed', true, row.smtpCode);
    }
    await this.outbox.recordAttempt(row.id);
    try {
      await this.sender.send({
        from: mail.fromName
          ? senderWithName(this.config.smtp.from, `${mail.fromName} (dondoc)`)
          : this.config.smtp.from,
        to: row.to,
        cc: row.cc,
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        messageId: row.messageId,
        attachments: mail.attachments ? await mail.attachments() : undefined,
      });
    } catch (err) {
      const e = err instanceof MailDeliveryError ? err : new MailDeliveryError(String(err), false, null);
      await this.outbox.markError(row.id, e.message, e.smtpCode, e.permanent);
      throw e;
    }
    await this.outbox.markSent(row.id);
    return { outcome: 'sent', ...delivery };
  }
}
