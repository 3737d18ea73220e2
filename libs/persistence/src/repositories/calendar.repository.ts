import type { DataSource, Repository } from 'typeorm';
import type { YearAdjustments } from '../../../domain/src/calendar/adjustments';
import {
  vietnamCalendarData,
  vietnamWorkingCalendar,
  type VietnamCalendarData,
} from '../../../domain/src/calendar/vietnam-working-calendar';
import type { StateAgencyCalendar } from '../../../domain/src/calendar';
import { CalendarYearEntity } from '../entities';

export class CalendarRepository {
  private readonly repo: Repository<CalendarYearEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(CalendarYearEntity);
  }

  async all(): Promise<YearAdjustments[]> {
    return (await this.repo.find({ order: { year: 'ASC' } })).map((r) => r.adjustments);
  }

  /** Imports shipped decisions for years not yet in the database; an administrator's edit is never overwritten. */
  async seed(years: YearAdjustments[]): Promise<number> {
    let added = 0;
    for (const adjustments of years) {
      if (!(await this.repo.findOne({ where: { year: adjustments.year } }))) {
        await this.repo.save(this.repo.create({ year: adjustments.year, adjustments, updatedBy: 'seed' }));
        added += 1;
      }
    }
    return added;
  }

  async put(adjustments: YearAdjustments, actor: string): Promise<void> {
    await this.repo.save(this.repo.create({ year: adjustments.year, adjustments, updatedBy: actor }));
  }

  /** The calendar around a set of years (each with its neighbours, for deadlines across New Year). */
  async calendarData(years: number[]): Promise<VietnamCalendarData> {
    const span = [...new Set(years.flatMap((y) => [y - 1, y, y + 1]))];
    return vietnamCalendarData(span, await this.all());
  }

  async workingCalendar(years: number[]): Promise<StateAgencyCalendar> {
    const span = [...new Set(years.flatMap((y) => [y - 1, y, y + 1]))];
    return vietnamWorkingCalendar(span, await this.all());
  }
}
