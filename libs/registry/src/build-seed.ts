import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgencyRecord, SEED_FILES, formatAgencyCsv, parseAgencyCsv } from './agency-csv';
import { additionRecords, loadLineage, type LineageBody, type LineageFile } from './lineage';

/** Raw source list (in /work/shared/data) behind each seed file. */
export const SEED_SOURCES: Record<(typeof SEED_FILES)[number], string> = {
  'provincial-bodies.csv': 'thanh-hoa-provincial-bodies.csv',
  'districts-2022.csv': 'thanh-hoa-districts-2022.csv',
  'communes-2025.csv': 'thanh-hoa-communes-2025.csv',
};

/** Placeholder contacts on a reserved domain: real addresses are deployment configuration. */
export const PLACEHOLDER_EMAIL_DOMAIN = 'thanhhoa.example';

function applyLineage(
  rows: AgencyRecord[],
  byCode: Map<string, AgencyRecord>,
  bodies: ReadonlyMap<string, LineageBody>,
): AgencyRecord[] {
  return rows.map((row) => {
    const lineage = bodies.get(row.code);
    const withContacts: AgencyRecord = {
      ...row,
      focalEmail: `${row.code}@${PLACEHOLDER_EMAIL_DOMAIN}`,
      headEmail: `lanhdao.${row.code}@${PLACEHOLDER_EMAIL_DOMAIN}`,
    };
    if (!lineage) {
      return withContacts;
    }
    const formedFrom = (lineage.formedFrom ?? []).map((code) => {
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
      successorCode: lineage.successor ?? row.successorCode,
      formedFrom: formedFrom.length > 0 ? formedFrom : row.formedFrom,
    };
  });
}

/**
 * Renders the seed files (file name → canonical CSV text) from the raw source
 * lists and the lineage file (dates, successors, the registry's own additions,
 * which join the provincial bodies).
 */
export function renderSeedFiles(
  sourceDir: string,
  lineage: LineageFile = loadLineage(),
): Record<(typeof SEED_FILES)[number], string> {
  const parsed = SEED_FILES.map((file) => {
    const sourceName = SEED_SOURCES[file];
    const rows = parseAgencyCsv(readFileSync(join(sourceDir, sourceName), 'utf8'), sourceName).rows;
    return { file, rows: file === 'provincial-bodies.csv' ? [...rows, ...additionRecords(lineage)] : rows };
  });
  const byCode = new Map(parsed.flatMap(({ rows }) => rows.map((r) => [r.code, r] as const)));
  const bodies = new Map(lineage.bodies.map((b) => [b.code, b]));
  // A lineage entry for a code that is not in the sources is a typo: fail loudly.
  for (const b of lineage.bodies) {
    for (const ref of [b.code, b.successor, ...(b.formedFrom ?? [])]) {
      if (ref !== undefined && !byCode.has(ref)) {
        throw new Error(`lineage of ${b.code}: unknown agency ${ref}`);
      }
    }
  }
  const out = {} as Record<(typeof SEED_FILES)[number], string>;
  for (const { file, rows } of parsed) {
    out[file] = formatAgencyCsv(applyLineage(rows, byCode, bodies));
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
