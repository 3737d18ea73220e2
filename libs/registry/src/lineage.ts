import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AGENCY_KINDS } from '../../domain/src/agency';
import type { LineageStatus, LocalizedText } from '../../domain/src/agency-lineage';
import { SEED_DIR, type AgencyRecord } from './agency-csv';

/**
 * The registry's lineage file (data/agencies/lineage.json): for each body that
 * was merged, abolished or created, its validity dates, successor and source,
 * and whether the sources settle it ("to-confirm" when SOURCES.md lists the
 * fact as not verified). Also the registry's own additions (bodies the source
 * lists lack, e.g. the central press group of V.10).
 */
export const LINEAGE_FILE = 'lineage.json';

const text = z.strictObject({ vi: z.string().min(1), en: z.string().min(1) });
const isoDate = z.iso.date();
const code = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const seedStatus = z.enum(['sourced', 'to-confirm']);

const bodySchema = z
  .strictObject({
    code,
    validFrom: isoDate.optional(),
    validTo: isoDate.optional(),
    successor: code.optional(),
    formedFrom: z.array(code).optional(),
    status: seedStatus,
    source: text,
    question: text.optional(),
  })
  .refine((b) => (b.status === 'to-confirm') === (b.question !== undefined), {
    error: 'a "to-confirm" record states its question, and only such a record does',
  })
  .refine((b) => b.successor === undefined || b.validTo !== undefined, {
    error: 'a successor takes over the day after validTo, so validTo is required',
  });

const additionSchema = z.strictObject({
  code,
  name: z.string().min(1),
  kind: z.enum(AGENCY_KINDS),
  subtype: z.string().min(1).optional(),
  status: seedStatus,
  source: text,
});

export const lineageFileSchema = z.strictObject({
  about: z.string(),
  kindSources: z.partialRecord(z.enum(AGENCY_KINDS), text),
  bodies: z.array(bodySchema),
  additions: z.array(additionSchema),
});

export type LineageFile = z.infer<typeof lineageFileSchema>;
export type LineageBody = z.infer<typeof bodySchema>;

/** What the registry knows of one agency's lineage, as stored with the agency. */
export interface LineageFacts {
  code: string;
  status: LineageStatus;
  source: LocalizedText | null;
  question: LocalizedText | null;
}

export function loadLineage(dir: string = SEED_DIR): LineageFile {
  const path = join(dir, LINEAGE_FILE);
  const parsed = lineageFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `${path}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** Registry rows for the lineage file's additions (placeholder contacts are added by the seed builder). */
export function additionRecords(lineage: LineageFile): AgencyRecord[] {
  return lineage.additions.map((a) => ({
    code: a.code,
    name: a.name,
    kind: a.kind,
    subtype: a.subtype ?? null,
    parentCode: null,
    validFrom: null,
    validTo: null,
    successorCode: null,
    focalEmail: null,
    headEmail: null,
    formedFrom: [],
    note: a.source.vi,
  }));
}

/**
 * The source and status of every agency: its own lineage record, else its
 * kind's source (districts, communes), else its registry note (each provincial
 * body's note cites its sources).
 */
export function lineageFacts(records: readonly AgencyRecord[], lineage: LineageFile): LineageFacts[] {
  const own = new Map<string, { status: LineageStatus; source: LocalizedText; question?: LocalizedText }>([
    ...lineage.bodies.map((b) => [b.code, b] as const),
    ...lineage.additions.map((a) => [a.code, a] as const),
  ]);
  return records.map((r) => {
    const entry = own.get(r.code);
    if (entry) {
      return { code: r.code, status: entry.status, source: entry.source, question: entry.question ?? null };
    }
    const byKind = lineage.kindSources[r.kind];
    const source = byKind ?? (r.note ? { vi: r.note, en: r.note } : null);
    return { code: r.code, status: 'sourced', source, question: null };
  });
}
