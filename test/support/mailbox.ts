import type { CapturedMail } from '../../libs/mail/src/dev-mailbox';

/**
 * Reads the capture mailbox started by the global setup, over its HTTP API, as a person's browser would.
 * The read is idempotent, so a connection the server dropped (ECONNRESET on a kept-alive socket it
 * closed while a loaded machine was slow to reuse it) is simply read again, up to 5 times.
 */
export async function mailboxMessages(): Promise<CapturedMail[]> {
  let res: Response | undefined;
  for (let attempt = 1; !res; attempt++) {
    try {
      res = await fetch(`${process.env.MAILBOX_URL}/api/messages`);
    } catch (error) {
      if (attempt >= 5) {
        throw error;
      }
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
  if (!res.ok) {
    throw new Error(`mailbox answered ${res.status}`);
  }
  return (await res.json()) as CapturedMail[];
}

export async function waitForMail(
  predicate: (m: CapturedMail) => boolean,
  { count = 1, timeoutMs = 30_000 }: { count?: number; timeoutMs?: number } = {},
): Promise<CapturedMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mailboxMessages()).filter(predicate);
    if (found.length >= count) {
      return found;
    }
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} matching mail(s) within ${timeoutMs} ms, found ${found.length}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
