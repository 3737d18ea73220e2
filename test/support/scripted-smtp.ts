import { SMTPServer } from 'smtp-server';

/** What the scripted server does with one message, decided when its data has arrived. */
export type DataAction =
  | { kind: 'accept' }
  /** Keeps the message, then answers 250 after `ms` (a slow relay, or one slow to acknowledge). */
  | { kind: 'accept-late'; ms: number }
  /** Answers with an SMTP error after the data (4xx temporary, 5xx permanent: a refusal of the content). */
  | { kind: 'refuse'; code: number; message: string }
  /** Keeps the message and never answers (a relay that stalls after accepting). */
  | { kind: 'stall' };

export interface ScriptedSmtpOptions {
  port?: number;
  /** Recipient refusals at RCPT TO, by address pattern. */
  refuseRecipients?: Array<{ pattern: RegExp; code: number; message: string }>;
  /** The action for the n-th message (0-based) whose data arrives, kept or not; default accept. */
  onData?: (n: number, messageId: string | null) => DataAction;
}

export interface ReceivedMessage {
  messageId: string | null;
  envelopeTo: string[];
  /** Whether the server answered 250 (a stalled or late message may be kept without an answer). */
  acknowledged: boolean;
}

export interface ScriptedSmtp {
  port: number;
  /** Messages whose data the server kept (what a real relay would deliver), in arrival order. */
  received: ReceivedMessage[];
  /** How many messages with this Message-ID the server kept. */
  count(messageId: string): number;
  stop(): Promise<void>;
}

/**
 * An SMTP server for fault tests: refuses chosen recipients, refuses content
 * after DATA, accepts late (a slow relay), or stalls. Every message whose
 * data arrived is kept and counted by Message-ID, as a relay would deliver it.
 */
export async function startScriptedSmtp(opts: ScriptedSmtpOptions = {}): Promise<ScriptedSmtp> {
  const received: ReceivedMessage[] = [];
  const stalled: Array<() => void> = [];
  let messages = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    socketTimeout: 120_000,
    onRcptTo(address, _session, callback) {
      const rule = opts.refuseRecipients?.find((r) => r.pattern.test(address.address));
      if (rule) {
        const err = Object.assign(new Error(rule.message), { responseCode: rule.code });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? null;
        const action = opts.onData?.(messages++, messageId) ?? { kind: 'accept' };
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        switch (action.kind) {
          case 'accept':
            received.push({ messageId, envelopeTo, acknowledged: true });
            callback();
            break;
          case 'accept-late': {
            const msg = { messageId, envelopeTo, acknowledged: false };
            received.push(msg);
            setTimeout(() => {
              msg.acknowledged = true;
              callback();
            }, action.ms);
            break;
          }
          case 'refuse':
            callback(Object.assign(new Error(action.message), { responseCode: action.code }));
            break;
          case 'stall':
            received.push({ messageId, envelopeTo, acknowledged: false });
            stalled.push(() => callback(new Error('closing')));
            break;
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    received,
    count: (messageId) => received.filter((m) => m.messageId === messageId).length,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const release of stalled) {
          release();
        }
        server.close(() => resolve());
      }),
  };
}
