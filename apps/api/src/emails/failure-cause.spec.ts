import { failureCause } from './emails.controller';

/** The outbox mailer's failures (apps/worker/src/outbox-mailer.ts), each read as the cause the dashboard words. */
describe('failureCause', () => {
  const row = (lastError: string | null, smtpCode: number | null, refused: Array<{ address: string }> = []) => ({
    lastError,
    smtpCode,
    refused: refused.map((r) => ({ ...r, smtpCode: 550, error: '550 Mailbox unavailable' })),
  });

  it('names refused recipients first, whatever else the row says', () => {
    expect(failureCause(row('550 Mailbox unavailable', 550, [{ address: 'bounce.a@thanhhoa.example' }]))).toBe(
      'recipients-refused',
    );
  });

  it('an attempt cut off after the data may have been delivered', () => {
    expect(
      failureCause(
        row('the attempt was cut off after the message reached the mail server; it may have been delivered', null),
      ),
    ).toBe('maybe-delivered');
    expect(
      failureCause(
        row('no answer after the message reached the mail server (Timeout); it may have been delivered', null),
      ),
    ).toBe('maybe-delivered');
  });

  it('a relay that kept answering "try later" past the budget', () => {
    expect(failureCause(row('retries exhausted: 451 Try again later', 451))).toBe('retries-exhausted');
  });

  it('a permanent refusal of the message itself, and anything else', () => {
    expect(failureCause(row('554 Message refused', 554))).toBe('message-refused');
    expect(failureCause(row('the lease was lost', null))).toBe('other');
    expect(failureCause(row(null, null))).toBe('other');
  });
});
