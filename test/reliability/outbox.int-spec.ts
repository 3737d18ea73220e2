import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OutboxFailure, OutboxMailer, type OutboxMail } from '../../apps/worker/src/outbox-mailer';
import { loadConfig } from '../../libs/config/src/config';
import { MailDeliveryError, MailSender } from '../../libs/mail/src/mail-sender';
import { createDataSource } from '../../libs/persistence/src/data-source';
import { OutboxRepository } from '../../libs/persistence/src/repositories';
import { startScriptedSmtp, type DataAction, type ScriptedSmtp } from '../support/scripted-smtp';

const LEASE_SECONDS = 5;
const BUDGET_SECONDS = 3;

/**
 * The outbox against a scripted SMTP server and the real PostgreSQL: each email
 * ends delivered exactly once (counted by Message-ID at the server) or failed
 * and listed, whatever the relay does: temporary refusals, a refused recipient,
 * a refused content, a relay that stalls after accepting, a slow relay with two
 * overlapping attempts, attempts cut off before and after the data.
 */
describe('outbox: exactly once against a scripted SMTP server (real PostgreSQL)', () => {
  let ds: DataSource;
  let outbox: OutboxRepository;
  const servers: ScriptedSmtp[] = [];

  function mailerFor(server: { port: number }, socketTimeoutMs = 30_000): OutboxMailer {
    const config = loadConfig({
      ...process.env,
      SMTP_PORT: String(server.port),
      MAIL_LEASE_SECONDS: String(LEASE_SECONDS),
      MAIL_RETRY_BUDGET_SECONDS: String(BUDGET_SECONDS),
    });
    return new OutboxMailer(config, outbox, new MailSender({ ...config.smtp, socketTimeoutMs }));
  }

  async function smtp(opts: Parameters<typeof startScriptedSmtp>[0] = {}): Promise<ScriptedSmtp> {
    const s = await startScriptedSmtp(opts);
    servers.push(s);
    return s;
  }

  function mail(to: string[] = ['dau-moi@xa.example']): OutboxMail {
    const key = `reliability:${randomUUID()}`;
    return {
      key,
      workflowId: null,
      kind: 'prod',
      to,
      cc: [],
      subject: 'Nhắc việc',
      text: 'Nội dung',
      html: '<p>Nội dung</p>',
    };
  }

  const idOf = (m: OutboxMail): string => OutboxMailer.messageIdOf(m.key);
  /** The outbox row of `m` as the worker's first step writes it, before any attempt. */
  /** A stored email failed for good, then reopened by an officer's re-send (its number 1). */
  const failedThenReopened = async () => {
    const server = await smtp();
    const mailer = mailerFor(server);
    const m = mail();
    const row = await claimRow(m);
    await outbox.markFailed(row.id, 'retries exhausted: connection refused', null);
    expect(await outbox.reopen(row.id)).toBe(true);
    return { server, mailer, m, row };
  };

  const claimRow = (m: OutboxMail) =>
    outbox.claim({
      idempotencyKey: m.key,
      messageId: idOf(m),
      workflowId: null,
      kind: m.kind,
      to: m.to,
      cc: m.cc,
      subject: m.subject,
      textBody: m.text,
      htmlBody: m.html,
    });
  const rowOf = async (m: OutboxMail) =>
    (await ds.query(`SELECT * FROM email_outbox WHERE idempotency_key = $1`, [m.key]))[0];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    ds = await createDataSource(process.env.DATABASE_URL!).initialize();
    outbox = new OutboxRepository(ds);
  });

  afterAll(async () => {
    for (const s of servers) {
      await s.stop();
    }
    await ds?.destroy();
  });

  it('451 twice after the data, then accepted: retried, delivered once', async () => {
    const actions: DataAction[] = [
      { kind: 'refuse', code: 451, message: 'Try again later' },
      { kind: 'refuse', code: 451, message: 'Try again later' },
    ];
    const server = await smtp({ onData: (n) => actions[n] ?? { kind: 'accept' } });
    const mailer = mailerFor(server);
    const m = mail();
    for (let i = 0; i < 2; i++) {
      const err = await mailer.deliverOnce(m).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MailDeliveryError);
      expect((err as MailDeliveryError).permanent).toBe(false);
      expect((err as MailDeliveryError).smtpCode).toBe(451);
    }
    expect(await mailer.deliverOnce(m)).toMatchObject({ outcome: 'sent' });
    expect(await mailer.deliverOnce(m)).toMatchObject({ outcome: 'already-sent' });
    expect(server.count(idOf(m))).toBe(1);
    expect(await rowOf(m)).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('421 at RCPT TO is temporary; 550 for the only recipient fails the email with the refused address', async () => {
    const server = await smtp({
      refuseRecipients: [
        { pattern: /^busy\./, code: 421, message: 'Service not available' },
        { pattern: /^khong-ton-tai\./, code: 550, message: 'Mailbox unavailable' },
      ],
    });
    const mailer = mailerFor(server);
    const temp = mail(['busy.dau-moi@xa.example']);
    const err = await mailer.deliverOnce(temp).catch((e: unknown) => e);
    expect((err as MailDeliveryError).permanent).toBe(false);
    expect(await rowOf(temp)).toMatchObject({ status: 'pending' });

    const bad = mail(['khong-ton-tai.dau-moi@xa.example']);
    const failure = await mailer.deliverOnce(bad).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OutboxFailure);
    expect((failure as OutboxFailure).refused).toEqual([
      expect.objectContaining({ address: 'khong-ton-tai.dau-moi@xa.example', smtpCode: 550 }),
    ]);
    expect(await rowOf(bad)).toMatchObject({ status: 'failed', smtp_code: 550 });
    expect(server.count(idOf(bad))).toBe(0);
    const listed = await outbox.listFailed();
    expect(listed.map((r) => r.idempotencyKey)).toContain(bad.key);
  });

  it('one refused recipient of two: the mail goes to the other, and the refused one is reported', async () => {
    const server = await smtp({ refuseRecipients: [{ pattern: /^sai\./, code: 550, message: 'No such user' }] });
    const m = mail(['sai.thu-truong@xa.example', 'dau-moi@xa.example']);
    const delivery = await mailerFor(server).deliverOnce(m);
    expect(delivery.outcome).toBe('sent');
    expect(delivery.refused).toEqual([
      expect.objectContaining({ address: 'sai.thu-truong@xa.example', smtpCode: 550 }),
    ]);
    expect(server.received.filter((r) => r.messageId === idOf(m)).map((r) => r.envelopeTo)).toEqual([
      ['dau-moi@xa.example'],
    ]);
    expect((await rowOf(m)).refused).toEqual([expect.objectContaining({ address: 'sai.thu-truong@xa.example' })]);
  });

  it('a refusal of the content after DATA (554) fails the email but names no address', async () => {
    const server = await smtp({ onData: () => ({ kind: 'refuse', code: 554, message: 'Message rejected as spam' }) });
    const m = mail();
    const failure = (await mailerFor(server)
      .deliverOnce(m)
      .catch((e: unknown) => e)) as OutboxFailure;
    expect(failure).toBeInstanceOf(OutboxFailure);
    expect(failure.smtpCode).toBe(554);
    expect(failure.afterData).toBe(true);
    expect(failure.refused).toEqual([]);
    expect(await rowOf(m)).toMatchObject({ status: 'failed', smtp_code: 554 });
  });

  it('a relay that keeps the message and never answers: marked failed ("may have been delivered"), never sent twice', async () => {
    const server = await smtp({ onData: () => ({ kind: 'stall' }) });
    const mailer = mailerFor(server, 1_500);
    const m = mail();
    const failure = (await mailer.deliverOnce(m).catch((e: unknown) => e)) as OutboxFailure;
    expect(failure).toBeInstanceOf(OutboxFailure);
    expect(failure.message).toMatch(/may have been delivered/);
    // Every later attempt (the activity's retries) finds it failed and sends nothing.
    for (let i = 0; i < 3; i++) {
      await expect(mailer.deliverOnce(m)).rejects.toBeInstanceOf(OutboxFailure);
    }
    expect(server.count(idOf(m))).toBe(1);
    expect(await rowOf(m)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('a relay slower than the activity timeout: two overlapping attempts, one delivery', async () => {
    const server = await smtp({ onData: () => ({ kind: 'accept-late', ms: 2_000 }) });
    const mailer = mailerFor(server);
    const m = mail();
    const first = mailer.deliverOnce(m);
    await sleep(300);
    const second = await mailer.deliverOnce(m).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(MailDeliveryError);
    expect((second as MailDeliveryError).permanent).toBe(false);
    expect((second as Error).message).toMatch(/another attempt/);
    expect(await first).toMatchObject({ outcome: 'sent' });
    expect(await mailer.deliverOnce(m)).toMatchObject({ outcome: 'already-sent' });
    expect(server.count(idOf(m))).toBe(1);
  });

  it('an attempt cut off before the data (worker killed) is retried once its lease expires: delivered once', async () => {
    const server = await smtp();
    const mailer = mailerFor(server);
    const m = mail();
    const row = await claimRow(m);
    // The killed attempt: it took the lease and died before the data.
    expect((await outbox.lease(row.id, LEASE_SECONDS)).leased).toBe(true);
    await expect(mailer.deliverOnce(m)).rejects.toThrow(/another attempt/);
    await sleep(LEASE_SECONDS * 1000 + 500);
    expect(await mailer.deliverOnce(m)).toMatchObject({ outcome: 'sent' });
    expect(server.count(idOf(m))).toBe(1);
  });

  it('an attempt cut off after the data started is not resent blindly: failed and listed for an officer', async () => {
    const server = await smtp();
    const mailer = mailerFor(server);
    const m = mail();
    const row = await claimRow(m);
    const lease = await outbox.lease(row.id, 1);
    expect(lease.leased).toBe(true);
    expect(await outbox.markDataStarted(row.id, lease.leased ? lease.token : '')).toBe(true);
    await sleep(1_500);
    const failure = (await mailer.deliverOnce(m).catch((e: unknown) => e)) as OutboxFailure;
    expect(failure).toBeInstanceOf(OutboxFailure);
    expect(failure.message).toMatch(/may have been delivered/);
    expect(server.count(idOf(m))).toBe(0);
    expect((await outbox.listFailed()).map((r) => r.id)).toContain(row.id);
  });

  it('a relay down longer than the retry budget: the email is failed, then an officer re-send delivers it once', async () => {
    const down = await smtp();
    const port = down.port;
    await down.stop();
    servers.splice(servers.indexOf(down), 1);
    const mailer = mailerFor({ port });
    const m = mail();
    const first = await mailer.deliverOnce(m).catch((e: unknown) => e);
    expect((first as MailDeliveryError).permanent).toBe(false);
    await sleep(BUDGET_SECONDS * 1000 + 200);
    const failure = (await mailer.deliverOnce(m).catch((e: unknown) => e)) as OutboxFailure;
    expect(failure).toBeInstanceOf(OutboxFailure);
    expect(failure.message).toMatch(/retries exhausted/);
    const row = await rowOf(m);
    expect(row).toMatchObject({ status: 'failed' });

    const up = await smtp({ port });
    expect(await outbox.reopen(row.id)).toBe(true);
    expect(await outbox.reopen(row.id)).toBe(false); // a second click finds it pending
    expect(await mailer.deliverStored(row.id)).toMatchObject({ outcome: 'sent' });
    expect(await mailer.deliverStored(row.id)).toMatchObject({ outcome: 'already-sent' });
    expect(up.count(idOf(m))).toBe(1);
    expect(await rowOf(m)).toMatchObject({ status: 'sent', resends: 1 });
  });

  it('a re-send whose start passed its deadline (the API failed the email again) still delivers it once when it runs later', async () => {
    const { server, mailer, m, row } = await failedThenReopened();
    // What POST /api/v1/emails/{id}/resend does when starting re-send 1 answers 503 WORKFLOW_TIMEOUT:
    // reopened, then failed again so that it stays listed if the re-send never runs.
    expect(await outbox.failUnstartedResend(row.id, 1, 'retries exhausted: connection refused', null)).toBe(true);
    // Without the re-send number, a late re-send finds it failed and sends nothing (the officer's
    // re-send would be lost while the answer said it may still be applied).
    await expect(mailer.deliverStored(row.id)).rejects.toBeInstanceOf(OutboxFailure);
    expect(server.count(idOf(m))).toBe(0);
    // A stale number (a later re-send reopened it meanwhile, or an older one) changes nothing.
    expect(await outbox.resumeResend(row.id, 0)).toBe(false);
    expect(await rowOf(m)).toMatchObject({ status: 'failed', resends: 1 });
    // Re-send 1's first attempt: pending again, sent once, marked sent.
    expect(await mailer.deliverStored(row.id, { resumeResend: 1 })).toMatchObject({ outcome: 'sent' });
    expect(await rowOf(m)).toMatchObject({ status: 'sent', resends: 1, failed_at: null });
    // Run again (a retry, or the same re-send twice): already sent, never twice.
    expect(await mailer.deliverStored(row.id, { resumeResend: 1 })).toMatchObject({ outcome: 'already-sent' });
    expect(server.count(idOf(m))).toBe(1);
  });

  it('a re-send an attempt already took is left to it by the API; one its own attempt failed is never resumed', async () => {
    const { server, mailer, m, row } = await failedThenReopened();
    // Temporal ran re-send 1 before the API's start call gave up: its attempt holds the row.
    const lease = await outbox.lease(row.id, 60);
    expect(lease.leased).toBe(true);
    // The API's 503 path leaves a row an attempt took: failing it would lose the running re-send.
    expect(await outbox.failUnstartedResend(row.id, 1, 'retries exhausted: connection refused', null)).toBe(false);
    expect(await rowOf(m)).toMatchObject({ status: 'sending', resends: 1 });
    // That attempt fails it as "may have been delivered": no later attempt resumes it blindly.
    await outbox.markFailed(
      row.id,
      'no answer after the message reached the mail server; it may have been delivered',
      null,
    );
    expect(await outbox.resumeResend(row.id, 1)).toBe(false);
    await expect(mailer.deliverStored(row.id, { resumeResend: 1 })).rejects.toBeInstanceOf(OutboxFailure);
    expect(server.count(idOf(m))).toBe(0);
    expect(await rowOf(m)).toMatchObject({ status: 'failed', resends: 1 });
  });
});
