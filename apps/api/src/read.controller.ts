import { Controller, Get, Inject, Query } from '@nestjs/common';
import { AgencyRepository, AssignmentRepository, CatalogRepository } from '../../../libs/persistence/src/repositories';
import { REPORTING_CATEGORIES, REPORTING_CATEGORY_LABELS } from '../../../libs/domain/src/reporting-category';

/** Read-only views over the read model. Writes arrive with the API issue and always go through Temporal. */
@Controller('api/v1')
export class ReadController {
  constructor(
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(AssignmentRepository) private readonly assignments: AssignmentRepository,
  ) {}

  @Get('agencies')
  async listAgencies() {
    const items = await this.agencies.list();
    return {
      total: items.length,
      items: items.map((a) => ({
        code: a.code,
        name: a.name,
        kind: a.kind,
        validFrom: a.validFrom,
        validTo: a.validTo,
      })),
    };
  }

  @Get('plans')
  async listPlans() {
    const plans = await this.catalog.listPlans();
    return Promise.all(
      plans.map(async (p) => ({
        code: p.code,
        title: { vi: p.titleVi, en: p.titleEn },
        catalogVersion: p.catalogVersion,
        duties: (await this.catalog.activeDuties(p.code)).map((d) => ({
          code: d.code,
          clause: d.clause,
          title: { vi: d.titleVi, en: d.titleEn },
          binding: d.binding,
          recurrence: d.recurrence,
        })),
      })),
    );
  }

  @Get('statistics')
  async statistics(@Query('period') period?: string) {
    const counts = await this.assignments.countByCategory(period);
    return {
      period: period ?? null,
      categories: REPORTING_CATEGORIES.map((c) => ({
        category: c,
        label: REPORTING_CATEGORY_LABELS[c],
        count: counts[c] ?? 0,
      })),
    };
  }
}
