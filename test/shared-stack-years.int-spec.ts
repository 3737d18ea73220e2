import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');

function specFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return specFiles(path);
    }
    return /\.(int|fault)-spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

/**
 * The integration and fault suites share one PostgreSQL, one Temporal server and one calendar
 * (test/global-setup.ts). A test that needs fixed period keys, fixed deadlines or a recorded
 * calendar decision uses a far-future year (2030 or later) that no other test file mentions:
 * workflow ids (`assignment/<duty>/<agency>/<period>`), period closes and calendar
 * adjustments are global, so two files in the same year collide depending on the order they
 * run in (a `WorkflowExecutionAlreadyStartedError`, or a close report that counts another
 * file's assignments). This check reads the test files and names any year two files share.
 */
describe('test files on the shared stack', () => {
  it('each far-future year (2030 and later) belongs to one test file', () => {
    const owners = new Map<string, Set<string>>();
    for (const file of specFiles(join(ROOT, 'test')).filter((f) => f !== __filename)) {
      for (const [year] of readFileSync(file, 'utf8').matchAll(/\b20[3-9]\d\b/g)) {
        owners.set(year, (owners.get(year) ?? new Set()).add(relative(ROOT, file)));
      }
    }
    const shared = [...owners]
      .filter(([, files]) => files.size > 1)
      .map(([year, files]) => `${year}: ${[...files].sort().join(', ')}`);
    expect(owners.size).toBeGreaterThan(0);
    expect(shared).toEqual([]);
  });
});
