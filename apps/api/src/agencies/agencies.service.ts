import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { addDays, formatVietnameseDate } from '../../../../libs/domain/src/local-date';
import type { AgencyEntity } from '../../../../libs/persistence/src/entities';
import {
  AgencyRepository,
  AssignmentRepository,
  CatalogRepository,
} from '../../../../libs/persistence/src/repositories';
import { APP_CONFIG } from '../../../../libs/config/src/config.module';
import type { AppConfig } from '../../../../libs/config/src/config';
import { cancelSignal, type AssignmentInput } from '../../../../workflows/assignment.messages';
import { startAssignment } from '../../../../libs/temporal/src/workflow-starters';
import { ApiError } from '../common/api-error';
import type { z } from 'zod';
import type { reorganisationBody } from '../common/schemas';

export interface ReorganisationResult {
  type: 'merge' | 'split';
  effectiveDate: string;
  retired: string[];
  successors: string[];
  moved: Array<{ from: string; to: string; duty: string; period: string }>;
}

/** Agency registry changes, including merges and splits that re-point open assignments. */
@Injectable()
export class AgenciesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
    @Inject(AssignmentRepository) private readonly assignments: AssignmentRepository,
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
   * cancelled with the reason and reissued, same duty, period and deadline, to each
   * successor. The old assignment and its history keep the old agency's name.
   */
  async reorganise(b: z.infer<typeof reorganisationBody>, actor: string): Promise<ReorganisationResult> {
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
    for (const old of olds) {
      if (old.validTo && old.validTo < b.effectiveDate) {
        throw ApiError.conflict(`${old.code} ended on ${old.validTo}`);
      }
    }
    const successors: AgencyEntity[] = [];
    for (const target of b.into) {
      const existing = await this.agencies.findByCode(target.code);
      if (existing) {
        successors.push(existing);
        continue;
      }
      if (!target.name) {
        throw ApiError.validation([{ field: 'into.name', message: `name is required to create ${target.code}` }], {
          vi: 'Dữ liệu không hợp lệ: into.name',
          en: 'Invalid input: into.name',
        });
      }
      successors.push(
        await this.agencies.create({
          code: target.code,
          name: target.name,
          kind: target.kind ?? olds[0].kind,
          validFrom: b.effectiveDate,
          focalEmail: target.focalEmail ?? null,
          headEmail: target.headEmail ?? null,
          formedFrom: olds.map((o) => o.name),
          note: b.note ?? null,
        }),
      );
    }
    const dayBefore = addDays(b.effectiveDate, -1);
    for (const old of olds) {
      await this.agencies.update(old.id, { validTo: dayBefore, successorId: successors[0].id });
    }
    const moved: ReorganisationResult['moved'] = [];
    const reason = `${b.type === 'merge' ? 'Sáp nhập vào' : 'Chia tách thành'} ${successors.map((s) => s.name).join(', ')} từ ${formatVietnameseDate(b.effectiveDate)} / ${b.type === 'merge' ? 'merged into' : 'split into'} ${successors.map((s) => s.code).join(', ')} from ${b.effectiveDate}`;
    for (const old of olds) {
      for (const a of await this.assignments.findOpenByAgency(old.id)) {
        const row = (await this.assignments.list({ workflowIds: [a.workflowId] }, { offset: 0, limit: 1 })).items[0];
        await this.temporal.workflow
          .getHandle(a.workflowId)
          .signal(cancelSignal, { actor, reason })
          .catch(() => undefined);
        for (const successor of successors) {
          const input: AssignmentInput = {
            planCode: row.duty.planCode,
            dutyCode: row.duty.code,
            agencyCode: successor.code,
            periodKey: a.periodKey,
            periodStart: a.periodStart,
            periodEnd: a.periodEnd,
            dueDate: a.dueDate,
            reminderLocalTime: this.config.reminders.localTime,
          };
          // The successor may already have this duty for this period: nothing to reissue then.
          if ((await startAssignment(this.temporal, input, { taskQueue: this.config.temporal.taskQueue })).started) {
            moved.push({ from: old.code, to: successor.code, duty: row.duty.code, period: a.periodKey });
          }
        }
      }
    }
    return {
      type: b.type,
      effectiveDate: b.effectiveDate,
      retired: olds.map((o) => o.code),
      successors: successors.map((s) => s.code),
      moved,
    };
  }

  /** Plan duties each agency kind is addressed by (used by the catalog to check codes). */
  async knownPlanCodes(): Promise<string[]> {
    return (await this.catalog.listPlans()).map((p) => p.code);
  }
}
