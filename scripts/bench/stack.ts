import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  startEmbeddedPostgres,
  startProcess,
  startTemporalDevServer,
  temporalBinaries,
  waitFor,
  type ManagedProcess,
  type RunningPostgres,
  type RunningTemporal,
} from '../../libs/devstack/src';
import { migrateAndSeed } from '../migrate';
import { startCaptureSmtp, type CaptureSmtp } from './capture-smtp';

export interface BenchStack {
  dir: string;
  env: NodeJS.ProcessEnv;
  postgres: RunningPostgres;
  temporal: RunningTemporal;
  smtp: CaptureSmtp;
  apiUrl: string;
  worker: ManagedProcess;
  api: ManagedProcess;
  /** Seconds each part took to become ready. */
  startup: Record<string, number>;
  restartWorker(): Promise<number>;
  stop(): Promise<void>;
}

const seconds = (from: number): number => Math.round((Date.now() - from) / 10) / 100;

/**
 * The whole product on free ports, as `npm start` runs it: embedded PostgreSQL,
 * the Temporal dev server (SQLite file), an SMTP peer, the compiled worker and
 * API. `extraEnv` reaches the worker and the API (e.g. worker tuning).
 */
export async function startBenchStack(
  root: string,
  opts: { extraEnv?: NodeJS.ProcessEnv; temporalDb: 'file' | 'memory' },
  log: (m: string) => void,
): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-bench-'));
  chmodSync(dir, 0o777); // PostgreSQL runs as the `postgres` user when we are root
  const startup: Record<string, number> = {};

  let t = Date.now();
  const postgres = await startEmbeddedPostgres({
    dataDir: join(dir, 'postgres'),
    port: await freePort(),
    database: 'dondoc_bench',
    persistent: false,
  });
  startup.postgres = seconds(t);
  log(`PostgreSQL ready in ${startup.postgres} s`);

  t = Date.now();
  const temporal = await startTemporalDevServer({
    cliPath: temporalBinaries().temporalCli,
    port: await freePort(),
    // A SQLite file, as `npm start` runs it; in memory, as the tests run it.
    dbFile: opts.temporalDb === 'file' ? join(dir, 'temporal.sqlite') : undefined,
  });
  startup.temporal = seconds(t);
  log(`Temporal dev server (${opts.temporalDb}) ready in ${startup.temporal} s`);

  const smtp = await startCaptureSmtp(await freePort());

  t = Date.now();
  await migrateAndSeed(postgres.url, () => undefined);
  startup.migrateAndSeed = seconds(t);

  // The API's port is chosen when it starts (below): chosen here, another process could take it
  // while the worker starts (half a minute on a loaded machine).
  let apiPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: postgres.url,
    TEMPORAL_ADDRESS: temporal.address,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    API_PORT: String(apiPort),
    PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
    AUTH_TOKEN_TTL_SECONDS: '86400',
    // 50 clients share one address here; the per-address limit would measure itself.
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
    ...opts.extraEnv,
  };

  const node = (name: string, script: string): ManagedProcess =>
    startProcess(name, process.execPath, ['--enable-source-maps', join(root, 'dist', script)], { env });

  const startWorker = async (): Promise<{ proc: ManagedProcess; took: number }> => {
    const began = Date.now();
    const proc = node('worker', 'apps/worker/src/main.js');
    await waitFor(
      'the worker to poll its task queue',
      () => {
        if (proc.child.exitCode !== null) {
          throw new Error(`worker exited (code ${proc.child.exitCode}):\n${proc.tail()}`);
        }
        return Promise.resolve(proc.tail().includes('polling task queue'));
      },
      180_000,
      100,
    );
    return { proc, took: seconds(began) };
  };

  const first = await startWorker();
  startup.worker = first.took;
  log(`worker ready in ${startup.worker} s`);

  t = Date.now();
  let api!: ManagedProcess;
  let apiUrl = '';
  for (let attempt = 1; ; attempt++) {
    apiPort = attempt === 1 ? apiPort : await freePort();
    env.API_PORT = String(apiPort);
    env.PUBLIC_URL = `http://127.0.0.1:${apiPort}`;
    apiUrl = env.PUBLIC_URL;
    const proc = node('api', 'apps/api/src/main.js');
    api = proc;
    const url = apiUrl;
    try {
      await waitFor(
        'the API to be ready',
        async () => {
          if (proc.child.exitCode !== null) {
            throw new Error(`API exited (code ${proc.child.exitCode}):\n${proc.tail()}`);
          }
          try {
            return (await fetch(`${url}/ready`)).ok;
          } catch {
            return false;
          }
        },
        180_000,
        100,
      );
      break;
    } catch (err) {
      // Someone else took the free port meanwhile: another port, up to three times.
      if (attempt >= 3 || !proc.tail().includes('EADDRINUSE')) {
        throw err;
      }
      log(`API port ${apiPort} was taken meanwhile; trying another`);
    }
  }
  startup.api = seconds(t);
  log(`API ready in ${startup.api} s`);

  const stack: BenchStack = {
    dir,
    env,
    postgres,
    temporal,
    smtp,
    apiUrl,
    worker: first.proc,
    api,
    startup,
    async restartWorker() {
      await stack.worker.stop(60_000);
      const next = await startWorker();
      stack.worker = next.proc;
      return next.took;
    },
    async stop() {
      for (const step of [
        () => api.stop(),
        () => stack.worker.stop(30_000),
        () => temporal.process.stop(),
        () => smtp.stop(),
        () => postgres.stop(),
      ]) {
        try {
          await step();
        } catch (err) {
          log(`stop: ${String(err)}`);
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export async function rssMiB(pid: number | undefined): Promise<number | null> {
  if (!pid) {
    return null;
  }
  try {
    const { readFile } = await import('node:fs/promises');
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    return kb ? Math.round(Number(kb[1]) / 1024) : null;
  } catch {
    return null;
  }
}

const TICKS_PER_SECOND = 100;

async function statOf(pid: number): Promise<{ ppid: number; own: number; children: number } | null> {
  try {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(f[1]),
      own: (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND,
      children: (Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND,
    };
  } catch {
    return null;
  }
}

/**
 * CPU seconds (user + system, all threads) a process has used, with its
 * children: those that ended (reaped) and, if `liveChildren`, those still
 * running (PostgreSQL backends). On a shared machine this is the figure that
 * other load does not inflate, unlike elapsed time.
 */
export async function cpuSeconds(pid: number | undefined, liveChildren = false): Promise<number> {
  if (!pid) {
    return 0;
  }
  const self = await statOf(pid);
  if (!self) {
    return 0;
  }
  let total = self.own + self.children;
  if (liveChildren) {
    const { readdir } = await import('node:fs/promises');
    for (const entry of await readdir('/proc')) {
      if (/^\d+$/.test(entry)) {
        const s = await statOf(Number(entry));
        if (s && s.ppid === pid) {
          total += s.own;
        }
      }
    }
  }
  return total;
}

/** The postmaster's pid, from the first line of postmaster.pid in the cluster folder. */
export async function postmasterPid(clusterDir: string): Promise<number | undefined> {
  try {
    const { readFile } = await import('node:fs/promises');
    return Number((await readFile(join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}
