import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { YearAdjustments } from '../../../domain/src/calendar/adjustments';

/** The Government's working-calendar decisions for one year, editable by administrators. */
@Entity({ name: 'calendar_years' })
export class CalendarYearEntity {
  @PrimaryColumn({ type: 'int' })
  year!: number;

  @Column({ type: 'jsonb' })
  adjustments!: YearAdjustments;

  @Column({ name: 'updated_by', type: 'varchar', length: 200 })
  updatedBy!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
