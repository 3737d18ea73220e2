import nodemailer, { type Transporter } from 'nodemailer';

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

/** A delivery failure, classified for the retry policy. */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly smtpCode: number | null,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
}

/** The one way mail leaves dondoc: SMTP through nodemailer. */
export class MailSender {
  private readonly transport: Transporter;

  constructor(settings: SmtpSettings) {
    this.transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.user ? { user: settings.user, pass: settings.password } : undefined,
      // A local capture server speaks plain SMTP; production relays negotiate TLS.
      ignoreTLS: !settings.secure && settings.host === '127.0.0.1',
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.sendMail({
        from: mail.from,
        to: mail.to,
        cc: mail.cc.length ? mail.cc : undefined,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        textEncoding: 'base64',
        attachments: mail.attachments,
      });
    } catch (err) {
      const e = err as { message?: string; responseCode?: number };
      const code = typeof e.responseCode === 'number' ? e.responseCode : null;
      // 5xx is a permanent refusal; 4xx and connection problems are worth retrying.
      throw new MailDeliveryError(e.message ?? String(err), code !== null && code >= 500, code);
    }
  }

  close(): void {
    this.transport.close();
  }
}
