import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/**
 * Replays saved histories of earlier workflow versions against today's code: a
 * change that breaks determinism for workflows already running fails here.
 * Record new histories with DONDOC_RECORD_HISTORIES=1 (see assignment.workflow.spec.ts).
 */
const dir = join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replay of saved assignment histories', () => {
  let bundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./index'), logger: new DefaultLogger('WARN') });
  }, 120_000);

  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('replays %s deterministically', async (file) => {
    const history: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, file)).resolves.toBeUndefined();
  });
});
