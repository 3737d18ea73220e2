import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * pending: waiting for an attempt; sending: an attempt holds the lease; sent: the
 * relay accepted it; failed: refused, out of retries, or cut off after the body
 * reached the relay (it may have arrived): shown on the dashboard, re-sent only
 * by an officer.
 */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** A recipient the relay refused (SMTP RCPT TO). */
export interface RefusedRecipientRecord {
  address: string;
  smtpCode: number | null;
  error: string;
}

/**
 * Every email goes through this table first. The unique idempotency key
 * (workflow, message kind, sequence) and the deterministic Message-ID make a
 * retried send activity deliver at most one message.
 */
@Entity({ name: 'email_outbox' })
// Partial index of the failed emails, for GET /api/v1/emails/failed (migration 1795840000000-outbox-lease).
@Index('ix_email_outbox_failed', ['failedAt'], { where: `"status" = 'failed'` })
export class EmailOutboxEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ name: 'idempotency_key', type: 'varchar', length: 400 })
  idempotencyKey!: string;

  @Index({ unique: true })
  @Column({ name: 'message_id', type: 'varchar', length: 300 })
  messageId!: string;

  @Index()
  @Column({ name: 'workflow_id', type: 'varchar', length: 300, nullable: true })
  workflowId!: string | null;

  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  @Column({ name: 'to_addresses', type: 'jsonb' })
  to!: string[];

  @Column({ name: 'cc_addresses', type: 'jsonb', default: [] })
  cc!: string[];

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody!: string;

  @Column({ name: 'html_body', type: 'text' })
  htmlBody!: string;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status!: OutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'smtp_code', type: 'int', nullable: true })
  smtpCode!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** The attempt holding the row; another attempt may not send before `leaseUntil`. */
  @Column({ name: 'lease_token', type: 'uuid', nullable: true })
  leaseToken!: string | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  /** Set when the body of the current attempt started to go to the relay. */
  @Column({ name: 'data_started_at', type: 'timestamptz', nullable: true })
  dataStartedAt!: Date | null;

  /** Start of the retry budget (the first attempt, or an officer's re-send). */
  @Column({ name: 'first_attempt_at', type: 'timestamptz', nullable: true })
  firstAttemptAt!: Date | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  /** How many times an officer asked to send it again. */
  @Column({ type: 'int', default: 0 })
  resends!: number;

  @Column({ type: 'jsonb', default: [] })
  refused!: RefusedRecipientRecord[];
}
