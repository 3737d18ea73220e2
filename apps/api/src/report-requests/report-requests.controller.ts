import { randomBytes } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiZodQuery } from '../common/openapi';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { z } from 'zod';
import { APP_CONFIG } from '../../../../libs/config/src/config.module';
import type { AppConfig } from '../../../../libs/config/src/config';
import { vietnamDateOf } from '../../../../libs/domain/src/local-date';
import {
  AgencyRepository,
  AssignmentRepository,
  CatalogRepository,
  ReportRequestRepository,
} from '../../../../libs/persistence/src/repositories';
import type { AssignmentInput } from '../../../../workflows/assignment.messages';
import { startAssignment } from '../../../../libs/temporal/src/workflow-starters';
import { Access, READERS, STAFF } from '../auth/access.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { ApiZodBody } from '../common/openapi';
import { createReportRequestBody, pageOf, simpleListQuery } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';

/** The catalog duty that ad-hoc requests are filed under (V.report, "đột xuất"). */
const AD_HOC_DUTY = 'report-on-demand';

@ApiTags('report-requests')
@ApiBearerAuth()
@Controller('api/v1/report-requests')
export class ReportRequestsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ReportRequestRepository) private readonly requests: ReportRequestRepository,
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(AssignmentRepository) private readonly assignments: AssignmentRepository,
    @Inject(Client) private readonly temporal: Client,
  ) {}

  /** Creates an ad-hoc report request (báo cáo đột xuất) and starts one assignment per agency. */
  @Post()
  @Access(...STAFF)
  @ApiZodBody(createReportRequestBody)
  async create(
    @CurrentPrincipal() p: Principal,
    @Body(new ZodValidationPipe(createReportRequestBody)) b: z.infer<typeof createReportRequestBody>,
  ) {
    const today = vietnamDateOf(new Date());
    if (b.dueDate <= today) {
      throw ApiError.validation([{ field: 'dueDate', message: 'must be after today' }], {
        vi: 'Dữ liệu không hợp lệ: dueDate',
        en: 'Invalid input: dueDate',
      });
    }
    const plan = (
      await Promise.all(
        (await this.catalog.listPlans()).map(async (pl) => ({
          pl,
          duty: await this.catalog.findDuty(pl.code, AD_HOC_DUTY),
        })),
      )
    ).find((x) => x.duty);
    if (!plan) {
      throw ApiError.conflict(`no plan has the on-demand reporting duty ${AD_HOC_DUTY}`);
    }
    const targets = await this.agencies.findAddressees({ codes: b.agencies.codes, kinds: b.agencies.kinds }, today);
    const unknown = (b.agencies.codes ?? []).filter((c) => !targets.some((t) => t.code === c));
    if (unknown.length) {
      throw ApiError.validation(
        [{ field: 'agencies.codes', message: `unknown or no longer existing: ${unknown.join(', ')}` }],
        {
          vi: 'Dữ liệu không hợp lệ: agencies.codes',
          en: 'Invalid input: agencies.codes',
        },
      );
    }
    const active = targets.filter((t) => t.active);
    const key = `yc-${today.replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;
    const request = await this.requests.create({
      key,
      title: b.title,
      description: b.description ?? null,
      dueDate: b.dueDate,
      fields: b.fields,
      agencyCodes: active.map((a) => a.code),
      createdBy: actorOf(p),
    });
    let started = 0;
    for (const agency of active) {
      const input: AssignmentInput = {
        planCode: plan.pl.code,
        dutyCode: AD_HOC_DUTY,
        agencyCode: agency.code,
        periodKey: key,
        periodStart: today,
        periodEnd: b.dueDate,
        dueDate: b.dueDate,
        reminderLocalTime: this.config.reminders.localTime,
        requestKey: key,
      };
      if ((await startAssignment(this.temporal, input, { taskQueue: this.config.temporal.taskQueue })).started) {
        started += 1;
      }
    }
    return { id: request.id, key, title: request.title, dueDate: request.dueDate, agencies: active.length, started };
  }

  @Get()
  @Access(...READERS)
  @ApiZodQuery(simpleListQuery)
  async list(@Query(new ZodValidationPipe(simpleListQuery)) q: z.infer<typeof simpleListQuery>) {
    const found = q.q ? await this.requests.search(q.q) : await this.requests.list();
    const items = found.map((r) => ({
      id: r.id,
      key: r.key,
      title: r.title,
      dueDate: r.dueDate,
      agencies: r.agencyCodes.length,
      createdAt: r.createdAt,
    }));
    return pageOf(items, q, null);
  }

  /** Progress: how many agencies are in each reporting category and status. */
  @Get(':id')
  @Access(...READERS)
  async get(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('yêu cầu báo cáo / report request') }))
    id: string,
  ) {
    const r = await this.requests.findById(id);
    if (!r) {
      throw ApiError.notFound('yêu cầu báo cáo / report request');
    }
    const rows = await this.assignments.statistics('period', { periodKey: r.key });
    const byCategory = Object.fromEntries(rows.map((x) => [x.category, x.count]));
    const total = rows.reduce((n, x) => n + x.count, 0);
    return { ...r, progress: { total, byCategory } };
  }
}
