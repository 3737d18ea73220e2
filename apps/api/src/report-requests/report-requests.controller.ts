import { createHash, randomBytes } from 'node:crypto';
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
import { ApiZodBody, ApiZodQuery, ApiZodResponse } from '../common/openapi';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { z } from 'zod';
import { APP_CONFIG } from '../../../../libs/config/src/config.module';
import type { AppConfig } from '../../../../libs/config/src/config';
import { vietnamDateOf } from '../../../../libs/domain/src/local-date';
import { lawfulDeadline } from '../../../../libs/domain/src/calendar/lawful-deadline';
import { resolveAddressees } from '../../../../libs/domain/src/agency-lineage';
import type { EvidenceFieldSpec } from '../../../../libs/domain/src/evidence';
import type { DutySpec } from '../../../../libs/catalog/src/catalog.schema';
import type { DutyEntity } from '../../../../libs/persistence/src/entities';
import { countCategories } from '../../../../libs/domain/src/status';
import {
  AgencyRepository,
  AssignmentRepository,
  CalendarRepository,
  CatalogRepository,
  ReportRequestRepository,
} from '../../../../libs/persistence/src/repositories';
import { reportRequestWorkflowId } from '../../../../workflows/report-request.messages';
import { startReportRequest } from '../../../../libs/temporal/src/workflow-starters';
import { accepted, operationLink } from '../operations/accepted';
import { Access, READERS, STAFF } from '../auth/access.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { WorkflowDeadlines } from '../common/workflow-deadlines';
import { createReportRequestBody, pageOf, simpleListQuery } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { ReportRequestDetail, ReportRequestPage, ReportRequestStarted } from '../common/responses';

/** JSON with object keys sorted (PostgreSQL's jsonb does not keep the order they were sent in). */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** The catalog duty that ad-hoc requests are filed under unless they name another (V.report, "đột xuất"). */
const AD_HOC_DUTY = 'report-on-demand';

/** A duty's evidence fields as a request carries them. */
const evidenceFieldsOf = (spec: DutySpec): EvidenceFieldSpec[] =>
  spec.evidence.fields.map((f) => ({
    key: f.key,
    label: f.label,
    type: f.type,
    required: f.required,
    ...(f.min !== undefined ? { min: f.min } : {}),
  }));

