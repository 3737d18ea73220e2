import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { DEFAULT_CATALOG_PATH, parseCatalog } from '../../catalog/src/catalog.loader';
import { loadSeedRegistry, type AgencyRecord } from '../../registry/src/agency-csv';
import { AgencyRepository, type AgencyImportResult } from './repositories/agency.repository';
import { CatalogRepository, type CatalogImportResult } from './repositories/catalog.repository';
import { CalendarRepository } from './repositories/calendar.repository';
import { parseCalendarAdjustments } from '../../domain/src/calendar/adjustments';
import { join } from 'node:path';
import { SEED_DIR } from '../../registry/src/agency-csv';
import { lineageFacts, loadLineage } from '../../registry/src/lineage';

/** Reads, validates and imports a catalog file; throws CatalogValidationError naming the bad field. */
export async function importCatalogFile(
  ds: DataSource,
  path: string = DEFAULT_CATALOG_PATH,
): Promise<CatalogImportResult> {
  const text = readFileSync(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const catalog = parseCatalog(json, path);
  const hash = createHash('sha256').update(text).digest('hex');
  return new CatalogRepository(ds).importCatalog(catalog, hash);
}

export async function importAgencies(ds: DataSource, records: AgencyRecord[]): Promise<AgencyImportResult> {
  return new AgencyRepository(ds).importAgencies(records);
}

/**
 * The plan catalog and the agency registry shipped with the repository, imported idempotently.
 * `log` hears how a registry file was read when it was not plain UTF-8 (e.g. Windows-1258 converted).
 */
export async function importReferenceData(
  ds: DataSource,
  log?: (message: string) => void,
): Promise<{ catalog: CatalogImportResult; agencies: AgencyImportResult; calendarYears: number }> {
  const records = loadSeedRegistry(undefined, (file, note) => log?.(`${file}: ${note.vi} / ${note.en}`));
  const agencies = await importAgencies(ds, records);
  await new AgencyRepository(ds).applyLineage(lineageFacts(records, loadLineage()));
  const catalog = await importCatalogFile(ds);
  const calendarYears = await importCalendarAdjustments(ds);
  return { catalog, agencies, calendarYears };
}

/** The working-calendar decisions shipped in data/calendar, for years the database does not have yet. */
export async function importCalendarAdjustments(ds: DataSource): Promise<number> {
  const file = join(SEED_DIR, '..', 'calendar', 'adjustments.json');
  return new CalendarRepository(ds).seed(parseCalendarAdjustments(JSON.parse(readFileSync(file, 'utf8'))));
}
