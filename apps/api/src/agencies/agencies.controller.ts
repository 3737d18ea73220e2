import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import type { AgencyEntity } from '../../../../libs/persistence/src/entities';
import { AgencyRepository } from '../../../../libs/persistence/src/repositories';
import { Access, AGENCIES, READERS, STAFF } from '../auth/access.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { actorOf, agencyScope, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { ApiFileResponse, ApiZodBody, ApiZodQuery, ApiZodResponse } from '../common/openapi';
import {
  agencyListQuery,
  createAgencyBody,
  importQuery,
  lineageSettlementBody,
  reorganisationBody,
  updateAgencyBody,
} from '../common/schemas';
import { vietnamDateOf } from '../../../../libs/domain/src/local-date';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { AgenciesService } from './agencies.service';
import { accepted } from '../operations/accepted';
import {
  Agency,
  AgencyDeactivated,
  AgencyPage,
  AgencyTree,
  IctDepartment,
  LineageQuestions,
  LineageSettled,
  LinksRevoked,
  RegistryImport,
  ReorganisationStarted,
} from '../common/responses';

function view(a: AgencyEntity, byId?: Map<string, AgencyEntity>) {
  return {
    code: a.code,
    name: a.name,
    kind: a.kind,
    subtype: a.subtype,
    parentCode: a.parentId ? (byId?.get(a.parentId)?.code ?? null) : null,
    successorCode: a.successorId ? (byId?.get(a.successorId)?.code ?? null) : null,
    validFrom: a.validFrom,
    validTo: a.validTo,
    active: a.active,
    focalEmail: a.focalEmail,
    headEmail: a.headEmail,
    formedFrom: a.formedFrom,
    undeliverableEmails: a.undeliverableEmails,
    /** Per flagged address: the mail server's code and answer, and when it refused. */
    undeliverable: a.undeliverableEmails.map((address) => ({
      address,
      smtpCode: a.undeliverableReasons?.[address]?.smtpCode ?? null,
      reason: a.undeliverableReasons?.[address]?.error ?? null,
      at: a.undeliverableReasons?.[address]?.at ?? null,
    })),
    prefersDigest: a.prefersDigest,
  };
}

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('api/v1/agencies')
export class AgenciesController {
  constructor(
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
    @Inject(AgenciesService) private readonly service: AgenciesService,
  ) {}