const invalid = (field: string, message: string): ApiError =>
  ApiError.validation([{ field, message }], {
    vi: `Dữ liệu không hợp lệ: ${field}`,
    en: `Invalid input: ${field}`,
  });

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
    @Inject(CalendarRepository) private readonly calendars: CalendarRepository,
    @Inject(Client) private readonly temporal: Client,
    @Inject(WorkflowDeadlines) private readonly deadlines: WorkflowDeadlines,
  ) {}

  /**
   * Creates an ad-hoc report request (báo cáo đột xuất) and starts its fan-out: one
   * assignment per agency, run by a workflow (202, follow the `progress` link).
   * Idempotent with an `Idempotency-Key` header (or `clientId` in the body): the same
   * key from the same officer returns the same request and sends nothing twice; the
   * same key with a different request is refused (422). A deadline on a day off moves to the
   * next working day (Civil Code 2015, art. 148(5)): the response then carries
   * `deadlineMovedFrom` (the date asked for) and `deadlineMovedMessage` ({ vi, en }).
   *
   * `dutyCode` names the on-demand duty the request is filed under (advising the
   * Chairman V.3, the ICT department's own ad-hoc report V.1, or the generic one by
   * default): the assignments take its binding flag and escalation policy; `fields`
   * default to its evidence fields and `agencies` to its addressees in force today.
   * A duty that is not on-demand, or unknown, is refused (400, field `dutyCode`).
   */
  @Post()
  @HttpCode(202)
  @Access(...STAFF)
  @ApiZodBody(createReportRequestBody)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Chosen by the client (1-200 visible ASCII characters); a repeated request with it is answered once.',
  })
  @ApiZodResponse(202, ReportRequestStarted)
  async create(
    @CurrentPrincipal() p: Principal,
    @Body(new ZodValidationPipe(createReportRequestBody)) b: z.infer<typeof createReportRequestBody>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const clientKey = idempotencyKey ?? b.clientId;
    if (clientKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(clientKey)) {
      throw ApiError.validation([{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }], {
        vi: 'Dữ liệu không hợp lệ: Idempotency-Key',
        en: 'Invalid input: Idempotency-Key',
      });
    }
    const today = vietnamDateOf(new Date());
    const actor = actorOf(p);
    // The same officer's key always names the same request.
    const key = clientKey
      ? `yc-${createHash('sha256').update(`${actor}\n${clientKey}`).digest('hex').slice(0, 16)}`
      : `yc-${today.replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;
    const { planCode: plan, duty } = await this.onDemandDuty(b.dutyCode ?? AD_HOC_DUTY);
    const fields = b.fields ?? evidenceFieldsOf(duty.spec);
    const calendar = await this.calendars.workingCalendar([Number(b.dueDate.slice(0, 4))]);
    const deadline = lawfulDeadline(calendar, b.dueDate);
    let request = await this.requests.findByKey(key);
    if (request) {
      const same =
        request.title === b.title &&
        (request.dueDate === deadline.dueDate || request.dueDate === b.dueDate) &&
        (request.description ?? undefined) === b.description &&
        (request.dutyCode ?? AD_HOC_DUTY) === duty.code &&
        canonicalJson(request.fields) === canonicalJson(fields);
      if (!same) {
        throw new ApiError(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          {
            vi: 'Khóa chống trùng (Idempotency-Key) đã được dùng cho một yêu cầu khác',
            en: 'This Idempotency-Key was already used for a different request',
          },
          { key: clientKey },
        );
      }
    } else {
      if (b.dueDate <= today) {
        throw ApiError.validation([{ field: 'dueDate', message: 'must be after today' }], {
          vi: 'Dữ liệu không hợp lệ: dueDate',
          en: 'Invalid input: dueDate',
        });
      }
      // Without a list, whoever owes the duty today (successors of ended bodies included).
      const addressees = b.agencies ?? {
        codes: resolveAddressees(duty.spec, await this.agencies.registry(), today).addressees.map((a) => a.code),
      };
      if (!addressees.codes?.length && !addressees.kinds?.length) {
        throw invalid('agencies', `no agency in force owes ${duty.code} today: name agency codes or kinds`);
      }
      const targets = await this.agencies.findAddressees({ codes: addressees.codes, kinds: addressees.kinds }, today);
      const unknown = (addressees.codes ?? []).filter((c) => !targets.some((t) => t.code === c));
      if (unknown.length) {
        throw ApiError.validation(
          [{ field: 'agencies.codes', message: `unknown or no longer existing: ${unknown.join(', ')}` }],
          {
            vi: 'Dữ liệu không hợp lệ: agencies.codes',
            en: 'Invalid input: agencies.codes',
          },
        );
      }
      request = await this.requests.createOnce({
        key,
        title: b.title,
        description: b.description ?? null,
        dueDate: deadline.dueDate,
        dutyCode: duty.code,
        fields,
        agencyCodes: targets.filter((t) => t.active).map((a) => a.code),
        createdBy: actor,
      });
    }
    const { workflowId } = await this.deadlines.write(() =>
      startReportRequest(
        this.temporal,
        { requestKey: request.key, planCode: plan, dutyCode: request.dutyCode ?? AD_HOC_DUTY },
        { taskQueue: this.config.temporal.taskQueue },
      ),
    );
    return accepted(res, workflowId, {
      id: request.id,
      key: request.key,
      title: request.title,
      dueDate: request.dueDate,
      dutyCode: request.dutyCode ?? AD_HOC_DUTY,
      agencies: request.agencyCodes.length,
      ...(deadline.deadlineMovedFrom
        ? { deadlineMovedFrom: deadline.deadlineMovedFrom, deadlineMovedMessage: deadline.deadlineMovedMessage }
        : {}),
    });
  }

  /** The active on-demand duty `code` and the plan holding it; 400 when unknown or not on-demand. */
  private async onDemandDuty(code: string): Promise<{ planCode: string; duty: DutyEntity }> {
    const all: Array<{ planCode: string; duty: DutyEntity }> = [];
    for (const plan of await this.catalog.listPlans()) {
      all.push(...(await this.catalog.activeDuties(plan.code)).map((duty) => ({ planCode: plan.code, duty })));
    }
    const onDemand = all.filter((d) => d.duty.recurrence === 'on-demand');
    const found = all.find((d) => d.duty.code === code);
    if (found && found.duty.recurrence === 'on-demand') {
      return found;
    }
    if (!found && code === AD_HOC_DUTY) {
      throw ApiError.conflict(`no plan has the on-demand reporting duty ${AD_HOC_DUTY}`);
    }
    const choices = onDemand.map((d) => d.duty.code).join(', ');
    throw invalid(
      'dutyCode',
      found
        ? `${code} is a ${found.duty.recurrence} duty, not an on-demand one; on-demand duties: ${choices}`
        : `unknown duty ${code}; on-demand duties: ${choices}`,
    );
  }

  /**
   * The requests sent, newest first; each names its duty: `duty` = { code, clause, title: { vi, en } }
   * (clause and title null only if no plan knows the code any more).
   */
  @Get()
  @Access(...READERS)
  @ApiZodQuery(simpleListQuery)
  @ApiZodResponse(200, ReportRequestPage)
  async list(@Query(new ZodValidationPipe(simpleListQuery)) q: z.infer<typeof simpleListQuery>) {
    const found = q.q ? await this.requests.search(q.q) : await this.requests.list();
    const duties = await this.catalog.dutiesByCode(found.map((r) => r.dutyCode ?? AD_HOC_DUTY));
    const items = found.map((r) => {
      const code = r.dutyCode ?? AD_HOC_DUTY;
      const duty = duties.get(code);
      return {
        id: r.id,
        key: r.key,
        title: r.title,
        dueDate: r.dueDate,
        // The duty it was filed under, by name (a retired duty keeps its last title).
        duty: {
          code,
          clause: duty?.clause ?? null,
          title: duty ? { vi: duty.titleVi, en: duty.titleEn } : null,
        },
        agencies: r.agencyCodes.length,
        createdAt: r.createdAt,
      };
    });
    return pageOf(items, q, null);
  }

  /** Progress: how many agencies are in each reporting category and status. */
  @Get(':id')
  @Access(...READERS)
  @ApiZodResponse(200, ReportRequestDetail)
  async get(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => ApiError.notFound('yêu cầu báo cáo / report request') }))
    id: string,
  ) {
    const r = await this.requests.findById(id);
    if (!r) {
      throw ApiError.notFound('yêu cầu báo cáo / report request');
    }
    const rows = await this.assignments.statistics('period', { periodKey: r.key });
    const { counts, total, awaitingReview, lifted } = countCategories(rows);
    // Field by field, so that a column added to the entity never reaches the answer undocumented.
    return {
      id: r.id,
      key: r.key,
      title: r.title,
      description: r.description,
      dueDate: r.dueDate,
      dutyCode: r.dutyCode ?? AD_HOC_DUTY,
      fields: r.fields,
      agencyCodes: r.agencyCodes,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      progress: { total, byCategory: counts, awaitingReview, lifted },
      fanOut: operationLink(reportRequestWorkflowId(r.key)),
    };
  }
}
