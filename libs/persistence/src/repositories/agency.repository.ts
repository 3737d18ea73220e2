import { Brackets, type DataSource, type Repository } from 'typeorm';
import type { AgencyRecord } from '../../../registry/src/agency-csv';
import type { LineageFacts } from '../../../registry/src/lineage';
import { ictDepartmentOn, type RegistryAgency } from '../../../domain/src/agency-lineage';
import { ICT_DEPARTMENT_CODE } from '../../../domain/src/agency';
import { AgencyEntity } from '../entities';
import { foldedMatch, searchParam, vietnameseOrder } from '../search';
import type { LineageSettlement } from '../entities/agency.entity';

export interface AgencyImportResult {
  created: number;
  updated: number;
  total: number;
}

export class AgencyRepository {
  private readonly repo: Repository<AgencyEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(AgencyEntity);
  }

  /** Upserts by code in one transaction; parent and successor links are resolved after all rows exist. */
  async importAgencies(records: AgencyRecord[]): Promise<AgencyImportResult> {
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(AgencyEntity);
      const existing = new Set((await repo.find({ select: { code: true }, where: {} })).map((a) => a.code));
      const updated = records.filter((r) => existing.has(r.code)).length;
      const created = records.length - updated;
      await repo
        .createQueryBuilder()
        .insert()
        .into(AgencyEntity)
        .values(
          records.map((r) => ({
            code: r.code,
            name: r.name,
            kind: r.kind,
            subtype: r.subtype,
            validFrom: r.validFrom,
            validTo: r.validTo,
            focalEmail: r.focalEmail,
            headEmail: r.headEmail,
            formedFrom: r.formedFrom,
            note: r.note,
          })),
        )
        .orUpdate(
          [
            'name',
            'kind',
            'subtype',
            'valid_from',
            'valid_to',
            'focal_email',
            'head_email',
            'formed_from',
            'note',
            'updated_at',
          ],
          ['code'],
        )
        .execute();
      const ids = new Map((await repo.find({ select: { id: true, code: true } })).map((a) => [a.code, a.id]));
      for (const r of records) {
        const parentId = r.parentCode ? (ids.get(r.parentCode) ?? null) : null;
        const successorId = r.successorCode ? (ids.get(r.successorCode) ?? null) : null;
        await repo.update({ code: r.code }, { parentId, successorId });
      }
      return { created, updated, total: records.length };
    });
  }

  /**
   * Stores each agency's lineage source and open question. A question an admin
   * has settled stays settled: re-importing the seed never reopens it.
   */
  async applyLineage(facts: readonly LineageFacts[]): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      for (const f of facts) {
        await em.query(
          `UPDATE agencies SET lineage_source = $2::jsonb, lineage_question = $3::jsonb,
             lineage_status = CASE WHEN lineage_status IN ('confirmed', 'disputed') THEN lineage_status ELSE $4 END
           WHERE code = $1`,
          [f.code, JSON.stringify(f.source), JSON.stringify(f.question), f.status],
        );
      }
    });
  }

  /** The whole registry as the addressee resolution reads it (codes, not ids). */
  async registry(): Promise<RegistryAgency[]> {
    return registryEntries(await this.repo.find({ order: { code: 'ASC' } }));
  }

  /**
   * The standing ICT department on a date (ictDepartmentOn: Sở TT&TT until
   * 28/02/2025, then Sở KH&CN). Reads only the succession of the department's
   * code (two rows today), never the whole registry: every assignment email asks
   * for it, and with the registry read each time a worker spent most of its CPU
   * hydrating every agency (docs/performance.md). Throws if the registry has no such body.
   */
  async ictDepartment(onDate: string): Promise<AgencyEntity> {
    const chain = await this.succession(ICT_DEPARTMENT_CODE);
    const holder = ictDepartmentOn(registryEntries(chain), onDate);
    const agency = holder ? chain.find((a) => a.code === holder.code) : undefined;
    if (!agency) {
      throw new Error('the registry has no ICT department (so-thong-tin-va-truyen-thong or a successor)');
    }
    return agency;
  }

  /**
   * The agency `code` and the bodies that took over from it, following successor links in
   * order (at most 10; a cycle ends the chain): one lookup per link. Empty for an unknown code.
   */
  async succession(code: string): Promise<AgencyEntity[]> {
    const chain: AgencyEntity[] = [];
    let agency = await this.findByCode(code);
    while (agency && chain.length < 10 && !chain.some((a) => a.id === agency!.id)) {
      chain.push(agency);
      agency = agency.successorId ? await this.findById(agency.successorId) : null;
    }
    return chain;
  }

  /** Agencies whose lineage carried a question: open ones first, then those settled. */
  lineageQuestions(): Promise<AgencyEntity[]> {
    return this.repo
      .createQueryBuilder('a')
      .where('a.lineage_question IS NOT NULL')
      .orderBy(`CASE WHEN a.lineage_status = 'to-confirm' THEN 0 ELSE 1 END`)
      .addOrderBy('a.code')
      .getMany();
  }

  /** Records an admin's answer to a lineage question; false when there was no open question. */
  async settleLineage(code: string, settlement: LineageSettlement): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update(AgencyEntity)
      .set({ lineageStatus: settlement.decision, lineageSettlement: settlement })
      .where('code = :code AND lineage_status = :open', { code, open: 'to-confirm' })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** The whole registry in the file format (codes for parent and successor links), in code order. */
  async exportRecords(): Promise<AgencyRecord[]> {
    const all = await this.repo.find({ order: { code: 'ASC' } });
    const codeOf = new Map(all.map((a) => [a.id, a.code]));
    return all.map((a) => ({
      code: a.code,
      name: a.name,
      kind: a.kind as AgencyRecord['kind'],
      subtype: a.subtype,
      parentCode: a.parentId ? (codeOf.get(a.parentId) ?? null) : null,
      validFrom: a.validFrom,
      validTo: a.validTo,
      successorCode: a.successorId ? (codeOf.get(a.successorId) ?? null) : null,
      focalEmail: a.focalEmail,
      headEmail: a.headEmail,
      formedFrom: a.formedFrom,
      note: a.note,
    }));
  }

  findById(id: string): Promise<AgencyEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /**
   * The agency that holds a role today: follows successor links from `code` past
   * agencies that have ended (e.g. Sở TT&TT → Sở KH&CN from 1 March 2025).
   */
  async findCurrent(code: string, today: string): Promise<AgencyEntity | null> {
    let agency = await this.findByCode(code);
    for (let hops = 0; agency?.validTo && agency.validTo < today && agency.successorId && hops < 10; hops++) {
      agency = await this.findById(agency.successorId);
    }
    return agency;
  }

  findByCode(code: string): Promise<AgencyEntity | null> {
    return this.repo.findOne({ where: { code } });
  }

  /** Agencies addressed by kind or code that are in existence on `onDate`. */
  findAddressees(addressees: { kinds?: string[]; codes?: string[] }, onDate: string): Promise<AgencyEntity[]> {
    const kinds = addressees.kinds ?? [];
    const codes = addressees.codes ?? [];
    if (kinds.length === 0 && codes.length === 0) {
      return Promise.resolve([]);
    }
    return this.repo
      .createQueryBuilder('a')
      .where(
        new Brackets((qb) => {
          if (kinds.length) {
            qb.orWhere('a.kind IN (:...kinds)', { kinds });
          }
          if (codes.length) {
            qb.orWhere('a.code IN (:...codes)', { codes });
          }
        }),
      )
      .andWhere('(a.valid_from IS NULL OR a.valid_from <= :d)', { d: onDate })
      .andWhere('(a.valid_to IS NULL OR a.valid_to >= :d)', { d: onDate })
      .orderBy('a.code')
      .getMany();
  }

  list(): Promise<AgencyEntity[]> {
    return this.repo.find({ order: { kind: 'ASC', code: 'ASC' } });
  }

  /**
   * One page of agencies, filtered by kind, activity, validity on a date, and a name/code search
   * that ignores case, diacritics and tone placement; names sort in Vietnamese order.
   */
  async search(
    filter: { kind?: string; active?: boolean; validOn?: string; q?: string },
    page: { offset: number; limit: number },
    sort: { field: 'code' | 'name' | 'kind'; desc: boolean },
  ): Promise<{ total: number; items: AgencyEntity[] }> {
    const qb = this.repo.createQueryBuilder('a');
    if (filter.kind) {
      qb.andWhere('a.kind = :kind', { kind: filter.kind });
    }
    if (filter.active !== undefined) {
      qb.andWhere('a.active = :active', { active: filter.active });
    }
    if (filter.validOn) {
      qb.andWhere('(a.valid_from IS NULL OR a.valid_from <= :d) AND (a.valid_to IS NULL OR a.valid_to >= :d)', {
        d: filter.validOn,
      });
    }
    if (filter.q) {
      qb.andWhere(`(${foldedMatch('a.name', ':q')} OR ${foldedMatch('a.code', ':q')})`, { q: searchParam(filter.q) });
    }
    const direction = sort.desc ? 'DESC' : 'ASC';
    if (sort.field === 'name') {
      qb.orderBy(vietnameseOrder('a.name'), direction).addOrderBy('a.code', direction);
    } else {
      qb.orderBy(`a.${sort.field}`, direction);
    }
    qb.addOrderBy('a.id');
    const [items, total] = await qb.skip(page.offset).take(page.limit).getManyAndCount();
    return { total, items };
  }

  async create(agency: Partial<AgencyEntity> & { code: string; name: string; kind: string }): Promise<AgencyEntity> {
    return this.repo.save(
      this.repo.create({ formedFrom: [], undeliverableEmails: [], active: true, linkGeneration: 1, ...agency }),
    );
  }

  async update(id: string, changes: Partial<AgencyEntity>): Promise<void> {
    await this.repo.update({ id }, changes);
  }

  /** Revokes every link emailed to the agency so far. */
  async bumpLinkGeneration(id: string): Promise<number> {
    await this.repo.increment({ id }, 'linkGeneration', 1);
    return (await this.repo.findOneOrFail({ where: { id } })).linkGeneration;
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  /**
   * Flags an address the mail server refused by name (SMTP RCPT TO), with its
   * answer, so the ICT department can correct it; a later refusal updates the reason.
   */
  async markUndeliverable(
    code: string,
    email: string,
    reason: { smtpCode: number | null; error: string } = { smtpCode: null, error: 'refused' },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE agencies
          SET undeliverable_emails = CASE WHEN undeliverable_emails ? $2 THEN undeliverable_emails
                                          ELSE undeliverable_emails || to_jsonb($2::text) END,
              undeliverable_reasons = undeliverable_reasons || jsonb_build_object($2::text, $3::jsonb),
              updated_at = now()
        WHERE code = $1`,
      [code, email, JSON.stringify({ ...reason, at: new Date().toISOString() })],
    );
  }
}

/**
 * Agencies as the addressee resolution reads them: parent and successor by code, resolved among
 * `agencies` (null when the linked body is not among them).
 */
function registryEntries(agencies: AgencyEntity[]): RegistryAgency[] {
  const codeOf = new Map(agencies.map((a) => [a.id, a.code]));
  return agencies.map((a) => ({
    code: a.code,
    name: a.name,
    kind: a.kind,
    subtype: a.subtype,
    parentCode: a.parentId ? (codeOf.get(a.parentId) ?? null) : null,
    validFrom: a.validFrom,
    validTo: a.validTo,
    successorCode: a.successorId ? (codeOf.get(a.successorId) ?? null) : null,
    active: a.active,
  }));
}
