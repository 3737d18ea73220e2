#!/usr/bin/env node
// Makes sure a Chromium the browser tests can drive (through playwright-core) is on
// this machine: CHROMIUM_PATH, else /usr/bin/chromium, else installs Debian's
// `chromium` package with apt-get (as root, or through sudo when it is available).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const found = candidates.find((p) => existsSync(p));
if (found) {
  process.stdout.write(`Chromium: ${found}\n`);
  process.exit(0);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasSudo = spawnSync('sh', ['-c', 'command -v sudo'], { stdio: 'ignore' }).status === 0;
if (!isRoot && !hasSudo) {
  process.stderr.write(
    'Chromium is missing and this user cannot install packages. Install Debian\'s "chromium" package, ' +
      'or set CHROMIUM_PATH to a Chromium binary, then run the tests again.\n',
  );
  process.exit(1);
}
const prefix = isRoot ? [] : ['sudo'];
function run(args) {
  const [cmd, ...rest] = [...prefix, ...args];
  process.stdout.write(`$ ${[cmd, ...rest].join(' ')}\n`);
  const res = spawnSync(cmd, rest, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (res.status !== 0) {
    process.stderr.write(`✖ ${args.join(' ')} failed (exit ${res.status ?? res.signal})\n`);
    process.exit(res.status ?? 1);
  }
}
process.stdout.write('Installing Chromium for the browser tests (Debian package "chromium")…\n');
run(['apt-get', 'update', '-qq']);
run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium']);
if (!existsSync('/usr/bin/chromium')) {
  process.stderr.write('apt-get finished but /usr/bin/chromium is still missing.\n');
  process.exit(1);
}
process.stdout.write('Chromium: /usr/bin/chromium\n');
