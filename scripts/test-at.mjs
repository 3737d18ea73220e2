#!/usr/bin/env node
// Runs jest with the clock set to another date: the test process, the code it
// hosts (activities, API, worker, workflows under the time-skipping test
// server), PostgreSQL and Chromium through libfaketime (Debian package
// `faketime`), and the integration tests' Temporal dev server, a static Go
// binary libfaketime cannot reach, through a build of the Temporal CLI whose
// wall clock moves by DONDOC_CLOCK_OFFSET_SECONDS
// (scripts/provision-shifted-clock.mjs). Every clock starts at the given
// instant and runs on; the monotonic clocks stay real. Without jest arguments
// the whole suite runs (both projects); see docs/testing.md.
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
const args = jestArgs.length > 0 ? jestArgs : ['--runInBand'];
// The browser tests serve the built web app (skipped when unchanged), as `npm test` does.
if (
  spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), 'web'], { cwd: root, stdio: 'inherit' }).status !== 0
) {
  process.exit(1);
}
const shifted = spawnSync(process.execPath, [join(root, 'scripts', 'provision-shifted-clock.mjs')], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (shifted.status !== 0) {
  process.exit(1);
}
process.stdout.write(
  `▶ jest ${args.join(' ') || '--runInBand (the whole suite)'} with every clock starting at ${m[1]} ${m[2] ?? '09:00'} (UTC+7)\n`,
);
// One offset for every process, taken just before jest starts: libfaketime's relative form
// (`+N` seconds) for the processes it reaches, the same N for the Temporal server, so every
// clock reads the same instant whenever each process started.
const offsetSeconds = Math.round((start.getTime() - Date.now()) / 1000);
const offset = `${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds}`;
const res = spawnSync(
  'faketime',
  ['-f', offset, process.execPath, join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...args],
  {
    cwd: root,
    stdio: 'inherit',
    // The monotonic clock stays real so timers and timeouts behave; only the date moves.
    env: {
      ...process.env,
      TZ: 'UTC',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      TEMPORAL_CLI_PATH: shifted.stdout.trim(),
      DONDOC_CLOCK_OFFSET_SECONDS: String(offsetSeconds),
    },
  },
);
process.exit(res.status ?? 1);
