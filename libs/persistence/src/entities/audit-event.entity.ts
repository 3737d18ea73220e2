import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only audit trail. `eventKey` makes a retried write a no-op. */
@Entity({ name: 'audit_events' })
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Index({ unique: true })
  @Column({ name: 'event_key', type: 'varchar', length: 400 })
  eventKey!: string;

  @Index()
  @Column({ name: 'workflow_id', type: 'varchar', length: 300, nullable: true })
  workflowId!: string | null;

  @Column({ name: 'entity_type', type: 'varchar', length: 40 })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 300 })
  entityId!: string;

  @Column({ type: 'varchar', length: 60 })
  type!: string;

  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;
}
