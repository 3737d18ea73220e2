import { createHash } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { APP_CONFIG } from '../../../../libs/config/src/config.module';
import type { AppConfig } from '../../../../libs/config/src/config';
import { vietnamDateOf } from '../../../../libs/domain/src/local-date';
import type { PeriodKind } from '../../../../libs/domain/src/period';
import { consolidationPeriod } from '../../../../libs/domain/src/periods/duty-periods';
import { CatalogRepository, PeriodReportRepository } from '../../../../libs/persistence/src/repositories';
import { periodCloseWorkflowId, type PeriodCloseInput } from '../../../../workflows/period-close.messages';
import { accepted } from '../operations/accepted';
import { describePeriodSchedule, PERIOD_KINDS, periodScheduleId } from '../../../../libs/temporal/src/period-schedules';
import { periodOpenProgressQuery, periodOpenWorkflowId } from '../../../../workflows/period-open.messages';
import { startPeriodClose, startPeriodOpen } from '../../../../libs/temporal/src/workflow-starters';
import { Access, READERS, STAFF } from '../auth/access.decorator';
import { ApiError } from '../common/api-error';
import { WorkflowDeadlines } from '../common/workflow-deadlines';
import { ApiFileResponse, ApiZodBody, ApiZodQuery, ApiZodResponse } from '../common/openapi';
import { localDate, pageOf, simpleListQuery } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import {
  PeriodCloseStarted,
  PeriodOpenProgress,
  PeriodOpenStarted,
  PeriodReportPage,
  ScheduleOrNull,
  Schedules,
} from '../common/responses';

const kindSchema = z.enum(['month', 'quarter', 'half', 'year']);
const openBody = z.strictObject({
  planCode: z.string().min(1).max(120),
  kind: kindSchema,
  onDate: localDate.optional(),
});

