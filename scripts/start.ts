/**
 * `npm start`: the whole system on one machine with embedded defaults.
 * Starts PostgreSQL (embedded, unless DATABASE_URL is set), the Temporal dev
 * server (SQLite file, unless TEMPORAL_ADDRESS is set), a capture mailbox
 * (unless SMTP_HOST is set), applies migrations, imports the plan catalog and
 * the agency registry, starts worker and API, then runs the main job: it opens
 * the current period of every kind through `periodOpenWorkflow`, which mails
 * each agency its new assignment and plans the period's close. Ctrl-C stops everything; the next start resumes with the same data.
 */
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import {
  isPortOpen,
  projectRoot,
  startEmbeddedPostgres,
  STACK_POSTGRES,
  startProcess,
  startTemporalDevServer,
  superviseProcess,
  temporalBinaries,
  waitFor,
  type ManagedProcess,
} from '../libs/devstack/src';
import { startDevMailbox, type RunningMailbox } from '../libs/mail/src/dev-mailbox';
import { loadConfig } from '../libs/config/src/config';
import { createDataSource } from '../libs/persistence/src/data-source';
import { CatalogRepository } from '../libs/persistence/src/repositories';
import { openCurrentPeriods } from '../libs/temporal/src/open-current-periods';
import { vietnamDateOf } from '../libs/domain/src/local-date';
import { migrateAndSeed } from './migrate';
import { createStaffUser } from './create-admin';

const root = projectRoot(__dirname);
const dataDir = process.env.DONDOC_DATA_DIR ?? join(root, '.data');
const log = (m: string): void => {
  process.stdout.write(`[dondoc] ${m}\n`);
};

const stoppers: Array<{ name: string; stop: () => Promise<void> }> = [];
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log('stopping…');
    for (const s of [...stoppers].reverse()) {
      try {
        await s.stop();
        log(`  stopped ${s.name}`);
      } catch (err) {
        log(`  could not stop ${s.name}: ${String(err)}`);
      }
    }
  }
  process.exit(code);
}

async function requireFreePort(port: number, what: string, envVar: string): Promise<void> {
  if (await isPortOpen(port)) {
    throw new Error(`port ${port} (${what}) is already in use: stop what uses it or set ${envVar}`);
  }
}

function spawnNode(name: string, script: string, env: NodeJS.ProcessEnv): ManagedProcess {
  return startProcess(name, process.execPath, ['--enable-source-maps', join(root, 'dist', script)], {
    env,
    echo: (line) => process.stdout.write(`[${name}] ${line}\n`),
  });
}

