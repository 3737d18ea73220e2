import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DutySpec } from '../../../catalog/src/catalog.schema';

/** A duty (nhiệm vụ) of a plan; `spec` keeps the full catalog entry (evidence, deadline, policies). */
@Entity({ name: 'duties' })
@Index(['planId', 'code'], { unique: true })
export class DutyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Column({ type: 'varchar', length: 120 })
  code!: string;

  @Column({ type: 'varchar', length: 20 })
  clause!: string;

  @Column({ name: 'title_vi', type: 'text' })
  titleVi!: string;

  @Column({ name: 'title_en', type: 'text' })
  titleEn!: string;

  /** false for "Đề nghị" duties addressed to bodies the Chairman cannot order. */
  @Column({ type: 'boolean' })
  binding!: boolean;

  @Column({ type: 'varchar', length: 20 })
  recurrence!: string;

  @Column({ type: 'jsonb' })
  spec!: DutySpec;

  /** false once a re-import no longer lists the duty (kept for history). */
  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
