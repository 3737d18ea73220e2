#!/usr/bin/env node
// Makes sure a Chromium the browser tests can drive (through playwright-core) is on
// this machine: CHROMIUM_PATH, else /usr/bin/chromium, else installs Debian's
// `chromium` package with apt-get (as root, or through sudo when it is available).
import { existsSync } from 'node:fs';
import { installDebianPackages } from './lib/debian-packages.mjs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const found = candidates.find((p) => existsSync(p));
if (found) {
  process.stdout.write(`Chromium: ${found}\n`);
  process.exit(0);
}
installDebianPackages({
  purpose: 'the browser tests',
  packages: ['chromium'],
  missing: ['chromium (or CHROMIUM_PATH)'],
});
if (!existsSync('/usr/bin/chromium')) {
  process.stderr.write('apt-get finished but /usr/bin/chromium is still missing.\n');
  process.exit(1);
}
process.stdout.write('Chromium: /usr/bin/chromium\n');
