import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * Time limits, in milliseconds, so a stopped or frozen PostgreSQL gives an error
 * in seconds instead of a hang: getting a connection, one statement (enforced by
 * the server) and the wait for any answer (enforced here, for a frozen server).
 */
export interface DbTimeouts {
  connectMs: number;
  statementMs: number;
  queryMs: number;
}

export const DEFAULT_DB_TIMEOUTS: DbTimeouts = { connectMs: 5_000, statementMs: 10_000, queryMs: 11_000 };

/** TypeORM options: migrations only, schema never synchronised from entities. */
export function dataSourceOptions(url: string, timeouts: DbTimeouts = DEFAULT_DB_TIMEOUTS): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    logging: false,
    extra: {
      max: 10,
      application_name: 'dondoc',
      connectionTimeoutMillis: timeouts.connectMs,
      statement_timeout: timeouts.statementMs,
      query_timeout: timeouts.queryMs,
    },
  };
}

export function createDataSource(url: string, timeouts?: DbTimeouts): DataSource {
  return new DataSource(dataSourceOptions(url, timeouts));
}

/** Opens a data source and applies pending migrations; returns the names applied. */
export async function migrate(url: string): Promise<string[]> {
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
