import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgencyRecord, SEED_FILES, formatAgencyCsv, parseAgencyCsv } from './agency-csv';

/** Raw source list (in /work/shared/data) behind each seed file. */
export const SEED_SOURCES: Record<(typeof SEED_FILES)[number], string> = {
  'provincial-bodies.csv': 'thanh-hoa-provincial-bodies.csv',
  'districts-2022.csv': 'thanh-hoa-districts-2022.csv',
  'communes-2025.csv': 'thanh-hoa-communes-2025.csv',
};

/** Placeholder contacts on a reserved domain: real addresses are deployment configuration. */
export const PLACEHOLDER_EMAIL_DOMAIN = 'thanhhoa.example';

interface Lineage {
  validFrom?: string;
  validTo?: string;
  successorCode?: string;
  /** Codes of the predecessors; written as their source names in formed_from. */
  formedFromCodes?: string[];
}

/**
 * Lineage the source notes state as fact. Bodies whose fate the notes call
 * unverified (KH&ĐT, GTVT, LĐ-TB&XH, Ban Dân tộc, Ngoại vụ, Thanh tra) get none.
 * A successor without valid_to means the note gives the merger but not its date.
 */
const LINEAGE: Record<string, Lineage> = {
  // "Từ 1/3/2025: hợp nhất vào Sở Khoa học và Công nghệ".
  'so-thong-tin-va-truyen-thong': { validTo: '2025-02-28', successorCode: 'so-khoa-hoc-va-cong-nghe' },
  // "Năm 2025: hợp nhất ... thành Sở Nông nghiệp và Môi trường": year only, so no dates.
  'so-nong-nghiep-va-phat-trien-nong-thon': { successorCode: 'so-nong-nghiep-va-moi-truong' },
  'so-tai-nguyen-va-moi-truong': { successorCode: 'so-nong-nghiep-va-moi-truong' },
  'so-nong-nghiep-va-moi-truong': {
    formedFromCodes: ['so-nong-nghiep-va-phat-trien-nong-thon', 'so-tai-nguyen-va-moi-truong'],
  },
  // "hợp nhất ... thành Ban Tuyên giáo và Dân vận Tỉnh ủy (công bố 11/2/2025)": the
  // announcement date is the only date given, taken as the first day of the new ban.
  'ban-tuyen-giao-tinh-uy': { validTo: '2025-02-10', successorCode: 'ban-tuyen-giao-va-dan-van-tinh-uy' },
  'ban-dan-van-tinh-uy': { validTo: '2025-02-10', successorCode: 'ban-tuyen-giao-va-dan-van-tinh-uy' },
  'ban-tuyen-giao-va-dan-van-tinh-uy': {
    validFrom: '2025-02-11',
    formedFromCodes: ['ban-tuyen-giao-tinh-uy', 'ban-dan-van-tinh-uy'],
  },
  // "Từ 1/6/2025 hợp nhất ... thành Báo và Đài Phát thanh - Truyền hình Thanh Hóa (QĐ 4043-QĐ/TU)".
  'bao-thanh-hoa': { validTo: '2025-05-31', successorCode: 'bao-va-dai-phat-thanh-truyen-hinh' },
  'dai-phat-thanh-va-truyen-hinh': { validTo: '2025-05-31', successorCode: 'bao-va-dai-phat-thanh-truyen-hinh' },
  'bao-va-dai-phat-thanh-truyen-hinh': {
    validFrom: '2025-06-01',
    formedFromCodes: ['bao-thanh-hoa', 'dai-phat-thanh-va-truyen-hinh'],
  },
  // Đông Sơn merged into Thanh Hóa city from 1/1/2025 (NQ 1238/NQ-UBTVQH15, SOURCES.md §2).
  'huyen-dong-son': { validTo: '2024-12-31', successorCode: 'thanh-pho-thanh-hoa' },
};

function applyLineage(rows: AgencyRecord[], byCode: Map<string, AgencyRecord>): AgencyRecord[] {
  return rows.map((row) => {
    const lineage = LINEAGE[row.code];
    const withContacts: AgencyRecord = {
      ...row,
      focalEmail: `${row.code}@${PLACEHOLDER_EMAIL_DOMAIN}`,
      headEmail: `lanhdao.${row.code}@${PLACEHOLDER_EMAIL_DOMAIN}`,
    };
    if (!lineage) {
      return withContacts;
    }
    const formedFrom = (lineage.formedFromCodes ?? []).map((code) => {
      const predecessor = byCode.get(code);
      if (!predecessor) {
        throw new Error(`lineage of ${row.code}: unknown predecessor ${code}`);
      }
      return predecessor.name;
    });
    return {
      ...withContacts,
      validFrom: lineage.validFrom ?? row.validFrom,
      validTo: lineage.validTo ?? row.validTo,
      successorCode: lineage.successorCode ?? row.successorCode,
      formedFrom: formedFrom.length > 0 ? formedFrom : row.formedFrom,
    };
  });
}

/** Renders the seed files (file name → canonical CSV text) from the raw source lists. */
export function renderSeedFiles(sourceDir: string): Record<(typeof SEED_FILES)[number], string> {
  const parsed = SEED_FILES.map((file) => {
    const sourceName = SEED_SOURCES[file];
    return { file, rows: parseAgencyCsv(readFileSync(join(sourceDir, sourceName), 'utf8'), sourceName).rows };
  });
  const byCode = new Map(parsed.flatMap(({ rows }) => rows.map((r) => [r.code, r] as const)));
  // A lineage entry for a code that is not in the sources is a typo: fail loudly.
  for (const code of Object.keys(LINEAGE)) {
    if (!byCode.has(code)) {
      throw new Error(`lineage for unknown agency ${code}`);
    }
  }
  const out = {} as Record<(typeof SEED_FILES)[number], string>;
  for (const { file, rows } of parsed) {
    out[file] = formatAgencyCsv(applyLineage(rows, byCode));
  }
  return out;
}

/** Regenerates data/agencies from the raw source lists; returns the paths written. */
export function buildSeedFiles(sourceDir: string, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  return Object.entries(renderSeedFiles(sourceDir)).map(([file, text]) => {
    const path = join(outDir, file);
    writeFileSync(path, text, 'utf8');
    return path;
  });
}
