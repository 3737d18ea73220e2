import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/**
 * Every email goes through this table first. The unique idempotency key
 * (workflow, message kind, sequence) and the deterministic Message-ID make a
 * retried send activity deliver at most one message.
 */
@Entity({ name: 'email_outbox' })
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

  @Column({ name: 'cc_addresses', type: 'jsonb', default: () => "'[]'::jsonb" })
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
}
