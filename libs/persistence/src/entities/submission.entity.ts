import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One report an agency sent for an assignment, kept as sent (issue 13, evidence kept):
 * it stays readable after acceptance and enters the period report. Written by the
 * read-model activity, once per (workflow, submission id).
 */
@Entity({ name: 'assignment_submissions' })
@Unique('uq_assignment_submissions', ['workflowId', 'submissionId'])
@Index('ix_assignment_submissions_workflow', ['workflowId', 'submittedAt'])
export class SubmissionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 300 })
  workflowId!: string;

  @Column({ name: 'submission_id', type: 'varchar', length: 100 })
  submissionId!: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  /** Who sent it (e.g. "agency:xa-hoang-hoa", through the agency's link). */
  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  @Column({ type: 'jsonb', default: {} })
  values!: Record<string, string | number>;

  @Column({ type: 'jsonb', default: [] })
  links!: string[];

  @Column({ type: 'jsonb', default: [] })
  attachments!: Array<{ id: string; name: string; sizeBytes?: number }>;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'jsonb', default: [] })
  shortfalls!: Array<{ key: string; label: { vi: string; en: string }; target: number; actual: number }>;
}