  @Get()
  @Access(...READERS)
  @ApiZodQuery(agencyListQuery)
  @ApiZodResponse(200, AgencyPage)
  async list(@Query(new ZodValidationPipe(agencyListQuery)) q: z.infer<typeof agencyListQuery>) {
    const desc = q.sort.startsWith('-');
    const field = (desc ? q.sort.slice(1) : q.sort) as 'code' | 'name' | 'kind';
    const { total, items } = await this.agencies.search(
      { kind: q.kind, active: q.active, validOn: q.validOn, q: q.q },
      { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
      { field, desc },
    );
    const byId = new Map((await this.agencies.list()).map((a) => [a.id, a]));
    return { page: q.page, pageSize: q.pageSize, total, items: items.map((a) => view(a, byId)) };
  }

  /** Agencies grouped by kind, with their children (parent links) nested. */
  @Get('tree')
  @Access(...READERS)
  @ApiZodResponse(200, AgencyTree)
  async tree() {
    const all = await this.agencies.list();
    const byId = new Map(all.map((a) => [a.id, a]));
    type Node = ReturnType<typeof view> & { children: Node[] };
    const node = (a: AgencyEntity): Node => ({
      ...view(a, byId),
      children: all.filter((c) => c.parentId === a.id).map(node),
    });
    const kinds = [...new Set(all.map((a) => a.kind))];
    return kinds.map((kind) => ({ kind, agencies: all.filter((a) => a.kind === kind && !a.parentId).map(node) }));
  }

  /** 202: the reorganisation runs as a workflow; follow it at the `progress` link. */
  @Post('reorganisations')
  @HttpCode(202)
  @Access(...STAFF)
  @ApiZodBody(reorganisationBody)
  @ApiZodResponse(202, ReorganisationStarted)
  async reorganise(
    @CurrentPrincipal() p: Principal,
    @Body(new ZodValidationPipe(reorganisationBody)) b: z.infer<typeof reorganisationBody>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { workflowId } = await this.service.reorganise(b, actorOf(p));
    return accepted(res, workflowId, { type: b.type, effectiveDate: b.effectiveDate, from: b.from });
  }

  /** The standing ICT department today (the dashboard header, the agency page). */
  @Get('ict-department')
  @Access(...READERS, ...AGENCIES)
  @ApiZodResponse(200, IctDepartment)
  async ictDepartment() {
    const ict = await this.agencies.ictDepartment(vietnamDateOf(new Date()));
    return { code: ict.code, name: ict.name, asOf: vietnamDateOf(new Date()) };
  }

  /**
   * Lineage facts the sources do not settle ("to-confirm"), open ones first,
   * then those an admin settled, each with its question, source and answer.
   */
  @Get('lineage-questions')
  @Access(...READERS)
  @ApiZodResponse(200, LineageQuestions)
  async lineageQuestions() {
    const all = await this.agencies.list();
    const byId = new Map(all.map((a) => [a.id, a]));
    return (await this.agencies.lineageQuestions()).map((a) => ({
      code: a.code,
      name: a.name,
      kind: a.kind,
      validFrom: a.validFrom,
      validTo: a.validTo,
      successorCode: a.successorId ? (byId.get(a.successorId)?.code ?? null) : null,
      status: a.lineageStatus,
      question: a.lineageQuestion,
      source: a.lineageSource,
      settlement: a.lineageSettlement,
    }));
  }

  /** An admin settles a lineage question: confirmed, or disputed (then corrected by editing the agency). */
  @Post(':code/lineage-settlement')
  @HttpCode(200)
  @Access('admin')
  @ApiZodBody(lineageSettlementBody)
  @ApiZodResponse(200, LineageSettled)
  async settleLineage(
    @CurrentPrincipal() p: Principal,
    @Param('code') code: string,
    @Body(new ZodValidationPipe(lineageSettlementBody)) b: z.infer<typeof lineageSettlementBody>,
  ) {
    await this.service.require(code);
    const settlement = { decision: b.decision, note: b.note, by: actorOf(p), at: new Date().toISOString() };
    if (!(await this.agencies.settleLineage(code, settlement))) {
      throw ApiError.conflict(`${code} has no open lineage question`);
    }
    return { code, status: b.decision, settlement };
  }

  /** The registry as a file that imports back: `export.xlsx` or `export.csv`. */
  @Get('export.:format')
  @Access(...READERS)
  @ApiFileResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  async export(@Param('format') format: string, @Res({ passthrough: true }) res: Response) {
    if (format !== 'xlsx' && format !== 'csv') {
      throw ApiError.notFound(`định dạng ${format} / format ${format}`);
    }
    res.setHeader(
      'Content-Type',
      format === 'xlsx'
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'text/csv; charset=utf-8',
    );
    res.setHeader('Content-Disposition', `attachment; filename="danh-sach-co-quan.${format}"`);
    return new StreamableFile(await this.service.exportFile(format));
  }

  /**
   * Imports a registry file sent as the request body (CSV or XLSX). Without `confirm`: a preview,
   * nothing written. With `confirm` = the preview's sha256: applied, all or nothing, audited.
   */
  @Post('import')
  @HttpCode(200)
  @Access(...STAFF)
  @ApiConsumes('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiZodQuery(importQuery)
  @ApiZodResponse(200, RegistryImport)
  import(
    @CurrentPrincipal() p: Principal,
    @Query(new ZodValidationPipe(importQuery)) q: z.infer<typeof importQuery>,
    @Req() req: Request,
  ) {
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body)) {
      throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', {
        vi: 'Hãy gửi tệp CSV (text/csv) hoặc XLSX làm nội dung yêu cầu',
        en: 'Send the CSV (text/csv) or XLSX file as the request body',
      });
    }
    return this.service.importFile(body, q.fileName, q.confirm, actorOf(p));
  }

  @Get(':code')
  @Access(...READERS, ...AGENCIES)
  @ApiZodResponse(200, Agency)
  async get(@CurrentPrincipal() p: Principal, @Param('code') code: string) {
    const scope = agencyScope(p);
    if (scope && scope !== code) {
      throw ApiError.notFound(`cơ quan ${code} / agency ${code}`);
    }
    const agency = await this.service.require(code);
    const byId = new Map((await this.agencies.list()).map((a) => [a.id, a]));
    return view(agency, byId);
  }

  @Post()
  @Access(...STAFF)
  @ApiZodBody(createAgencyBody)
  @ApiZodResponse(201, Agency)
  async create(@Body(new ZodValidationPipe(createAgencyBody)) b: z.infer<typeof createAgencyBody>) {
    if (await this.agencies.findByCode(b.code)) {
      throw ApiError.conflict(`agency ${b.code} exists`);
    }
    const parent = b.parentCode ? await this.service.require(b.parentCode) : null;
    const created = await this.agencies.create({
      code: b.code,
      name: b.name,
      kind: b.kind,
      subtype: b.subtype ?? null,
      parentId: parent?.id ?? null,
      validFrom: b.validFrom ?? null,
      focalEmail: b.focalEmail ?? null,
      headEmail: b.headEmail ?? null,
      note: b.note ?? null,
    });
    return view(created);
  }

  @Patch(':code')
  @Access(...STAFF)
  @ApiZodBody(updateAgencyBody)
  @ApiZodResponse(200, Agency)
  async update(
    @Param('code') code: string,
    @Body(new ZodValidationPipe(updateAgencyBody)) b: z.infer<typeof updateAgencyBody>,
  ) {
    const agency = await this.service.require(code);
    const { parentCode, ...rest } = b;
    const changes: Partial<AgencyEntity> = { ...rest };
    if (parentCode !== undefined) {
      changes.parentId = parentCode === null ? null : (await this.service.require(parentCode)).id;
    }
    if (b.focalEmail !== undefined || b.headEmail !== undefined) {
      changes.undeliverableEmails = [];
      changes.undeliverableReasons = {};
    }
    await this.agencies.update(agency.id, changes);
    return view((await this.agencies.findById(agency.id))!);
  }

  @Post(':code/deactivate')
  @HttpCode(200)
  @Access(...STAFF)
  @ApiZodResponse(200, AgencyDeactivated)
  async deactivate(@Param('code') code: string) {
    const agency = await this.service.require(code);
    await this.agencies.update(agency.id, { active: false });
    return { code, active: false as const };
  }

  /** Revokes every link emailed to this agency so far; later emails carry new links. */
  @Post(':code/revoke-links')
  @HttpCode(200)
  @Access(...STAFF)
  @ApiZodResponse(200, LinksRevoked)
  async revokeLinks(@Param('code') code: string) {
    const agency = await this.service.require(code);
    return { code, linkGeneration: await this.agencies.bumpLinkGeneration(agency.id) };
  }
}
