import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EvidenceFieldSpec } from '../../../domain/src/evidence';

/** An ad-hoc report request (báo cáo đột xuất) fanned out to a set of agencies. */
@Entity({ name: 'report_requests' })
export class ReportRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Short, human-readable key used as the period key of its assignments. */
  @Column({ type: 'varchar', length: 40, unique: true })
  key!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'due_date', type: 'date' })
  dueDate!: string;

  /** The on-demand catalog duty it is filed under; null (older requests) = the generic `report-on-demand`. */
  @Column({ name: 'duty_code', type: 'varchar', length: 120, nullable: true })
  dutyCode!: string | null;

  @Column({ type: 'jsonb' })
  fields!: EvidenceFieldSpec[];

  @Column({ name: 'agency_codes', type: 'jsonb' })
  agencyCodes!: string[];

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
