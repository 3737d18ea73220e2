import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A consolidated period report (báo cáo tổng hợp), kept for download; every close adds a version. */
@Entity({ name: 'period_reports' })
@Index(['planCode', 'periodKey', 'version'], { unique: true })
export class PeriodReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'plan_code', type: 'varchar', length: 120 })
  planCode!: string;

  @Column({ name: 'period_key', type: 'varchar', length: 40 })
  periodKey!: string;

  @Column({ type: 'int' })
  version!: number;

  /** The close run that produced it: a retried activity finds its own report. */
  @Index({ unique: true })
  @Column({ name: 'run_key', type: 'varchar', length: 300 })
  runKey!: string;

  /** Counts and rates, as computed at close. */
  @Column({ type: 'jsonb' })
  summary!: Record<string, unknown>;

  @Column({ type: 'bytea' })
  xlsx!: Buffer;

  @Column({ type: 'bytea' })
  docx!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
