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

/**
 * Fills the read model with `rows` assignments for the explain scripts: the agencies × active duties
 * (the first `duties` by code, or all) × the twelve months of 2026, in a deterministic spread, open
 * and on time, or (`spread`) spread over the four categories. Analyzes the tables afterwards.
 */
export async function fillAssignments(
  ds: DataSource,
  opts: { prefix: string; rows: number; spread?: boolean; duties?: number },
): Promise<void> {
  const state = opts.spread
    ? `(ARRAY['assigned', 'submitted', 'accepted', 'accepted'])[1 + abs(hashtext(g.code || m.key)) % 4],
       (ARRAY['open-on-time', 'open-overdue', 'done-on-time', 'done-late'])[1 + abs(hashtext(g.code || m.key)) % 4]`
    : `'assigned', 'open-on-time'`;
  await ds.query(
    `INSERT INTO assignments (workflow_id, duty_id, agency_id, period_key, status, category, due_date, original_due_date)
     SELECT $2 || '/' || d.code || '/' || g.code || '/' || m.key, d.id, g.id, m.key, ${state}, m.due, m.due
     FROM agencies g
     CROSS JOIN duties d
     CROSS JOIN (SELECT to_char(s, 'YYYY-MM') AS key, (s + interval '1 month' + interval '4 days')::date AS due
                 FROM generate_series(date '2026-01-01', date '2026-12-01', interval '1 month') s) m
     WHERE d.active AND ($3::int IS NULL OR d.code IN (SELECT code FROM duties WHERE active ORDER BY code LIMIT $3))
     ORDER BY hashtext(d.code || g.code || m.key)
     LIMIT $1`,
    [opts.rows, opts.prefix, opts.duties ?? null],
  );
  await ds.query('ANALYZE');
}

/** Runs a script's main, printing its error (not a stack trace of the runner) and exiting 1 on failure. */
export function runScript(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  });
}
