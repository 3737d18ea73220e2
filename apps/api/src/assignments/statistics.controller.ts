import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { REPORTING_CATEGORIES, REPORTING_CATEGORY_LABELS } from '../../../../libs/domain/src/status';
import { AssignmentRepository } from '../../../../libs/persistence/src/repositories';
import { Access, READERS } from '../auth/access.decorator';
import { ApiZodQuery } from '../common/openapi';
import { statisticsQuery } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('api/v1/statistics')
export class StatisticsController {
  constructor(@Inject(AssignmentRepository) private readonly assignments: AssignmentRepository) {}

  /** Counts per reporting category, grouped by agency, agency kind, duty or period. */
  @Get()
  @Access(...READERS)
  @ApiZodQuery(statisticsQuery)
  async get(@Query(new ZodValidationPipe(statisticsQuery)) q: z.infer<typeof statisticsQuery>) {
    const rows = await this.assignments.statistics(q.groupBy, { periodKey: q.period });
    const groups = new Map<
      string,
      { key: string; label: string; labelEn: string; counts: Record<string, number>; total: number }
    >();
    for (const r of rows) {
      const g = groups.get(r.key) ?? {
        key: r.key,
        label: r.label,
        labelEn: r.labelEn,
        counts: Object.fromEntries(REPORTING_CATEGORIES.map((c) => [c, 0])),
        total: 0,
      };
      g.counts[r.category] = r.count;
      g.total += r.count;
      groups.set(r.key, g);
    }
    const totals = Object.fromEntries(
      REPORTING_CATEGORIES.map((c) => [c, rows.filter((r) => r.category === c).reduce((n, r) => n + r.count, 0)]),
    );
    return {
      groupBy: q.groupBy,
      period: q.period ?? null,
      categories: REPORTING_CATEGORIES.map((c) => ({ category: c, label: REPORTING_CATEGORY_LABELS[c] })),
      totals,
      groups: [...groups.values()],
    };
  }
}
