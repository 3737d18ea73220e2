import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  makeTelemetryFilterString,
  Runtime,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { temporalBinaries } from '../../libs/devstack/src/tools';
import { vietnamDateOf, type LocalDate } from '../../libs/domain/src/local-date';

/** What a workflow spec on the time-skipping test server works with; valid inside a test. */
export interface TimeSkippingServer {
  /** This test's own server. */
  readonly env: TestWorkflowEnvironment;
  /** The workflow bundle of `workflows/index.ts`, built once per file. */
  readonly bundle: WorkflowBundleWithSourceMap;
  /** The server's date in Vietnam (UTC+7). */
  today(): Promise<LocalDate>;
  /** Moves server time to `instant` plus one minute, letting timers fire on the way; never backwards. */
  advanceTo(instant: Date): Promise<void>;
}

/**
 * Registers the jest hooks of a workflow spec on the time-skipping test server (the binary
 * provisioned by scripts/provision.mjs, never downloaded): the workflow bundle once per file,
 * and a fresh server for every test. Awaiting a workflow result lets the server skip ahead to
 * the next timer of any workflow it holds, up to ten years when none is due: a server shared
 * by a file drifts decades and later tests run past the calendar's supported years (seen as a
 * 414 s file whose tests hit jest's timeout). Call it at the top of a `describe`.
 */
export function useTimeSkippingServer(): TimeSkippingServer {
  let env: TestWorkflowEnvironment | undefined;
  let bundle: WorkflowBundleWithSourceMap | undefined;

  beforeAll(async () => {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
    });
    bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows/index'),
      logger: new DefaultLogger('WARN'),
    });
  }, 120_000);

  beforeEach(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalBinaries().temporalTestServer } },
    });
  }, 120_000);

  afterEach(async () => {
    await env?.teardown();
    env = undefined;
  });

  const server: TimeSkippingServer = {
    get env() {
      if (!env) {
        throw new Error('the time-skipping server exists only inside a test');
      }
      return env;
    },
    get bundle() {
      if (!bundle) {
        throw new Error('the workflow bundle is built in beforeAll');
      }
      return bundle;
    },
    today: async () => vietnamDateOf(new Date(await server.env.currentTimeMs())),
    advanceTo: async (instant: Date) => {
      const delta = instant.getTime() + 60_000 - (await server.env.currentTimeMs());
      if (delta > 0) {
        await server.env.sleep(delta);
      }
    },
  };
  return server;
}

/** Where the saved histories live; workflows/assignment.replay.spec.ts replays every file there. */
export const HISTORIES_DIR = join(__dirname, '..', '..', 'workflows', 'histories');

/**
 * With DONDOC_RECORD_HISTORIES=1 (`npm run record:histories`), saves the workflow's history as
 * `workflows/histories/<name>.json` for the replay test, unless that file exists: a saved
 * history records what an earlier version of the code did and is never overwritten (record a
 * new version under a new name). Without the variable, does nothing.
 */
export async function maybeRecordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  const file = join(HISTORIES_DIR, `${name}.json`);
  if (process.env.DONDOC_RECORD_HISTORIES !== '1' || existsSync(file)) {
    return;
  }
  const history = await handle.fetchHistory();
  writeFileSync(file, `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 2)}\n`);
}
