import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

export interface OutgoingMail {
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  /** Deterministic, so a receiver can drop a duplicate of a retried send. */
  messageId: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
}

/** A recipient the relay refused at RCPT TO while it accepted others. */
export interface RefusedRecipient {
  address: string;
  smtpCode: number | null;
  error: string;
}

/** What the relay accepted: the message went to `accepted`; `refused` will never get it. */
export interface SendReceipt {
  accepted: string[];
  refused: RefusedRecipient[];
}

/**
 * A delivery failure, classified for the retry policy.
 * - `permanent`: an SMTP 5xx: retrying gives the same answer.
 * - `afterData`: the message body had been handed to the relay when it failed.
 *   With no reply code (a timeout or a dropped connection) the relay may have
 *   accepted it: sending again could deliver it twice (`ambiguous`).
 * - `refused`: recipients refused at RCPT TO (all of them, when this is thrown).
 */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly smtpCode: number | null,
    readonly afterData = false,
    readonly refused: RefusedRecipient[] = [],
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }

  /** The relay got the whole message and gave no verdict: it may have been delivered. */
  get ambiguous(): boolean {
    return this.afterData && this.smtpCode === null;
  }
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  /** Inactivity limit of the SMTP session, ms (30 s): a relay silent after the data ends the attempt. */
  socketTimeoutMs?: number;
}

export interface SendHooks {
  /**
   * Awaited once the relay has accepted the envelope and asked for the body
   * (354), before the first byte of the body is written: from here on a failure
   * without a reply code leaves the outcome unknown.
   */
  beforeData?: () => Promise<void>;
}

/** SMTP reply code of a nodemailer error, if the relay gave one. */
function codeOf(err: unknown): number | null {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' ? code : null;
}

function refusedOf(info: { rejected?: unknown[]; rejectedErrors?: unknown[] } | undefined): RefusedRecipient[] {
  const errors = (info?.rejectedErrors ?? []) as Array<{
    recipient?: string;
    responseCode?: number;
    response?: string;
  }>;
  return (info?.rejected ?? []).map((address) => {
    const e = errors.find((x) => x.recipient === address);
    return {
      address: String(address),
      smtpCode: typeof e?.responseCode === 'number' ? e.responseCode : null,
      error: e?.response ?? 'recipient refused',
    };
  });
}

/**
 * The one way mail leaves dondoc: one SMTP session per message (nodemailer's
 * SMTP connection and MIME composer), so the sender knows whether a failure
 * happened before or after the body reached the relay.
 */
export class MailSender {
  constructor(private readonly settings: SmtpSettings) {}

  async send(mail: OutgoingMail, hooks: SendHooks = {}): Promise<SendReceipt> {
    const raw = await new MailComposer({
      from: mail.from,
      to: mail.to,
      cc: mail.cc.length ? mail.cc : undefined,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      textEncoding: 'base64',
      attachments: mail.attachments,
    })
      .compile()
      .build();
    const connection = new SMTPConnection({
      host: this.settings.host,
      port: this.settings.port,
      secure: this.settings.secure,
      // A local capture server speaks plain SMTP; production relays negotiate TLS.
      ignoreTLS: !this.settings.secure && this.settings.host === '127.0.0.1',
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: this.settings.socketTimeoutMs ?? 30_000,
    });
    let dataStarted = false;
    const hook: { error?: Error } = {};
    const body = new Readable({
      read() {
        if (dataStarted) {
          return;
        }
        dataStarted = true;
        (hooks.beforeData ?? (() => Promise.resolve()))().then(
          () => {
            this.push(raw);
            this.push(null);
          },
          (err: unknown) => {
            hook.error = err instanceof Error ? err : new Error(String(err));
            this.destroy(hook.error);
          },
        );
      },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        connection.once('error', reject);
        connection.connect(() => {
          connection.removeListener('error', reject);
          resolve();
        });
      });
      connection.on('error', () => undefined); // reported through the send callback
      if (this.settings.user) {
        await new Promise<void>((resolve, reject) =>
          connection.login({ user: this.settings.user!, pass: this.settings.password ?? '' }, (err) =>
            err ? reject(err) : resolve(),
          ),
        );
      }
      const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
        connection.send(
          { from: addressOf(mail.from), to: [...mail.to, ...mail.cc].map(addressOf) },
          body,
          (err, sent) => (err ? reject(err) : resolve(sent)),
        ),
      );
      const refused = refusedOf(info);
      const refusedSet = new Set(refused.map((r) => r.address));
      return { accepted: [...mail.to, ...mail.cc].filter((a) => !refusedSet.has(addressOf(a))), refused };
    } catch (err) {
      if (hook.error) {
        throw hook.error;
      }
      if (err instanceof MailDeliveryError) {
        throw err;
      }
      const e = err as { message?: string; rejected?: unknown[]; rejectedErrors?: unknown[] };
      const code = codeOf(err);
      // 5xx is a permanent refusal; 4xx and connection problems are worth retrying.
      throw new MailDeliveryError(
        e.message ?? String(err),
        code !== null && code >= 500,
        code,
        dataStarted,
        refusedOf(e),
      );
    } finally {
      connection.close();
    }
  }

  close(): void {
    // One connection per message: nothing is pooled.
  }
}

/** The bare address of "Name <a@b>" or "a@b". */
function addressOf(value: string): string {
  const m = /<([^>]+)>\s*$/.exec(value);
  return (m ? m[1] : value).trim();
}
