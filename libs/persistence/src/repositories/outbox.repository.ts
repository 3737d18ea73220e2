import type { DataSource, Repository } from 'typeorm';
import { EmailOutboxEntity, type RefusedRecipientRecord } from '../entities';

export type NewOutboxMail = Pick<
  EmailOutboxEntity,
  'idempotencyKey' | 'messageId' | 'workflowId' | 'kind' | 'to' | 'cc' | 'subject' | 'textBody' | 'htmlBody'
>;

/** The outcome of asking for the lease of a row. */
export type LeaseResult =
  { leased: true; token: string; row: EmailOutboxEntity } | { leased: false; row: EmailOutboxEntity };

export class OutboxRepository {
  private readonly repo: Repository<EmailOutboxEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(EmailOutboxEntity);
  }

  /** Inserts the mail unless its key exists, and returns the stored row either way. */
  async claim(mail: NewOutboxMail): Promise<EmailOutboxEntity> {
    await this.repo.createQueryBuilder().insert().into(EmailOutboxEntity).values(mail).orIgnore().execute();
    return this.repo.findOneOrFail({ where: { idempotencyKey: mail.idempotencyKey } });
  }

  findById(id: string): Promise<EmailOutboxEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /**
   * Takes the row for one attempt, for `seconds`: only a pending row, or one
   * whose previous attempt lost its lease before handing the body to the relay.
   * Atomic: of two overlapping attempts exactly one gets the lease.
   */
  async lease(id: string, seconds: number): Promise<LeaseResult> {
    const rows: Array<{ lease_token: string }> = await this.dataSource.query(
      `WITH taken AS (
       UPDATE email_outbox
          SET status = 'sending', lease_token = gen_random_uuid(), lease_until = now() + make_interval(secs => $2),
              data_started_at = NULL, attempts = attempts + 1, last_attempt_at = now(),
              first_attempt_at = COALESCE(first_attempt_at, now())
        WHERE id = $1
          AND (status = 'pending' OR (status = 'sending' AND lease_until < now() AND data_started_at IS NULL))
        RETURNING lease_token)
       SELECT lease_token FROM taken`,
      [id, seconds],
    );
    const row = await this.repo.findOneOrFail({ where: { id } });
    const token = rows[0]?.lease_token;
    return token ? { leased: true, token, row } : { leased: false, row };
  }

  /** Notes that the body is about to reach the relay; false if this attempt no longer holds the lease. */
  async markDataStarted(id: string, token: string): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ dataStartedAt: () => 'now()' })
      .where('id = :id AND lease_token = :token AND status = :status', { id, token, status: 'sending' })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async markSent(id: string, refused: RefusedRecipientRecord[] = []): Promise<void> {
    await this.repo.update(
      { id },
      { status: 'sent', sentAt: new Date(), lastError: null, leaseToken: null, leaseUntil: null, refused },
    );
  }

  /** Back to pending for a later attempt (a temporary failure within the retry budget). */
  async release(id: string, token: string, error: string, smtpCode: number | null): Promise<void> {
    await this.repo.update(
      { id, leaseToken: token },
      { status: 'pending', lastError: error, smtpCode, leaseToken: null, leaseUntil: null, dataStartedAt: null },
    );
  }

  /** Failed for good: shown on the dashboard; only an officer's re-send tries again. */
  async markFailed(
    id: string,
    error: string,
    smtpCode: number | null,
    refused: RefusedRecipientRecord[] = [],
  ): Promise<void> {
    // A slow attempt may have sent it meanwhile: a sent email stays sent.
    await this.repo
      .createQueryBuilder()
      .update()
      .set({
        status: 'failed',
        lastError: error,
        smtpCode,
        failedAt: () => 'now()',
        leaseToken: null,
        leaseUntil: null,
        refused,
      })
      .where('id = :id AND status <> :sent', { id, sent: 'sent' })
      .execute();
  }

  /** An officer's re-send: a failed row becomes pending with a fresh retry budget. False unless it was failed. */
  async reopen(id: string): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({
        status: 'pending',
        firstAttemptAt: null,
        failedAt: null,
        dataStartedAt: null,
        resends: () => 'resends + 1',
      })
      .where('id = :id AND status = :status', { id, status: 'failed' })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Failed again by the API when starting re-send number `resend` did not succeed (the start may
   * still run later, past its deadline): only while no attempt of that re-send has taken the row
   * (still pending, at that re-send, never leased). False when an attempt already holds or
   * settled it: the re-send is running and the API leaves the row to it.
   */
  async failUnstartedResend(
    id: string,
    resend: number,
    error: string,
    smtpCode: number | null,
    refused: RefusedRecipientRecord[] = [],
  ): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ status: 'failed', lastError: error, smtpCode, failedAt: () => 'now()', refused })
      .where('id = :id AND status = :status AND resends = :resend AND first_attempt_at IS NULL', {
        id,
        status: 'pending',
        resend,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Pending again for re-send number `resend`, when the API failed it again right after starting
   * that re-send (`failUnstartedResend`: the start passed its deadline, so the API could not know it
   * would run). Any attempt of the re-send may call it, so a first attempt that failed before or
   * during this call loses nothing. False unless the row is failed, still at that re-send and was
   * never leased since it was reopened: a row an attempt of this re-send failed itself (e.g. "may
   * have been delivered") is never sent again blindly, nor one a later re-send reopened.
   */
  async resumeResend(id: string, resend: number): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ status: 'pending', failedAt: null, dataStartedAt: null })
      .where('id = :id AND status = :status AND resends = :resend AND first_attempt_at IS NULL', {
        id,
        status: 'failed',
        resend,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Failed emails, newest first. */
  listFailed(limit = 200): Promise<EmailOutboxEntity[]> {
    return this.repo.find({ where: { status: 'failed' }, order: { failedAt: 'DESC' }, take: limit });
  }

  findByWorkflowId(workflowId: string): Promise<EmailOutboxEntity[]> {
    return this.repo.find({ where: { workflowId }, order: { createdAt: 'ASC' } });
  }

  count(): Promise<number> {
    return this.repo.count();
  }
}
