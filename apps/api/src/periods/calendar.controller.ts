import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseIntPipe, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import { z } from 'zod';
import {
  calendarYearSummary,
  vietnamWorkingCalendar,
} from '../../../../libs/domain/src/calendar/vietnam-working-calendar';
import { lawfulDeadline } from '../../../../libs/domain/src/calendar/lawful-deadline';
import { addDays, dayOfWeek } from '../../../../libs/domain/src/local-date';
import { validateCalendarAdjustments, type YearAdjustments } from '../../../../libs/domain/src/calendar/adjustments';
import { reportingPeriods } from '../../../../libs/domain/src/periods/reporting-periods';
import { AssignmentRepository, CalendarRepository } from '../../../../libs/persistence/src/repositories';
import { APP_CONFIG } from '../../../../libs/config/src/config.module';
import type { AppConfig } from '../../../../libs/config/src/config';
import { startBulkSignal } from '../../../../libs/temporal/src/workflow-starters';
import { calendarChangeWorkflowId } from '../../../../workflows/bulk-signal.messages';
import { accepted } from '../operations/accepted';
import { Access, AGENCIES, READERS } from '../auth/access.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { WorkflowDeadlines } from '../common/workflow-deadlines';
import { ApiZodQuery, ApiZodResponse } from '../common/openapi';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { CalendarChangeStarted, CalendarYear, ReportingPeriods } from '../common/responses';

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CalendarRepository) private readonly calendars: CalendarRepository,
    @Inject(AssignmentRepository) private readonly assignments: AssignmentRepository,
    @Inject(Client) private readonly temporal: Client,
    @Inject(WorkflowDeadlines) private readonly deadlines: WorkflowDeadlines,
  ) {}

  /**
   * Holidays, swapped days and working days of `year`. `decisionsRecorded` says whether the
   * Government's decisions for the year are recorded; when not, `warning` says so ({ vi, en })
   * and the default Tết and 2 September days carry `estimate: true` ("ước tính").
   */
  @Get('calendar/:year')
  @Access(...READERS, ...AGENCIES)
  @ApiZodResponse(200, CalendarYear)
  async year(@Param('year', yearPipe) year: number) {
    checkYear(year);
    return calendarYearSummary(year, await this.calendars.all());
  }

  /**
   * Records the Government's decisions for a year (swapped days, Tết days), then
   * recomputes the pending reminders of every open assignment due within a year of it,
   * as a workflow (202, follow the `progress` link; it counts what succeeded and failed).
   * An `Idempotency-Key` header makes a repeated call one operation. An open deadline that
   * becomes a day off moves to the next working day (Civil Code 2015, art. 148(5)):
   * `deadlinesMoved` lists them ({ count, items: [{ workflowId, from, to }] (first 100), message }).
   */
  @Put('calendar/:year/adjustments')
  @HttpCode(202)
  @Access('admin')
  @ApiBody({
    schema: {
      type: 'object',
      description:
        'One year of data/calendar/adjustments.json: { year, daysOff, workingDays, tetDays?, nationalDayAdjacentDay?, source, note? }',
    },
  })
  @ApiZodResponse(202, CalendarChangeStarted)
  async putAdjustments(
    @CurrentPrincipal() p: Principal,
    @Param('year', yearPipe) year: number,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
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
    const key = idempotencyKey && /^[\x21-\x7e]{1,200}$/.test(idempotencyKey) ? idempotencyKey : randomUUID();
    const { workflowId } = await this.deadlines.write(() =>
      startBulkSignal(
        this.temporal,
        { kind: 'calendarChanged', actor: actorOf(p), calendarYear: year },
        { taskQueue: this.config.temporal.taskQueue, workflowId: calendarChangeWorkflowId(year, key) },
      ),
    );
    const all = await this.calendars.all();
    return accepted(res, workflowId, {
      ...calendarYearSummary(year, all),
      deadlinesMoved: await this.movedBy(year, all),
    });
  }

  /** Open deadlines around `year` that the recorded calendar makes days off, with where they move. */
  private async movedBy(year: number, all: YearAdjustments[]) {
    const calendar = vietnamWorkingCalendar([year - 1, year, year + 1], all);
    const daysOff: string[] = [];
    for (let d = `${year - 1}-01-01`; d <= `${year + 1}-12-31`; d = addDays(d, 1)) {
      if (!calendar.isWorkingDay(d) && dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6) {
        daysOff.push(d);
      }
    }
    const open = await this.assignments.openDueOn(daysOff);
    const items = open.map((a) => ({
      workflowId: a.workflowId,
      from: a.dueDate,
      to: lawfulDeadline(calendar, a.dueDate).dueDate,
    }));
    return {
      count: items.length,
      items: items.slice(0, 100),
      message:
        items.length === 0
          ? { vi: 'Không có hạn báo cáo nào rơi vào ngày nghỉ.', en: 'No open deadline falls on a day off.' }
          : {
              vi: `${items.length} hạn báo cáo rơi vào ngày nghỉ được chuyển sang ngày làm việc tiếp theo (Bộ luật Dân sự 2015, Điều 148, khoản 5).`,
              en: `${items.length} open deadlines falling on a day off move to the next working day (Civil Code 2015, art. 148(5)).`,
            },
    };
  }

  /** Reporting periods of a kind in a year, with data windows and per-level deadlines (Decree 09/2019). */
  @Get('periods')
  @Access(...READERS, ...AGENCIES)
  @ApiZodQuery(periodsQuery)
  @ApiZodResponse(200, ReportingPeriods)
  async periods(@Query(new ZodValidationPipe(periodsQuery)) q: z.infer<typeof periodsQuery>) {
    return reportingPeriods(q.kind, q.year, await this.calendars.workingCalendar([q.year]));
  }
}
