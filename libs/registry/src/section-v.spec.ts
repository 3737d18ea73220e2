import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CATALOG_PATH, parseCatalog } from '../../catalog/src/catalog.loader';
import { ictDepartmentOn, inForce } from '../../domain/src/agency-lineage';
import { projectRoot } from '../../devstack/src/project-root';
import { loadSeedRegistry } from './agency-csv';
import { registryOf, renderSectionVMarkdown, sectionVDateOf, sectionVReach } from './section-v';

const catalog = parseCatalog(JSON.parse(readFileSync(DEFAULT_CATALOG_PATH, 'utf8')), DEFAULT_CATALOG_PATH);
const registry = registryOf(loadSeedRegistry());
const DATES = ['2024-11-30', '2025-03-15', '2025-07-15', '2026-11-30'] as const;

// Departments in force: 19 until 28/02/2025 (16 sở, Thanh tra, Ban Dân tộc, BQL KKT Nghi Sơn);
// from 01/3/2025 seven ended (Decree 45/2025/NĐ-CP) and two began: 14. Districts: 27, 26 from
// 01/01/2025 (Đông Sơn into Thanh Hóa city), none from 01/7/2025; then 166 communes take over.
const EXPECTED: Record<string, [number, number, number, number]> = {
  'v1-standing-body': [1, 1, 1, 1],
  'v1-direct-press-grassroots': [1, 1, 1, 1],
  'v1-social-channels': [1, 1, 1, 1],
  'v1-training-workshops': [1, 1, 1, 1],
  'v1-communication-activities': [1, 1, 1, 1],
  'v1-report-half-yearly': [1, 1, 1, 1],
  'v1-report-yearly': [1, 1, 1, 1],
  'v1-report-on-demand': [1, 1, 1, 1],
  'v2-funding-advice': [1, 1, 1, 1],
  'v3-portal-banner': [1, 1, 1, 1],
  'v3-advise-chairman': [1, 1, 1, 1],
  'v4-business-conferences': [1, 1, 1, 1],
  'v5-agriculture-conferences': [1, 1, 1, 1],
  'v6-orient-content': [1, 1, 1, 1],
  'v6-grassroots-members': [7, 7, 7, 7],
  'v6-public-opinion': [8, 7, 7, 7],
  'v7-internal-briefings': [20, 15, 15, 15],
  'v7-website-post': [20, 15, 15, 15],
  'v8-yearly-plan': [27, 26, 166, 166],
  'v8-village-forums': [27, 26, 166, 166],
  'v8-district-radio': [27, 26, 0, 0],
  'v8-commune-radio': [0, 0, 166, 166],
  'v9-business-communication': [1, 1, 1, 1],
  'v10-press-plan': [2, 2, 1, 1],
  'v10-bao-thanh-hoa-column': [1, 1, 1, 1],
  'v10-radio-tv-programme': [1, 1, 1, 1],
  'v10-central-press': [1, 1, 1, 1],
  'report-half-yearly': [47, 41, 181, 181],
  'report-yearly': [47, 41, 181, 181],
  'report-on-demand': [47, 41, 181, 181],
};

describe('section V resolved on the registry', () => {
  it('covers every duty of the catalog', () => {
    expect(catalog.duties.map((d) => d.code).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(DATES.map((d, i) => [d, i] as const))('gives the expected addressee counts on %s', (date, i) => {
    const counts = Object.fromEntries(sectionVReach(catalog.duties, registry, date).map((r) => [r.duty, r.count]));
    expect(counts).toEqual(Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, v[i]])));
  });

  it.each(DATES)('on %s gives a reason for every duty nobody owes, and only agencies in force', (date) => {
    const byCode = new Map(registry.map((a) => [a.code, a]));
    for (const row of sectionVReach(catalog.duties, registry, date)) {
      expect(row.count === 0).toBe(row.reason !== null);
      for (const a of row.addressees) {
        expect(inForce(byCode.get(a.code)!, date)).toBe(true);
        // a successor that took a named body's duty never shares it with that body
        if (a.route === 'successor') {
          expect(row.addressees.some((b) => b.code === a.from)).toBe(false);
        }
      }
    }
  });

  it('sends the V.1 duties to Sở TT&TT, then to Sở KH&CN from 01/3/2025', () => {
    const v1 = (date: string) =>
      sectionVReach(catalog.duties, registry, date)
        .filter((r) => r.clause === 'V.1')
        .map((r) => r.addressees.map((a) => a.code).join());
    expect(new Set(v1('2024-11-30'))).toEqual(new Set(['so-thong-tin-va-truyen-thong']));
    expect(new Set(v1('2026-11-30'))).toEqual(new Set(['so-khoa-hoc-va-cong-nghe']));
    expect(ictDepartmentOn(registry, '2026-11-30')?.name).toBe('Sở Khoa học và Công nghệ');
  });

  it('passes V.8 and the results reports to every commune from 01/7/2025; district radio lapses with its reason', () => {
    const rows = new Map(sectionVReach(catalog.duties, registry, '2026-11-30').map((r) => [r.duty, r]));
    const communes = registry.filter((a) => a.kind === 'commune').map((a) => a.code);
    for (const duty of ['v8-yearly-plan', 'report-half-yearly', 'report-yearly']) {
      const reached = rows.get(duty)!.addressees.map((a) => a.code);
      expect(communes.every((c) => reached.includes(c))).toBe(true);
    }
    expect(rows.get('v8-district-radio')!.reason?.vi).toContain('Đài truyền thanh cấp huyện');
  });

  it('docs/section-v-today.md is the table of its recorded date on this registry', () => {
    const doc = readFileSync(join(projectRoot(__dirname), 'docs', 'section-v-today.md'), 'utf8');
    const date = sectionVDateOf(doc);
    expect(date).not.toBeNull();
    expect(doc).toBe(renderSectionVMarkdown(sectionVReach(catalog.duties, registry, date!), date!, catalog.plan.code));
  });
});
