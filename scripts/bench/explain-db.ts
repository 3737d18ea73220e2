import 'reflect-metadata';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { freePort, startEmbeddedPostgres } from '../../libs/devstack/src';
import { createDataSource } from '../../libs/persistence/src/data-source';
import { migrateAndSeed } from '../migrate';
import { seedBenchAgencies } from './seed';

/** An integer option `--name=value` of the command line, or `fallback`. */
export function intArg(name: string, fallback: number): number {
  return Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs `work` on a throw-away database for the explain scripts (search-explain, statistics-explain):
 * an embedded PostgreSQL on a free port with the migrations and the shipped reference data, plus
 * `agencies` synthetic communes (as `npm run bench` adds them to reach its sizes). The database is
 * stopped and removed afterwards, whatever happens.
 */
export async function withBenchDatabase(
  name: string,
  agencies: number,
  work: (ds: DataSource) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `dondoc-${name}-bench-`));
  chmodSync(dir, 0o777); // PostgreSQL runs as the `postgres` user when we are root
  const postgres = await startEmbeddedPostgres({
    dataDir: join(dir, 'postgres'),
    port: await freePort(),
    database: `dondoc_${name}_bench`,
    persistent: false,
    notice: () => undefined,
  });
  const ds = createDataSource(postgres.url);
  try {
    await migrateAndSeed(postgres.url, () => undefined);
    await ds.initialize();
    if (agencies > 0) {
      await seedBenchAgencies(postgres.url, [{ key: '2026-01', onDate: '2026-01-15', added: agencies, only: 0 }]);
    }
    await work(ds);
  } finally {
    if (ds.isInitialized) {
      await ds.destroy();
    }
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a script's main, printing its error (not a stack trace of the runner) and exiting 1 on failure. */
export function runScript(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  });
}
