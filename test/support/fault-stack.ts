import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import {
  freePort,
  startEmbeddedPostgres,
  startTemporalDevServer,
  temporalBinaries,
  waitFor,
  type RunningPostgres,
  type RunningTemporal,
} from '../../libs/devstack/src';
import { migrate } from '../../libs/persistence/src/data-source';
import { startScriptedSmtp, type ScriptedSmtp, type ScriptedSmtpOptions } from './scripted-smtp';

const ROOT = join(__dirname, '..', '..');
const log = (m: string): void => {
  process.stdout.write(`[fault stack] ${m}\n`);
};

let bundlePath: Promise<string> | undefined;

/** The workflow bundle, made once per test process (a restarted worker starts in seconds, not a bundling). */
function workflowBundle(dir: string): Promise<string> {
  bundlePath ??= (async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows') });
    const path = join(dir, 'workflow-bundle.js');
    writeFileSync(path, code);
    return path;
  })();
  return bundlePath;
}

/** A worker as `npm start` runs it (apps/worker/src/main.ts), in its own process, so a test can SIGKILL it. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Resolves when the process has exited, with its exit code or signal. */
  readonly exited: Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<string>;
  tail(): string;
}

/**
 * A stack of its own for one fault test file: PostgreSQL on a persistent
 * cluster (so it can be stopped, frozen and restarted on the same data), a
 * Temporal dev server on a SQLite file (killed and restarted on the same
 * history), a scripted SMTP server, and workers in separate processes. Nothing
 * here is shared with the global setup's stack, so stopping a service affects
 * this file only.
 */
export interface FaultStack {
  readonly dir: string;
  readonly databaseUrl: string;
  readonly temporalAddress: string;
  readonly taskQueue: string;
  smtp: ScriptedSmtp;
  /** The environment of the worker processes (and of the in-process API: `applyEnv`). */
  readonly env: NodeJS.ProcessEnv;
  /** Sets this stack's addresses in `process.env`, for an API created in the test process. */
  applyEnv(): void;
  startWorker(): Promise<WorkerProcess>;
  /** SIGKILLs the Temporal dev server and waits for it to be gone. */
  killTemporal(): Promise<void>;
  /** Starts the Temporal dev server again on the same port and SQLite file. */
  restartTemporal(): Promise<void>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** SIGSTOPs the postmaster and every backend: connections stay open, nothing answers. */
  freezePostgres(): void;
  thawPostgres(): void;
  close(): Promise<void>;
}

function pgProcesses(postmaster: number): number[] {
  const res = spawnSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' });
  return [
    postmaster,
    ...res.stdout
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0),
  ];
}

export async function startFaultStack(
  name: string,
  opts: { smtp?: ScriptedSmtpOptions; env?: Record<string, string> } = {},
): Promise<FaultStack> {
  const dir = mkdtempSync(join(tmpdir(), `dondoc-fault-${name}-`));
  const pgPort = await freePort();
  const temporalPort = await freePort();
  const pgOptions = { dataDir: join(dir, 'pg'), port: pgPort, database: 'dondoc_faults', persistent: true };
  const dbFile = join(dir, 'temporal.sqlite');
  const cliPath = temporalBinaries().temporalCli;
  let pg: RunningPostgres | undefined;
  let temporal: RunningTemporal | undefined;
  let smtp: ScriptedSmtp | undefined;
  let bundle: string;
  try {
    pg = await startEmbeddedPostgres({ ...pgOptions, notice: () => undefined });
    await migrate(pg.url);
    temporal = await startTemporalDevServer({ cliPath, port: temporalPort, dbFile });
    smtp = await startScriptedSmtp(opts.smtp);
    bundle = await workflowBundle(dir);
  } catch (err) {
    // A stack that could not start leaves nothing running behind it.
    await smtp?.stop();
    await temporal?.process.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
    if (pg) {
      rmSync(pg.dataDir, { recursive: true, force: true });
    }
    throw err;
  }
  // Where the cluster really lives (as root it may be moved out of the temporary folder).
  const clusterRoot = pg.dataDir;
  const databaseUrl = pg.url;
  const taskQueue = `fault-${name}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    WORKFLOW_BUNDLE_PATH: bundle,
    ...opts.env,
  };
  const workers = new Set<WorkerProcess>();
  log(`${name}: PostgreSQL :${pgPort}, Temporal ${temporal.address} (${dbFile}), SMTP :${smtp.port}`);

  const stack: FaultStack = {
    dir,
    databaseUrl,
    temporalAddress: temporal.address,
    taskQueue,
    smtp: smtp,
    env,
    applyEnv() {
      for (const key of [
        'DATABASE_URL',
        'TEMPORAL_ADDRESS',
        'TEMPORAL_NAMESPACE',
        'TEMPORAL_TASK_QUEUE',
        'SMTP_HOST',
        'SMTP_PORT',
        ...Object.keys(opts.env ?? {}),
      ]) {
        process.env[key] = env[key];
      }
    },
    async startWorker() {
      const child = spawn(process.execPath, ['-r', join(__dirname, 'ts-register.cjs'), 'apps/worker/src/main.ts'], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: string[] = [];
      const keep = (chunk: Buffer): void => {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        lines.splice(0, Math.max(0, lines.length - 80));
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const exited = new Promise<string>((resolve) =>
        child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)),
      );
      let gone = false;
      void exited.then(() => (gone = true));
      const worker: WorkerProcess = {
        child,
        exited,
        tail: () => lines.join('\n'),
        async kill(signal = 'SIGKILL') {
          if (!gone) {
            child.kill(signal);
          }
          workers.delete(worker);
          return exited;
        },
      };
      workers.add(worker);
      await waitFor(
        'the worker process to poll its task queue',
        () => {
          if (gone) {
            throw new Error(`the worker process exited while starting:\n${worker.tail()}`);
          }
          return Promise.resolve(lines.some((l) => l.includes('Temporal worker polling')));
        },
        180_000,
      );
      return worker;
    },
    async killTemporal() {
      const t = temporal!;
      temporal = undefined;
      const gone = new Promise((r) => t.process.child.once('exit', r));
      t.process.child.kill('SIGKILL');
      await gone;
    },
    async restartTemporal() {
      temporal = await startTemporalDevServer({ cliPath, port: temporalPort, dbFile });
    },
    async stopPostgres() {
      await pg?.stop();
      pg = undefined;
    },
    async startPostgres() {
      pg = await startEmbeddedPostgres({ ...pgOptions, notice: () => undefined });
    },
    freezePostgres() {
      for (const pid of pgProcesses(pg!.pid)) {
        process.kill(pid, 'SIGSTOP');
      }
    },
    thawPostgres() {
      for (const pid of pgProcesses(pg!.pid)) {
        process.kill(pid, 'SIGCONT');
      }
    },
    async close() {
      for (const w of [...workers]) {
        await w.kill('SIGKILL');
      }
      await stack.smtp.stop();
      await temporal?.process.stop();
      if (pg) {
        stack.thawPostgres();
        await pg.stop();
      }
      rmSync(dir, { recursive: true, force: true });
      rmSync(clusterRoot, { recursive: true, force: true });
    },
  };
  return stack;
}
