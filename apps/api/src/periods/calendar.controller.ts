import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseIntPipe, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import { z } from 'zod';
import { calendarYearSummary } from '../../../../libs/domain/src/calendar/vietnam-working-calendar';
import { validateCalendarAdjustments, type YearAdjustments } from '../../../../libs/domain/src/calendar/adjustments';
import { reportingPeriods } from '../../../../libs/domain/src/periods/reporting-periods';
import { CalendarRepository } from '../../../../libs/persistence/src/repositories';
import { APP_CONFIG } from '../../../../libs/config/src/config.module';
import type { AppConfig } from '../../../../libs/config/src/config';
import { startBulkSignal } from '../../../../libs/temporal/src/workflow-starters';
import { calendarChangeWorkflowId } from '../../../../workflows/bulk-signal.messages';
import { accepted } from '../operations/accepted';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CalendarRepository) private readonly calendars: CalendarRepository,
    @Inject(Client) private readonly temporal: Client,
  ) {}

  @Get('calendar/:year')
  @Access(...READERS, ...AGENCIES)
  async year(@Param('year', yearPipe) year: number) {
    checkYear(year);
    return calendarYearSummary(year, await this.calendars.all());
  }

  /**
   * Records the Government's decisions for a year (swapped days, Tết days), then
   * recomputes the pending reminders of every open assignment due within a year of it,
   * as a workflow (202, follow the `progress` link; it counts what succeeded and failed).
   * An `Idempotency-Key` header makes a repeated call one operation.
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
    const { workflowId } = await startBulkSignal(
      this.temporal,
      { kind: 'calendarChanged', actor: actorOf(p), calendarYear: year },
      { taskQueue: this.config.temporal.taskQueue, workflowId: calendarChangeWorkflowId(year, key) },
    );
    return accepted(res, workflowId, calendarYearSummary(year, await this.calendars.all()));
  }

  /** Reporting periods of a kind in a year, with data windows and per-level deadlines (Decree 09/2019). */
  @Get('periods')
  @Access(...READERS, ...AGENCIES)
  @ApiZodQuery(periodsQuery)
  async periods(@Query(new ZodValidationPipe(periodsQuery)) q: z.infer<typeof periodsQuery>) {
    return reportingPeriods(q.kind, q.year, await this.calendars.workingCalendar([q.year]));
  }
}
