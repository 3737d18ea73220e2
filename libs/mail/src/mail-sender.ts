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
  /**
   * SMTP sessions kept open between messages (SMTP_POOL_SIZE, default 0 here: one session per
   * message). A kept session skips the connection, greeting, EHLO, TLS and login of the next message.
   */
  poolSize?: number;
}

/** Messages one kept session carries before it is closed and a fresh one opened (as nodemailer's pool). */
const MAX_MESSAGES_PER_SESSION = 100;
/** A kept session unused this long is closed (relays drop idle sessions after a minute or more). */
const IDLE_MS = 20_000;

/** An open SMTP session and how many messages it has carried. */
interface Session {
  connection: SMTPConnection;
  messages: number;
  closed: boolean;
  idleTimer?: NodeJS.Timeout;
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
 * The one way mail leaves dondoc: nodemailer's SMTP connection and MIME composer, driven
 * message by message, so the sender knows whether a failure happened before or after the body
 * reached the relay (`SendHooks.beforeData`). Up to `poolSize` sessions stay open between
 * messages (each for at most 100 messages, closed after 20 s unused); a session that failed is
 * never reused. A kept session the relay closed meanwhile fails before a byte of the message
 * was sent, so the message goes once more over a fresh session within the same call.
 */
export class MailSender {
  private readonly idle: Session[] = [];
  private closing = false;

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
    for (;;) {
      const kept = this.takeIdle();
      const attempt = await this.sendOn(kept ?? (await this.openSession()), raw, mail, hooks);
      if (attempt.ok) {
        return attempt.receipt;
      }
      // A kept session that failed before the body started (the relay closed it while idle):
      // nothing of this message left, so it goes over a fresh session; any other failure is the caller's.
      if (!(kept && !attempt.dataStarted && !attempt.hookFailed && attempt.smtpCode === null)) {
        throw attempt.error;
      }
    }
  }

  close(): void {
    this.closing = true;
    for (const session of this.idle.splice(0)) {
      this.end(session, true);
    }
  }

  private takeIdle(): Session | undefined {
    for (;;) {
      const session = this.idle.pop();
      if (!session || !session.closed) {
        if (session?.idleTimer) {
          clearTimeout(session.idleTimer);
        }
        return session;
      }
    }
  }

  private async openSession(): Promise<Session> {
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
    const session: Session = { connection, messages: 0, closed: false };
    try {
      await new Promise<void>((resolve, reject) => {
        connection.once('error', reject);
        connection.connect(() => {
          connection.removeListener('error', reject);
          resolve();
        });
      });
      // Reported through the send callback while sending; while idle, the session is only dropped.
      connection.on('error', () => {
        session.closed = true;
      });
      connection.once('end', () => {
        session.closed = true;
      });
      if (this.settings.user) {
        await new Promise<void>((resolve, reject) =>
          connection.login({ user: this.settings.user!, pass: this.settings.password ?? '' }, (err) =>
            err ? reject(err) : resolve(),
          ),
        );
      }
      return session;
    } catch (err) {
      this.end(session, false);
      // Nothing of any message was sent: 5xx (a refused login) is permanent, the rest worth retrying.
      const code = codeOf(err);
      throw new MailDeliveryError(
        (err as { message?: string }).message ?? String(err),
        code !== null && code >= 500,
        code,
      );
    }
  }

  private async sendOn(
    session: Session,
    raw: Buffer,
    mail: OutgoingMail,
    hooks: SendHooks,
  ): Promise<
    | { ok: true; receipt: SendReceipt }
    | { ok: false; error: Error; dataStarted: boolean; hookFailed: boolean; smtpCode: number | null }
  > {
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
      const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
        session.connection.send(
          { from: addressOf(mail.from), to: [...mail.to, ...mail.cc].map(addressOf) },
          body,
          (err, sent) => (err ? reject(err) : resolve(sent)),
        ),
      );
      session.messages += 1;
      this.release(session);
      const refused = refusedOf(info);
      const refusedSet = new Set(refused.map((r) => r.address));
      return {
        ok: true,
        receipt: { accepted: [...mail.to, ...mail.cc].filter((a) => !refusedSet.has(addressOf(a))), refused },
      };
    } catch (err) {
      // After any failure the session's state is unknown: it is never used again.
      this.end(session, false);
      if (hook.error) {
        return { ok: false, error: hook.error, dataStarted, hookFailed: true, smtpCode: null };
      }
      if (err instanceof MailDeliveryError) {
        return { ok: false, error: err, dataStarted, hookFailed: false, smtpCode: err.smtpCode };
      }
      const e = err as { message?: string; rejected?: unknown[]; rejectedErrors?: unknown[] };
      const code = codeOf(err);
      // 5xx is a permanent refusal; 4xx and connection problems are worth retrying.
      return {
        ok: false,
        error: new MailDeliveryError(
          e.message ?? String(err),
          code !== null && code >= 500,
          code,
          dataStarted,
          refusedOf(e),
        ),
        dataStarted,
        hookFailed: false,
        smtpCode: code,
      };
    }
  }

  /** Keeps a session that just delivered, if the pool has room; closes it otherwise. */
  private release(session: Session): void {
    const poolSize = this.settings.poolSize ?? 0;
    if (
      this.closing ||
      session.closed ||
      session.messages >= MAX_MESSAGES_PER_SESSION ||
      this.idle.length >= poolSize
    ) {
      this.end(session, true);
      return;
    }
    session.idleTimer = setTimeout(() => {
      const i = this.idle.indexOf(session);
      if (i >= 0) {
        this.idle.splice(i, 1);
      }
      this.end(session, true);
    }, IDLE_MS);
    session.idleTimer.unref();
    this.idle.push(session);
  }

  /** Ends a session: politely (QUIT) after a delivery, at once after a failure. */
  private end(session: Session, polite: boolean): void {
    if (session.idleTimer) {
      clearTimeout(session.idleTimer);
    }
    session.closed = true;
    if (polite) {
      session.connection.quit();
    } else {
      session.connection.close();
    }
  }
}

/** The bare address of "Name <a@b>" or "a@b". */
function addressOf(value: string): string {
  const m = /<([^>]+)>\s*$/.exec(value);
  return (m ? m[1] : value).trim();
}
