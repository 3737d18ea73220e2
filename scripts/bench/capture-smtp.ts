import { SMTPServer } from 'smtp-server';

/** One message accepted by the capture server: when, and for whom (envelope). */
export interface Accepted {
  at: number;
  to: string;
}

export interface CaptureSmtp {
  port: number;
  accepted: Accepted[];
  /** Messages accepted at or after `since` (ms since epoch) whose first recipient matches. */
  countSince(since: number, match?: (to: string) => boolean): number;
  stop(): Promise<void>;
}

/**
 * A lean SMTP peer for the benchmark: accepts every message and records only
 * the time of acceptance and the recipient, so the measuring process spends
 * no CPU parsing mail while the product competes for the same two cores.
 */
export async function startCaptureSmtp(port: number): Promise<CaptureSmtp> {
  const accepted: Accepted[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        accepted.push({ at: Date.now(), to: session.envelope.rcptTo[0]?.address ?? '' });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port,
    accepted,
    countSince: (since, match) => accepted.filter((a) => a.at >= since && (!match || match(a.to))).length,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
