#!/usr/bin/env node
// Runs jest with the machine's clock set to another date, through libfaketime
// (Debian package `faketime`): the test process, the code it hosts (activities,
// API, workflows under the time-skipping test server, which starts at that
// date) and PostgreSQL all see it. The Temporal dev server of the integration
// tests is a static Go binary that libfaketime cannot reach, so by default only
// the `unit` project (unit and workflow tests) runs; see docs/testing.md.
// Usage: node scripts/test-at.mjs <YYYY-MM-DD>[THH:MM] [jest arguments]
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [when, ...jestArgs] = process.argv.slice(2);
const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?$/.exec(when ?? '');
if (!m || Number.isNaN(Date.parse(m[1]))) {
  process.stderr.write('usage: node scripts/test-at.mjs <YYYY-MM-DD>[THH:MM] [jest arguments]  (time in UTC+7)\n');
  process.exit(2);
}
if (spawnSync('sh', ['-c', 'command -v faketime'], { stdio: 'ignore' }).status !== 0) {
  process.stderr.write('✖ faketime is not installed: apt-get install faketime (Debian package of libfaketime)\n');
  process.exit(1);
}
// The wall clock in Vietnam (UTC+7) is what the rules read; faketime takes UTC here (TZ=UTC below).
const [h, min] = (m[2] ?? '09:00').split(':').map(Number);
const start = new Date(Date.parse(`${m[1]}T00:00:00Z`) + ((h - 7) * 60 + min) * 60_000);
const stamp = start.toISOString().replace('T', ' ').slice(0, 19);
const args = jestArgs.length > 0 ? jestArgs : ['--selectProjects', 'unit'];
process.stdout.write(`▶ jest ${args.join(' ')} with the clock starting at ${m[1]} ${m[2] ?? '09:00'} (UTC+7)\n`);
const res = spawnSync(
  'faketime',
  ['-f', `@${stamp}`, process.execPath, join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...args],
  {
    cwd: root,
    stdio: 'inherit',
    // The monotonic clock stays real so timers and timeouts behave; only the date moves.
    env: { ...process.env, TZ: 'UTC', FAKETIME_DONT_FAKE_MONOTONIC: '1' },
  },
);
process.exit(res.status ?? 1);
