/**
 * Applies migrations and imports the shipped plan catalog and agency registry.
 * Idempotent; used by `npm start`, the docker-compose `migrate` service and CI.
 */
import 'reflect-metadata';
import { loadConfig } from '../libs/config/src/config';
import { createDataSource, migrate } from '../libs/persistence/src/data-source';
import { importReferenceData } from '../libs/persistence/src/reference-data';

export async function migrateAndSeed(databaseUrl: string, log: (m: string) => void): Promise<void> {
  const applied = await migrate(databaseUrl);
  log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema up to date');
  const ds = await createDataSource(databaseUrl).initialize();
  try {
    const { catalog, agencies } = await importReferenceData(ds, log);
    log(`agency registry: ${agencies.total} agencies (${agencies.created} new, ${agencies.updated} updated)`);
    log(
      catalog.unchanged
        ? `plan catalog ${catalog.planCode}: unchanged`
        : `plan catalog ${catalog.planCode}: ${catalog.created} duties new, ${catalog.updated} updated, ${catalog.deactivated} retired`,
    );
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  migrateAndSeed(loadConfig().database.url, (m) => console.log(`[migrate] ${m}`)).catch((err: unknown) => {
    console.error(`[migrate] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
