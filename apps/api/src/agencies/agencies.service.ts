import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { addDays } from '../../../../libs/domain/src/local-date';
import type { AgencyEntity } from '../../../../libs/persistence/src/entities';
import { AgencyRepository, CatalogRepository } from '../../../../libs/persistence/src/repositories';
import { APP_CONFIG } from '../../../../libs/config/src/config.module';
import type { AppConfig } from '../../../../libs/config/src/config';
import { startReorganisation } from '../../../../libs/temporal/src/workflow-starters';
import { ApiError } from '../common/api-error';
import type { z } from 'zod';
import type { reorganisationBody } from '../common/schemas';

/** Agency registry changes, including merges and splits that re-point open assignments. */
@Injectable()
export class AgenciesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(Client) private readonly temporal: Client,
  ) {}

  async require(code: string): Promise<AgencyEntity> {
    const agency = await this.agencies.findByCode(code);
    if (!agency) {
      throw ApiError.notFound(`cơ quan ${code} / agency ${code}`);
    }
    return agency;
  }

  /**
   * Merge (several → one) or split (one → several) on an effective date: the old
   * agencies end the day before and name their successor; each open assignment is
   * reissued, same duty, period and deadline, to each successor, then cancelled with
   * the reason. The old assignment and its history keep the old agency's name.
   * Validates here and runs as a workflow (answer: the operation to follow). Asking
   * again for a reorganisation already applied resumes or returns it (never 409).
   */
  async reorganise(b: z.infer<typeof reorganisationBody>, actor: string): Promise<{ workflowId: string }> {
    if (b.type === 'merge' && b.into.length !== 1) {
      throw ApiError.validation([{ field: 'into', message: 'a merge has exactly one successor' }], {
        vi: 'Dữ liệu không hợp lệ: into',
        en: 'Invalid input: into',
      });
    }
    if (b.type === 'split' && b.from.length !== 1) {
      throw ApiError.validation([{ field: 'from', message: 'a split has exactly one agency to split' }], {
        vi: 'Dữ liệu không hợp lệ: from',
        en: 'Invalid input: from',
      });
    }
    const overlap = b.from.find((c) => b.into.some((i) => i.code === c));
    if (overlap) {
      throw ApiError.validation([{ field: 'into', message: `${overlap} cannot be its own successor` }], {
        vi: 'Dữ liệu không hợp lệ: into',
        en: 'Invalid input: into',
      });
    }
    const olds = await Promise.all(b.from.map((c) => this.require(c)));
    const successors = await Promise.all(b.into.map((t) => this.agencies.findByCode(t.code)));
    const missingName = b.into.find((t, i) => !successors[i] && !t.name);
    if (missingName) {
      throw ApiError.validation([{ field: 'into.name', message: `name is required to create ${missingName.code}` }], {
        vi: 'Dữ liệu không hợp lệ: into.name',
        en: 'Invalid input: into.name',
      });
    }
    const dayBefore = addDays(b.effectiveDate, -1);
    for (const old of olds) {
      // Ended by this very reorganisation (an earlier attempt): running it again completes it.
      const endedByThis = old.validTo === dayBefore && !!successors[0] && old.successorId === successors[0].id;
      if (old.validTo && old.validTo < b.effectiveDate && !endedByThis) {
        throw ApiError.conflict(`${old.code} ended on ${old.validTo}`);
      }
    }
    const { workflowId } = await startReorganisation(
      this.temporal,
      {
        type: b.type,
        effectiveDate: b.effectiveDate,
        from: b.from,
        into: b.into,
        note: b.note ?? null,
        actor,
      },
      { taskQueue: this.config.temporal.taskQueue },
    );
    return { workflowId };
  }

  /** Plan duties each agency kind is addressed by (used by the catalog to check codes). */
  async knownPlanCodes(): Promise<string[]> {
    return (await this.catalog.listPlans()).map((p) => p.code);
  }
}
