import type { DataSource } from 'typeorm';
import { loadSeedRegistry } from '../../libs/registry/src/agency-csv';

/**
 * The first `n` communes (by code) of the shipped registry that are still in force with their
 * shipped contact (`<code>@thanhhoa.example`). Integration test files share one database, and
 * others add communes (imports with no email, merges, refused addresses): a test that needs
 * "some communes" picks from the shipped ones only, so what it expects does not depend on
 * which other test files ran before it.
 */
export async function shippedCommunes(ds: DataSource, n: number): Promise<string[]> {
  const shipped = loadSeedRegistry()
    .filter((a) => a.kind === 'commune')
    .map((a) => a.code);
  const rows = await ds.query<Array<{ code: string }>>(
    `SELECT code FROM agencies
      WHERE code = ANY($1) AND kind = 'commune' AND active AND valid_to IS NULL
        AND focal_email = code || '@thanhhoa.example' AND undeliverable_emails = '[]'::jsonb
      ORDER BY code LIMIT $2`,
    [shipped, n],
  );
  if (rows.length < n) {
    throw new Error(`only ${rows.length} shipped communes in force, ${n} wanted`);
  }
  return rows.map((r) => r.code);
}
