import type { AgencyCsvIssue, AgencyRecord } from './agency-csv';

/**
 * Fields compared between the file and the registry, in file column order: the fields an import
 * can change (the code identifies the agency and never changes). The API's response schema
 * (`RegistryImport`) lists the same names from here.
 */
export const COMPARED_AGENCY_FIELDS = [
  'name',
  'kind',
  'subtype',
  'parentCode',
  'validFrom',
  'validTo',
  'successorCode',
  'focalEmail',
  'headEmail',
  'formedFrom',
  'note',
] as const satisfies ReadonlyArray<keyof AgencyRecord>;

/** One of COMPARED_AGENCY_FIELDS. */
export type ComparedAgencyField = (typeof COMPARED_AGENCY_FIELDS)[number];

export interface AgencyChange {
  code: string;
  name: string;
  line: number;
  fields: Array<{
    field: ComparedAgencyField;
    before: AgencyRecord[ComparedAgencyField];
    after: AgencyRecord[ComparedAgencyField];
  }>;
}

/** What importing a file would do: nothing is written while a plan is only shown. */
export interface AgencyImportPlan {
  created: Array<{ code: string; name: string; line: number }>;
  changed: AgencyChange[];
  /** Agencies the file ends (a validity end date set where the registry had none, or earlier). */
  retired: Array<{ code: string; name: string; line: number; validTo: string }>;
  unchanged: number;
  /** Problems that make the file refused as a whole (references to unknown agencies). */
  errors: AgencyCsvIssue[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Compares the rows of a file with the current registry: new, changed and retired agencies,
 * and parent/successor codes that exist neither in the file nor in the registry.
 */
export function planAgencyImport(
  rows: readonly AgencyRecord[],
  lines: readonly number[],
  current: readonly AgencyRecord[],
  fileName: string,
): AgencyImportPlan {
  const byCode = new Map(current.map((r) => [r.code, r]));
  const inFile = new Set(rows.map((r) => r.code));
  const plan: AgencyImportPlan = { created: [], changed: [], retired: [], unchanged: 0, errors: [] };
  rows.forEach((row, i) => {
    const line = lines[i];
    for (const [column, ref] of [
      ['parent_code', row.parentCode],
      ['successor_code', row.successorCode],
    ] as const) {
      if (ref !== null && !inFile.has(ref) && !byCode.has(ref)) {
        plan.errors.push({
          file: fileName,
          line,
          column,
          message: `unknown agency ${ref} / không có cơ quan ${ref}`,
          vi: `không có cơ quan ${ref} trong tệp hay trong danh mục`,
        });
      }
    }
    const before = byCode.get(row.code);
    if (!before) {
      plan.created.push({ code: row.code, name: row.name, line });
      return;
    }
    const fields = COMPARED_AGENCY_FIELDS.filter((f) => !same(before[f], row[f])).map((field) => ({
      field,
      before: before[field],
      after: row[field],
    }));
    if (fields.length === 0) {
      plan.unchanged++;
      return;
    }
    plan.changed.push({ code: row.code, name: row.name, line, fields });
    if (row.validTo !== null && (before.validTo === null || row.validTo < before.validTo)) {
      plan.retired.push({ code: row.code, name: row.name, line, validTo: row.validTo });
    }
  });
  return plan;
}
