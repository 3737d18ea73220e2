#!/usr/bin/env node
// Rewrites committed generated files through the tests that check them, so what is written is
// exactly what they expect. Usage: node scripts/regenerate.mjs <api-types|histories>
//   api-types  apps/web/src/api-types.ts from the API's OpenAPI document (apps/api/src/openapi-document.spec.ts)
//   histories  workflows/histories/*.json: the histories of the workflow tests that record one and
//              whose file does not exist yet (a saved history is never overwritten: record a new
//              version under a new name, e.g. `-v2-`). Needs the Temporal test server (npm run provision).
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const targets = {
  'api-types': { env: { DONDOC_WRITE_API_TYPES: '1' }, tests: ['apps/api/src/openapi-document.spec.ts'] },
  histories: {
    env: { DONDOC_RECORD_HISTORIES: '1' },
    tests: [
      'workflows/assignment.workflow.spec.ts',
      'workflows/lawful-deadline.workflow.spec.ts',
      'workflows/digest.workflow.spec.ts',
      'workflows/operations.workflow.spec.ts',
    ],
  },
};
const target = targets[process.argv[2]];
if (!target) {
  process.stderr.write(`usage: node scripts/regenerate.mjs <${Object.keys(targets).join('|')}>\n`);
  process.exit(2);
}
const res = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--selectProjects', 'unit', '--runInBand', ...target.tests],
  { cwd: root, stdio: 'inherit', env: { ...process.env, ...target.env } },
);
process.exit(res.status ?? 1);
