import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface LineageSettlement {
  decision: 'confirmed' | 'disputed';
  note: string;
  by: string;
  at: string;
}

/** An agency (cơ quan, đơn vị) with its validity window and successor, so reorganisations are data. */
@Entity({ name: 'agencies' })
// Trigram GIN index on the folded code for search (migrations 1795810000000-vietnamese-text and
// 1795864000000-agency-code-folded-search): TypeORM cannot declare an operator class, so the
// migrations own it.
@Index('ix_agencies_code_search', { synchronize: false })
export class AgencyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 120 })
  code!: string;

  @Column({ type: 'varchar', length: 300 })
  name!: string;

  @Index()
  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  subtype!: string | null;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @Column({ name: 'successor_id', type: 'uuid', nullable: true })
  successorId!: string | null;

  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  /** Đầu mối: the officer who receives reminders. */
  @Column({ name: 'focal_email', type: 'varchar', length: 254, nullable: true })
  focalEmail!: string | null;

  /** Thủ trưởng: the head of the agency, addressee of escalations. */
  @Column({ name: 'head_email', type: 'varchar', length: 254, nullable: true })
  headEmail!: string | null;

  @Column({ name: 'formed_from', type: 'jsonb', default: [] })
  formedFrom!: string[];

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** Set when mail to a contact bounced permanently, so the ICT department can fix it. */
  @Column({ name: 'undeliverable_emails', type: 'jsonb', default: [] })
  undeliverableEmails!: string[];

  /** Why each undeliverable address was flagged: the relay's code and answer, and when. */
  @Column({ name: 'undeliverable_reasons', type: 'jsonb', default: {} })
  undeliverableReasons!: Record<string, { smtpCode: number | null; error: string; at: string }>;

  /** One digest email per working day instead of separate reminders. */
  @Column({ name: 'prefers_digest', type: 'boolean', default: false })
  prefersDigest!: boolean;

  /** Bumped to revoke every emailed link of this agency. */
  @Column({ name: 'link_generation', type: 'int', default: 1 })
  linkGeneration!: number;

  /** Where the agency's validity and successor come from (vi, en). */
  @Column({ name: 'lineage_source', type: 'jsonb', nullable: true })
  lineageSource!: { vi: string; en: string } | null;

  /** 'sourced' | 'to-confirm' | 'confirmed' | 'disputed' (LineageStatus in libs/domain). */
  @Column({ name: 'lineage_status', type: 'varchar', length: 20, default: 'sourced' })
  lineageStatus!: string;

  /** What an admin must settle when the sources do not (status 'to-confirm'). */
  @Column({ name: 'lineage_question', type: 'jsonb', nullable: true })
  lineageQuestion!: { vi: string; en: string } | null;

  /** The admin's answer: decision, note, who and when (also in the audit trail). */
  @Column({ name: 'lineage_settlement', type: 'jsonb', nullable: true })
  lineageSettlement!: LineageSettlement | null;

  /** false once deactivated by the ICT department (kept for history). */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