/** Operator control of the periods: the schedules that open them, and opening one now. */
@ApiTags('periods')
@ApiBearerAuth()
@Controller('api/v1')
export class PeriodsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(Client) private readonly temporal: Client,
    @Inject(WorkflowDeadlines) private readonly deadlines: WorkflowDeadlines,
    @Inject(PeriodReportRepository) private readonly reports: PeriodReportRepository,
  ) {}

  private async requirePlan(code: string): Promise<void> {
    if (!(await this.catalog.listPlans()).some((p) => p.code === code)) {
      throw ApiError.notFound(`kế hoạch ${code} / plan ${code}`);
    }
  }

  private kind(value: string): PeriodKind {
    const parsed = kindSchema.safeParse(value);
    if (!parsed.success) {
      throw ApiError.validation([{ field: 'kind', message: 'must be month, quarter, half or year' }], {
        vi: 'Dữ liệu không hợp lệ: kind',
        en: 'Invalid input: kind',
      });
    }
    return parsed.data;
  }

  @Get('schedules')
  @Access(...READERS)
  @ApiZodResponse(200, Schedules)
  async schedules() {
    const out = [];
    for (const plan of await this.catalog.listPlans()) {
      for (const kind of PERIOD_KINDS) {
        const view = await this.deadlines.read(() =>
          describePeriodSchedule(this.temporal, periodScheduleId(plan.code, kind)),
        );
        out.push({ planCode: plan.code, kind, exists: view !== null, ...(view ?? {}) });
      }
    }
    return { items: out };
  }

  @Post('schedules/:plan/:kind/:action')
  @HttpCode(200)
  @Access(...STAFF)
  @ApiZodResponse(200, ScheduleOrNull)
  async control(@Param('plan') plan: string, @Param('kind') kindParam: string, @Param('action') action: string) {
    await this.requirePlan(plan);
    const kind = this.kind(kindParam);
    if (!['pause', 'resume', 'trigger'].includes(action)) {
      throw ApiError.validation([{ field: 'action', message: 'must be pause, resume or trigger' }], {
        vi: 'Dữ liệu không hợp lệ: action',
        en: 'Invalid input: action',
      });
    }
    const id = periodScheduleId(plan, kind);
    if (!(await this.deadlines.read(() => describePeriodSchedule(this.temporal, id)))) {
      throw ApiError.notFound(`lịch ${id} / schedule ${id}`);
    }
    const handle = this.temporal.schedule.getHandle(id);
    await this.deadlines.write(async () => {
      if (action === 'pause') {
        await handle.pause('Tạm dừng bởi Sở TT&TT / paused by the ICT department');
      } else if (action === 'resume') {
        await handle.unpause('Tiếp tục / resumed');
      } else {
        await handle.trigger('BUFFER_ONE');
      }
    });
    return this.deadlines.read(() => describePeriodSchedule(this.temporal, id));
  }

  /** Opens the periods of one kind now (idempotent: assignments already open are left alone). */
  @Post('periods/open')
  @HttpCode(202)
  @Access(...STAFF)
  @ApiZodBody(openBody)
  @ApiZodResponse(202, PeriodOpenStarted)
  async open(@Body(new ZodValidationPipe(openBody)) b: z.infer<typeof openBody>) {
    await this.requirePlan(b.planCode);
    const onDate = b.onDate ?? vietnamDateOf(new Date());
    const { workflowId } = await this.deadlines.write(() =>
      startPeriodOpen(
        this.temporal,
        { planCode: b.planCode, kind: b.kind, onDate },
        { taskQueue: this.config.temporal.taskQueue },
      ),
    );
    return { workflowId, progress: `/api/v1/periods/open/${b.planCode}/${b.kind}/${onDate}` };
  }

  @Get('periods/open/:plan/:kind/:date')
  @Access(...READERS)
  @ApiZodResponse(200, PeriodOpenProgress)
  async progress(@Param('plan') plan: string, @Param('kind') kind: string, @Param('date') date: string) {
    const workflowId = periodOpenWorkflowId(plan, this.kind(kind), date);
    try {
      const handle = this.temporal.workflow.getHandle(workflowId);
      const [description, progress] = await this.deadlines.read(() =>
        Promise.all([handle.describe(), handle.query(periodOpenProgressQuery)]),
      );
      return { workflowId, status: description.status.name, ...progress };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        throw ApiError.notFound(`lần mở kỳ ${workflowId} / period opening ${workflowId}`);
      }
      throw err;
    }
  }

  /**
   * Closes a period now (or again): a new report version, emailed to the ICT department,
   * built by a workflow (202, follow the `progress` link; its result names the version).
   * Idempotent: while nothing in the period changed, asking again (ten clicks, two officers)
   * is the same operation, so one version and one email; with an `Idempotency-Key` header,
   * the key names the operation instead.
   */
  @Post('periods/close')
  @HttpCode(202)
  @Access(...STAFF)
  @ApiZodBody(openBody)
  @ApiZodResponse(202, PeriodCloseStarted)
  async close(
    @Body(new ZodValidationPipe(openBody)) b: z.infer<typeof openBody>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.requirePlan(b.planCode);
    const period = consolidationPeriod(b.kind, b.onDate ?? vietnamDateOf(new Date()));
    const input: PeriodCloseInput = {
      planCode: b.planCode,
      kind: b.kind,
      periodKey: period.key,
      periodStart: period.start,
      periodEnd: period.end,
    };
    // What the report would say today: the same content is the same close.
    const basis =
      idempotencyKey ?? JSON.stringify(await this.reports.rows(b.planCode, period.key, period.start, period.end));
    const key = createHash('sha256').update(basis).digest('hex').slice(0, 16);
    const { workflowId } = await this.deadlines.write(() =>
      startPeriodClose(this.temporal, input, {
        taskQueue: this.config.temporal.taskQueue,
        workflowId: `${periodCloseWorkflowId(b.planCode, period.key)}/now-${key}`,
      }),
    );
    return accepted(res, workflowId, { workflowId, planCode: b.planCode, periodKey: period.key });
  }

  @Get('period-reports')
  @Access(...READERS)
  @ApiZodQuery(simpleListQuery)
  @ApiZodResponse(200, PeriodReportPage)
  async listReports(@Query(new ZodValidationPipe(simpleListQuery)) q: z.infer<typeof simpleListQuery>) {
    const items = await this.reports.list();
    return pageOf(
      items.map((r) => ({
        id: r.id,
        planCode: r.planCode,
        periodKey: r.periodKey,
        version: r.version,
        createdAt: r.createdAt,
        summary: r.summary,
        downloads: { xlsx: `/api/v1/period-reports/${r.id}/xlsx`, docx: `/api/v1/period-reports/${r.id}/docx` },
      })),
      q,
      (r) => `${r.planCode} ${r.periodKey}`,
    );
  }

  @Get('period-reports/:id/:format')
  @Access(...READERS)
  @ApiFileResponse(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  )
  async download(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('báo cáo / report') })) id: string,
    @Param('format') format: string,
    @Res() res: Response,
  ): Promise<void> {
    if (format !== 'xlsx' && format !== 'docx') {
      throw ApiError.validation([{ field: 'format', message: 'must be xlsx or docx' }], {
        vi: 'Dữ liệu không hợp lệ: format',
        en: 'Invalid input: format',
      });
    }
    const report = await this.reports.findById(id);
    if (!report) {
      throw ApiError.notFound('báo cáo / report');
    }
    const type =
      format === 'xlsx'
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    res
      .status(200)
      .type(type)
      .setHeader(
        'Content-Disposition',
        `attachment; filename="bao-cao-${report.periodKey}-v${report.version}.${format}"`,
      )
      .send(format === 'xlsx' ? report.xlsx : report.docx);
  }
}
