import { In, type DataSource, type Repository } from 'typeorm';
import type { PlanCatalog } from '../../../catalog/src/catalog.schema';
import { DutyEntity, PlanEntity } from '../entities';
import { foldedMatch, searchParam } from '../search';

export interface CatalogImportResult {
  planCode: string;
  /** true when the same file had been imported already: nothing changed. */
  unchanged: boolean;
  created: number;
  updated: number;
  deactivated: number;
}

export class CatalogRepository {
  private readonly plans: Repository<PlanEntity>;
  private readonly duties: Repository<DutyEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.plans = dataSource.getRepository(PlanEntity);
    this.duties = dataSource.getRepository(DutyEntity);
  }

  /** Idempotent: re-importing updates duties in place and never duplicates them. */
  async importCatalog(catalog: PlanCatalog, contentHash: string): Promise<CatalogImportResult> {
    return this.dataSource.transaction(async (em) => {
      const plans = em.getRepository(PlanEntity);
      const duties = em.getRepository(DutyEntity);
      const meta = catalog.plan;
      let plan = await plans.findOne({ where: { code: meta.code } });
      if (plan?.contentHash === contentHash) {
        return { planCode: meta.code, unchanged: true, created: 0, updated: 0, deactivated: 0 };
      }
      plan = plans.merge(plan ?? plans.create(), {
        code: meta.code,
        titleVi: meta.title.vi,
        titleEn: meta.title.en,
        documentRef: meta.documentRef,
        issuedOn: meta.issuedOn,
        catalogVersion: meta.catalogVersion,
        contentHash,
        importedAt: new Date(),
      });
      plan = await plans.save(plan);
      const current = new Map((await duties.find({ where: { planId: plan.id } })).map((d) => [d.code, d]));
      let created = 0;
      let updated = 0;
      for (const spec of catalog.duties) {
        const existing = current.get(spec.code);
        if (existing) {
          updated += 1;
        } else {
          created += 1;
        }
        await duties.save(
          duties.merge(existing ?? duties.create(), {
            planId: plan.id,
            code: spec.code,
            clause: spec.clause,
            titleVi: spec.title.vi,
            titleEn: spec.title.en,
            binding: spec.binding,
            recurrence: spec.recurrence.kind,
            spec,
            active: true,
          }),
        );
        current.delete(spec.code);
      }
      const gone = [...current.values()].filter((d) => d.active);
      for (const duty of gone) {
        await duties.update({ id: duty.id }, { active: false });
      }
      return { planCode: meta.code, unchanged: false, created, updated, deactivated: gone.length };
    });
  }

  async findDuty(planCode: string, dutyCode: string): Promise<{ plan: PlanEntity; duty: DutyEntity } | null> {
    const plan = await this.plans.findOne({ where: { code: planCode } });
    if (!plan) {
      return null;
    }
    const duty = await this.duties.findOne({ where: { planId: plan.id, code: dutyCode } });
    return duty ? { plan, duty } : null;
  }

  /**
   * The duties named by `codes`, one per code (an active duty before one a re-import retired),
   * for lists that show a duty by name; codes no plan has are absent from the map.
   */
  async dutiesByCode(codes: string[]): Promise<Map<string, DutyEntity>> {
    const found = codes.length
      ? await this.duties.find({ where: { code: In([...new Set(codes)]) }, order: { active: 'DESC', id: 'ASC' } })
      : [];
    const byCode = new Map<string, DutyEntity>();
    for (const duty of found) {
      if (!byCode.has(duty.code)) {
        byCode.set(duty.code, duty);
      }
    }
    return byCode;
  }

  async activeDuties(planCode: string): Promise<DutyEntity[]> {
    const plan = await this.plans.findOne({ where: { code: planCode } });
    return plan
      ? this.duties.find({ where: { planId: plan.id, active: true }, order: { clause: 'ASC', code: 'ASC' } })
      : [];
  }

  listPlans(): Promise<PlanEntity[]> {
    return this.plans.find({ order: { code: 'ASC' } });
  }

  /** Plans whose code or titles contain `q`, ignoring case, diacritics and tone placement. */
  searchPlans(q: string): Promise<PlanEntity[]> {
    return this.plans
      .createQueryBuilder('p')
      .where(foldedMatch(`p.code || ' ' || p.title_vi || ' ' || p.title_en`, ':q'), { q: searchParam(q) })
      .orderBy('p.code')
      .getMany();
  }
}