function node(name: string, script: string, env: NodeJS.ProcessEnv): ManagedProcess {
  const proc = spawnNode(name, script, env);
  proc.child.once('exit', (code) => {
    if (!stopping) {
      log(`${name} exited unexpectedly (code ${code}); stopping the stack`);
      void shutdown(1);
    }
  });
  return proc;
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env };

  // PostgreSQL
  if (!env.DATABASE_URL) {
    const port = Number(env.PG_PORT ?? STACK_POSTGRES.port);
    await requireFreePort(port, 'PostgreSQL', 'PG_PORT');
    log(`starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${join(dataDir, 'postgres')})`);
    const pg = await startEmbeddedPostgres({
      dataDir: join(dataDir, 'postgres'),
      port,
      database: STACK_POSTGRES.database,
      persistent: true,
    });
    stoppers.push({ name: 'PostgreSQL', stop: () => pg.stop() });
    env.DATABASE_URL = pg.url;
  }

  // Temporal
  let temporalUi: string | undefined;
  if (!env.TEMPORAL_ADDRESS) {
    const port = Number(env.TEMPORAL_PORT ?? 7233);
    const uiPort = Number(env.TEMPORAL_UI_PORT ?? 8233);
    await requireFreePort(port, 'Temporal', 'TEMPORAL_PORT');
    await requireFreePort(uiPort, 'Temporal UI', 'TEMPORAL_UI_PORT');
    mkdirSync(join(dataDir, 'temporal'), { recursive: true });
    log(`starting Temporal dev server on 127.0.0.1:${port} (history in ${join(dataDir, 'temporal', 'dev.sqlite')})`);
    const temporal = await startTemporalDevServer({
      cliPath: temporalBinaries().temporalCli,
      port,
      uiPort,
      dbFile: join(dataDir, 'temporal', 'dev.sqlite'),
    });
    stoppers.push({ name: 'Temporal dev server', stop: () => temporal.process.stop() });
    env.TEMPORAL_ADDRESS = temporal.address;
    temporalUi = temporal.uiUrl;
  }

  // SMTP
  let mailbox: RunningMailbox | undefined;
  if (!env.SMTP_HOST) {
    const smtpPort = Number(env.SMTP_PORT ?? 1025);
    const httpPort = Number(env.MAILBOX_PORT ?? 8025);
    await requireFreePort(smtpPort, 'SMTP', 'SMTP_PORT');
    await requireFreePort(httpPort, 'mailbox page', 'MAILBOX_PORT');
    mailbox = await startDevMailbox({ smtpPort, httpPort, storeDir: join(dataDir, 'mailbox') });
    stoppers.push({ name: 'mailbox', stop: () => mailbox!.stop() });
    env.SMTP_HOST = '127.0.0.1';
    env.SMTP_PORT = String(smtpPort);
  }

  const config = loadConfig(env);
  env.PUBLIC_URL = config.links.publicUrl;
  await requireFreePort(config.api.port, 'API', 'API_PORT');

  log('applying migrations and importing reference data');
  await migrateAndSeed(config.database.url, (m) => log(`  ${m}`));

  // The first start creates an administrator and shows its password once.
  const admin = await createStaffUser(config.database.url, env.DONDOC_ADMIN_EMAIL ?? 'admin@thanhhoa.example', 'admin');
  const adminLine = admin.created
    ? `  sign in           ${env.DONDOC_ADMIN_EMAIL ?? 'admin@thanhhoa.example'} / ${admin.password}  (shown once; npm run create-admin adds users)`
    : `  sign in           ${env.DONDOC_ADMIN_EMAIL ?? 'admin@thanhhoa.example'} (created on the first start)`;

  // A worker that dies is started again (backoff from 1 s to 1 min): its work waits in Temporal meanwhile.
  const worker = superviseProcess(() => spawnNode('worker', 'apps/worker/src/main.js', env), {
    name: 'worker',
    onRestart: ({ exit, delayMs, restart }) =>
      log(`worker exited unexpectedly (${exit}); restarting it in ${delayMs / 1000} s (restart ${restart})`),
  });
  stoppers.push({ name: 'worker', stop: () => worker.stop(30_000) });
  const api = node('api', 'apps/api/src/main.js', env);
  stoppers.push({ name: 'api', stop: () => api.stop() });
  await waitFor('the API to be ready', async () => {
    try {
      return (await fetch(`http://127.0.0.1:${config.api.port}/ready`)).ok;
    } catch {
      return false;
    }
  });

  // The main job: open the current period of every kind, each with its planned close.
  const today = vietnamDateOf(new Date());
  log(`opening the periods that contain ${today} for every periodic duty`);
  const ds = await createDataSource(config.database.url).initialize();
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const plans = await new CatalogRepository(ds).listPlans();
    await openCurrentPeriods(
      new Client({ connection, namespace: config.temporal.namespace }),
      plans.map((p) => p.code),
      {
        taskQueue: config.temporal.taskQueue,
        onDate: today,
        onOpened: ({ planCode, kind, progress, closeWorkflowId }) =>
          log(
            `  ${planCode} ${kind}: ${progress.started} assignment workflows started, ${progress.alreadyRunning} already running; close planned (${closeWorkflowId})`,
          ),
      },
    );
  } finally {
    await connection.close();
    await ds.destroy();
  }

  log('');
  log('dondoc is running:');
  log(`  dashboard         http://127.0.0.1:${config.api.port}/  (sign in as below)`);
  log(`  API               http://127.0.0.1:${config.api.port}/api/docs  (OpenAPI)`);
  log(adminLine);
  if (mailbox) {
    log(`  captured mail     ${mailbox.url}`);
  }
  if (temporalUi) {
    log(`  Temporal UI       ${temporalUi}`);
  }
  log(`  PostgreSQL        ${config.database.url.replace(/:[^:@/]+@/, ':***@')}`);
  log('Press Ctrl-C to stop.');
}

main().catch((err: unknown) => {
  log(`failed to start: ${err instanceof Error ? err.message : String(err)}`);
  void shutdown(1);
});
