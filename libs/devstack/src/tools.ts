import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './project-root';

export interface TemporalBinaries {
  temporalCli: string;
  temporalTestServer: string;
}

/**
 * Paths of the Temporal binaries chosen by scripts/provision.mjs. Environment
 * variables win, so a machine with its own binaries needs no manifest.
 */
export function temporalBinaries(): TemporalBinaries {
  const manifestFile = join(projectRoot(), '.tools', 'tools.json');
  const manifest = existsSync(manifestFile)
    ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as {
        temporalCli?: { path: string };
        temporalTestServer?: { path: string };
      })
    : {};
  const temporalCli = process.env.TEMPORAL_CLI_PATH ?? manifest.temporalCli?.path;
  const temporalTestServer = process.env.TEMPORAL_TEST_SERVER_PATH ?? manifest.temporalTestServer?.path;
  if (!temporalCli || !temporalTestServer) {
    throw new Error(
      'Temporal binaries are not provisioned: run `node scripts/provision.mjs` (npm start and npm test do)',
    );
  }
  return { temporalCli, temporalTestServer };
}
