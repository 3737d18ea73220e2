import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  PostgresSetupError,
  startEmbeddedPostgres,
  startTemporalDevServer,
  temporalBinaries,
  type RunningPostgres,
  type RunningTemporal,
} from '../libs/devstack/src';
import { startDevMailbox, type RunningMailbox } from '../libs/mail/src/dev-mailbox';
import { migrate } from '../libs/persistence/src/data-source';
import globalTeardown from './global-teardown';

/** What the teardown needs; global setup and teardown run in the same process. */
export interface TestStack {
  postgres?: RunningPostgres;
  temporal?: RunningTemporal;
  mailbox: RunningMailbox;
}

const log = (msg: string): void => {
  process.stdout.write(`[test stack] ${msg}\n`);
};

/**
 * Starts the real parts the integration tests talk to: PostgreSQL (embedded, or
 * the one named by TEST_DATABASE_URL), a Temporal dev server (in memory) and an
 * SMTP server that captures mail. Their addresses reach the tests as env vars.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const stack: Partial<TestStack> = {};
  (globalThis as { __DONDOC_STACK__?: Partial<TestStack> }).__DONDOC_STACK__ = stack;
  // Checked before anything starts: jest runs no teardown when the setup fails.
  const { temporalCli } = temporalBinaries();
  try {
    await startStack(stack, temporalCli);
  } catch (error) {
    // Nothing left running (a PostgreSQL cluster, a dev server) after a failed setup.
    await globalTeardown().catch(() => undefined);
    throw error;
  }
  log(`started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function startStack(stack: Partial<TestStack>, temporalCli: string): Promise<void> {
  let databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl) {
    // As root, the launcher hands the folder to the `postgres` user (or moves the cluster where it can reach it).
    const dir = mkdtempSync(join(tmpdir(), 'dondoc-test-pg-'));
    try {
      stack.postgres = await startEmbeddedPostgres({
        dataDir: dir,
        port: await freePort(),
        database: 'dondoc_test',
        persistent: false,
      });
    } catch (error) {
      if (error instanceof PostgresSetupError) {
        // What cannot work on this machine and how to fix it, without a stack trace.
        process.stderr.write(`\n✖ ${error.message}\n`);
        process.exit(1);
      }
      throw error;
    }
    databaseUrl = stack.postgres.url;
  }
  const applied = await migrate(databaseUrl);
  log(`PostgreSQL ready, ${applied.length} migration(s) applied`);

  stack.temporal = await startTemporalDevServer({ cliPath: temporalCli, port: await freePort() });
  log(`Temporal dev server at ${stack.temporal.address}`);

  stack.mailbox = await startDevMailbox({
    smtpPort: await freePort(),
    httpPort: await freePort(),
    // A permanently failing and a temporarily failing address, for the delivery tests.
    rejectRecipients: [
      { pattern: /^bounce\./, code: 550, message: 'Mailbox unavailable' },
      { pattern: /^greylist\./, code: 451, message: 'Try again later' },
    ],
  });
  log(`SMTP on 127.0.0.1:${stack.mailbox.smtpPort}, mailbox at ${stack.mailbox.url}`);

  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: stack.temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(stack.mailbox.smtpPort),
    MAILBOX_URL: stack.mailbox.url,
    // The production limits (10 s per statement, 5 s to get a connection) turn a frozen
    // PostgreSQL into a quick 503; on a test machine loaded by the suite itself they cut
    // healthy but starved queries ("Connection terminated" in the middle of an import).
    // The fault suite, which tests those limits, sets its own.
    DB_STATEMENT_TIMEOUT_MS: process.env.DB_STATEMENT_TIMEOUT_MS ?? '60000',
    DB_CONNECT_TIMEOUT_MS: process.env.DB_CONNECT_TIMEOUT_MS ?? '30000',
  });
}
