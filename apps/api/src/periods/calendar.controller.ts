import { Body, Controller, Get, Inject, Param, ParseIntPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import { z } from 'zod';
import { calendarYearSummary } from '../../../../libs/domain/src/calendar/vietnam-working-calendar';
import { validateCalendarAdjustments, type YearAdjustments } from '../../../../libs/domain/src/calendar/adjustments';
import { reportingPeriods } from '../../../../libs/domain/src/periods/reporting-periods';
import { AssignmentRepository, CalendarRepository } from '../../../../libs/persistence/src/repositories';
import { calendarChangedSignal } from '../../../../workflows/assignment.messages';
import { Access, AGENCIES, READERS } from '../auth/access.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { ApiZodQuery } from '../common/openapi';
import { ZodValidationPipe } from '../common/zod-validation.pipe';

const yearPipe = new ParseIntPipe({
  exceptionFactory: () =>
    ApiError.validation([{ field: 'year', message: 'must be a year such as 2026' }], {
      vi: 'Dữ liệu không hợp lệ: year',
      en: 'Invalid input: year',
    }),
});
const periodsQuery = z.strictObject({
  kind: z.enum(['month', 'quarter', 'half', 'year']),
  year: z.coerce.number().int().min(1901).max(2099),
});

function checkYear(year: number): void {
  if (year < 1901 || year > 2099) {
    throw ApiError.validation([{ field: 'year', message: 'must be between 1901 and 2099' }], {
      vi: 'Dữ liệu không hợp lệ: year',
      en: 'Invalid input: year',
    });
  }
}

/** The working calendar and the Decree 09/2019 reporting periods. */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/v1')
export class CalendarController {
  constructor(
    @Inject(CalendarRepository) private readonly calendars: CalendarRepository,
    @Inject(AssignmentRepository) private readonly assignments: AssignmentRepository,
    @Inject(Client) private readonly temporal: Client,
  ) {}

  @Get('calendar/:year')
  @Access(...READERS, ...AGENCIES)
  async year(@Param('year', yearPipe) year: number) {
    checkYear(year);
    return calendarYearSummary(year, await this.calendars.all());
  }

  /**
   * Records the Government's decisions for a year (swapped days, Tết days) and
   * recomputes the pending reminders of every open assignment.
   */
  @Put('calendar/:year/adjustments')
  @Access('admin')
  @ApiBody({
    schema: {
      type: 'object',
      description:
        'One year of data/calendar/adjustments.json: { year, daysOff, workingDays, tetDays?, nationalDayAdjacentDay?, source, note? }',
    },
  })
  async putAdjustments(@CurrentPrincipal() p: Principal, @Param('year', yearPipe) year: number, @Body() body: unknown) {
    checkYear(year);
    const result = validateCalendarAdjustments({ years: [body] });
    if (!result.ok) {
      const issues = result.errors.map((e) => ({
        field: e.split(':')[0].replace(/^years\[0\]\.?/, '') || '(body)',
        message: e,
      }));
      throw ApiError.validation(issues, {
        vi: `Dữ liệu không hợp lệ: ${issues.map((i) => i.field).join(', ')}`,
        en: `Invalid input: ${issues.map((i) => i.field).join(', ')}`,
      });
    }
    const adjustments: YearAdjustments = result.value[0];
    if (adjustments.year !== year) {
      throw ApiError.validation(
        [{ field: 'year', message: `the body is for ${adjustments.year}, the path for ${year}` }],
        { vi: 'Dữ liệu không hợp lệ: year', en: 'Invalid input: year' },
      );
    }
    await this.calendars.put(adjustments, actorOf(p));
    let signalled = 0;
    for (let page = 0; ; page++) {
      const { items } = await this.assignments.list({ status: undefined }, { offset: page * 200, limit: 200 });
      const open = items.filter(
        (i) =>
          ['assigned', 'acknowledged', 'returned'].includes(i.status) &&
          Math.abs(Number(i.dueDate.slice(0, 4)) - year) <= 1,
      );
      for (const a of open) {
        const data = await this.calendars.calendarData([Number(a.dueDate.slice(0, 4))]);
        await this.temporal.workflow
          .getHandle(a.workflowId)
          .signal(calendarChangedSignal, data)
          .then(() => (signalled += 1))
          .catch(() => undefined);
      }
      if (items.length < 200) {
        break;
      }
    }
    return { ...calendarYearSummary(year, await this.calendars.all()), assignmentsRecomputed: signalled };
  }

  /** Reporting periods of a kind in a year, with data windows and per-level deadlines (Decree 09/2019). */
  @Get('periods')
  @Access(...READERS, ...AGENCIES)
  @ApiZodQuery(periodsQuery)
  async periods(@Query(new ZodValidationPipe(periodsQuery)) q: z.infer<typeof periodsQuery>) {
    return reportingPeriods(q.kind, q.year, await this.calendars.workingCalendar([q.year]));
  }
}
