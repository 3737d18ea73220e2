import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AssignmentStatus, ReportingCategory } from '../../../domain/src/status';

/**
 * Read model of one assignment (giao nhiệm vụ): one duty × agency × period.
 * The workflow owns the state; activities mirror it here for queries and reports.
 */
@Entity({ name: 'assignments' })
@Index(['dutyId', 'agencyId', 'periodKey'], { unique: true })
// The list's keyset orders (migration 1795830000000-assignment-list-indexes).
@Index('ix_assignments_due_date_id', ['dueDate', 'id'])
@Index('ix_assignments_category_due_date_id', ['category', 'dueDate', 'id'])
@Index('ix_assignments_period_due_date_id', ['periodKey', 'dueDate', 'id'])
export class AssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ name: 'workflow_id', type: 'varchar', length: 300 })
  workflowId!: string;

  @Column({ name: 'duty_id', type: 'uuid' })
  dutyId!: string;

  @Index()
  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId!: string;

  @Index()
  @Column({ name: 'period_key', type: 'varchar', length: 40 })
  periodKey!: string;

  @Column({ name: 'period_start', type: 'date', nullable: true })
  periodStart!: string | null;

  @Column({ name: 'period_end', type: 'date', nullable: true })
  periodEnd!: string | null;

  @Index()
  /** Lifecycle status (libs/domain status module); stored as varchar. */
  @Column({ type: 'varchar', length: 30 })
  status!: AssignmentStatus;

  /** One of the four reporting categories (open on time, open overdue, done on time, done late). */
  @Index()
  @Column({ type: 'varchar', length: 30 })
  category!: ReportingCategory;

  @Column({ name: 'due_date', type: 'date' })
  dueDate!: string;

  @Column({ name: 'original_due_date', type: 'date' })
  originalDueDate!: string;

  @Column({ name: 'escalation_level', type: 'int', default: 0 })
  escalationLevel!: number;

  @Column({ name: 'reminders_sent', type: 'int', default: 0 })
  remindersSent!: number;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** The latest submission is below a numeric target (e.g. fewer than 3 rebroadcasts). */
  @Column({ name: 'has_shortfall', type: 'boolean', default: false })
  hasShortfall!: boolean;

  /** Indicators of the latest submission below their target, for the period report. */
  @Column({ type: 'jsonb', default: [] })
  shortfalls!: Array<{ label: string; target: number; actual: number }>;

  /**
   * Whether the assignment binds its agency; null means as its duty. An ad-hoc request to a
   * requested body is only requested (false), and stays out of the binding totals and rates.
   */
  @Column({ type: 'boolean', nullable: true })
  binding!: boolean | null;

  /**
   * Every extension request with its decision, as the workflow recorded them (kept so they stay
   * readable once the assignment is closed); null for rows last written before they were kept.
   */
  @Column({ type: 'jsonb', nullable: true })
  extensions!: Array<Record<string, unknown>> | null;

  /** Every urging letter (công văn đôn đốc) of the assignment: level, number, time; null as above. */
  @Column({ name: 'urging_letters', type: 'jsonb', nullable: true })
  urgingLetters!: Array<Record<string, unknown>> | null;

  /** Monotonic workflow state version: an older snapshot never overwrites a newer one. */
  @Column({ name: 'state_version', type: 'int', default: 0 })
  stateVersion!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
