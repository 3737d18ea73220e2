import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import {
  REPORTING_CATEGORIES,
  REPORTING_CATEGORY_LABELS,
  countCategoriesByBinding,
  type BindingSplitCounts,
} from '../../../../libs/domain/src/status';
import {
  AssignmentRepository,
  type StatisticsGroup,
  type StatisticsRow,
} from '../../../../libs/persistence/src/repositories';
import { Access, READERS } from '../auth/access.decorator';
import { ApiZodQuery, ApiZodResponse } from '../common/openapi';
import { statisticsQuery } from '../common/schemas';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { Statistics } from '../common/responses';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('api/v1/statistics')
export class StatisticsController {
  constructor(@Inject(AssignmentRepository) private readonly assignments: AssignmentRepository) {}

  /**
   * Counts per reporting category, grouped by agency, agency kind, duty or period, split the
   * way the period report signs them: `totals`, `total`, `done`, `complianceRate` and
   * `onTimeRate` (fractions in [0, 1]) count binding ("giao") assignments only; requested
   * ("đề nghị") ones, ad-hoc requests to requested bodies included, are under `requested`
   * and in no rate. A report awaiting review counts as open (`awaitingReview` says how many);
   * waived and cancelled assignments are counted apart (`lifted`) and are in no total.
   */
  @Get()
  @Access(...READERS)
  @ApiZodQuery(statisticsQuery)
  @ApiZodResponse(200, Statistics)
  async get(@Query(new ZodValidationPipe(statisticsQuery)) q: z.infer<typeof statisticsQuery>) {
    const rows = await this.assignments.statistics(q.groupBy, { periodKey: q.period });
    return statisticsAnswer(q.groupBy, q.period ?? null, rows);
  }
}

/**
 * The answer of `GET /api/v1/statistics` from the repository's rows (ordered by key): one group per
 * key, and the totals over all of them. One pass over the rows.
 */
export function statisticsAnswer(groupBy: StatisticsGroup, period: string | null, rows: StatisticsRow[]) {
  const groups: Array<{ key: string; label: string; labelEn: string } & ReturnType<typeof flatten>> = [];
  for (let from = 0; from < rows.length;) {
    let to = from + 1;
    while (to < rows.length && rows[to].key === rows[from].key) {
      to += 1;
    }
    const first = rows[from];
    groups.push({
      key: first.key,
      label: first.label,
      labelEn: first.labelEn,
      ...flatten(countCategoriesByBinding(rows.slice(from, to))),
    });
    from = to;
  }
  const { counts, ...all } = flatten(countCategoriesByBinding(rows));
  return {
    groupBy,
    period,
    categories: REPORTING_CATEGORIES.map((c) => ({ category: c, label: REPORTING_CATEGORY_LABELS[c] })),
    totals: counts,
    ...all,
    groups,
  };
}

/** The binding tally at the top level (the signed figures), the requested one and the lifted ones beside it. */
function flatten(split: BindingSplitCounts) {
  const { binding, requested, lifted } = split;
  return { ...binding, requested, lifted };
}
