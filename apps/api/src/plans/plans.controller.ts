import { createHash } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { ApiZodQuery, ApiZodResponse } from '../common/openapi';
import { pageOf, simpleListQuery } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { CatalogValidationError, parseCatalog } from '../../../../libs/catalog/src/catalog.loader';
import { AgencyRepository, CatalogRepository } from '../../../../libs/persistence/src/repositories';
import { sectionVReach } from '../../../../libs/registry/src/section-v';
import { vietnamDateOf } from '../../../../libs/domain/src/local-date';
import { Access, AGENCIES, READERS, STAFF } from '../auth/access.decorator';
import { ApiError } from '../common/api-error';
import { PlanDetail, PlanImport, PlanPage } from '../common/responses';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('api/v1/plans')
export class PlansController {
  constructor(
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
  ) {}

  @Get()
  @Access(...READERS, ...AGENCIES)
  @ApiZodQuery(simpleListQuery)
  @ApiZodResponse(200, PlanPage)
  async list(@Query(new ZodValidationPipe(simpleListQuery)) q: z.infer<typeof simpleListQuery>) {
    const found = q.q ? await this.catalog.searchPlans(q.q) : await this.catalog.listPlans();
    const plans = found.map((p) => ({
      code: p.code,
      title: { vi: p.titleVi, en: p.titleEn },
      catalogVersion: p.catalogVersion,
      importedAt: p.importedAt,
    }));
    return pageOf(plans, q, null);
  }

  /**
   * The plan and its duties, each with its reach today (Vietnam date):
   * `addresseesToday` agencies in force owe it (listed in `addressees`), and
   * when none does, `noAddresseeReason` says why (vi, en).
   */
  @Get(':code')
  @Access(...READERS, ...AGENCIES)
  @ApiZodResponse(200, PlanDetail)
  async get(@Param('code') code: string) {
    const plan = (await this.catalog.listPlans()).find((p) => p.code === code);
    if (!plan) {
      throw ApiError.notFound('kế hoạch / plan');
    }
    const duties = await this.catalog.activeDuties(code);
    const today = vietnamDateOf(new Date());
    const reach = sectionVReach(
      duties.map((d) => d.spec),
      await this.agencies.registry(),
      today,
    );
    return {
      code: plan.code,
      title: { vi: plan.titleVi, en: plan.titleEn },
      catalogVersion: plan.catalogVersion,
      asOf: today,
      duties: duties.map((d, i) => ({
        code: d.code,
        clause: d.clause,
        binding: d.binding,
        recurrence: d.recurrence,
        spec: d.spec,
        addresseesToday: reach[i].count,
        noAddresseeReason: reach[i].reason,
        addressees: reach[i].addressees.map((a) => ({ code: a.code, name: a.name, route: a.route })),
        reachNotes: reach[i].notes,
      })),
    };
  }

  /** Imports a plan catalog (the JSON file format); an invalid file is rejected naming each bad field. */
  @Post('import')
  @HttpCode(200)
  @Access(...STAFF)
  @ApiBody({ schema: { type: 'object', description: 'A plan catalog (see libs/catalog/data)' } })
  @ApiZodResponse(200, PlanImport)
  async import(@Body() body: unknown) {
    try {
      const catalog = parseCatalog(body, 'request body');
      const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      return await this.catalog.importCatalog(catalog, hash);
    } catch (err) {
      if (err instanceof CatalogValidationError) {
        throw ApiError.validation(
          err.issues.map((i) => ({ field: i.path, message: i.message })),
          {
            vi: `Danh mục kế hoạch không hợp lệ: ${err.issues.map((i) => i.path).join(', ')}`,
            en: `Invalid plan catalog: ${err.issues.map((i) => i.path).join(', ')}`,
          },
        );
      }
      throw err;
    }
  }
}
