#!/usr/bin/env node
// Makes sure the document render test can turn the period report (docx, xlsx) into PDF and
// read it back: LibreOffice (soffice) headless, poppler's pdftotext and pdftoppm, and a
// Times New Roman stand-in with the same metrics and Vietnamese letters (Liberation Serif 2).
// Installs Debian's packages with apt-get when one is missing (as root, or through sudo).
import { spawnSync } from 'node:child_process';

const PACKAGES = ['libreoffice-writer', 'libreoffice-calc', 'poppler-utils', 'fonts-liberation2'];

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Liberation Serif with Vietnamese letters (fonts-liberation 1.x has none: ệ falls back to another font). */
function hasVietnameseSerif() {
  if (!has('fc-list')) {
    return false;
  }
  const res = spawnSync('fc-list', [':charset=1ec7', 'family'], { encoding: 'utf8' });
  return res.status === 0 && /Liberation Serif/.test(res.stdout);
}

const missing = [
  has('soffice') ? null : 'soffice',
  has('pdftotext') && has('pdftoppm') ? null : 'pdftotext/pdftoppm',
  hasVietnameseSerif() ? null : 'Liberation Serif with Vietnamese',
].filter(Boolean);
if (missing.length === 0) {
  process.stdout.write('LibreOffice, poppler and Liberation Serif: present\n');
  process.exit(0);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasSudo = has('sudo');
if (!isRoot && !hasSudo) {
  process.stderr.write(
    `Missing for the document render test: ${missing.join(', ')}. This user cannot install packages: ` +
      `install Debian's ${PACKAGES.join(' ')} packages, then run the tests again.\n`,
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
process.stdout.write(
  `Installing ${PACKAGES.join(', ')} for the document render test (missing: ${missing.join(', ')})…\n`,
);
run(['apt-get', 'update', '-qq']);
run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...PACKAGES]);
if (!has('soffice') || !has('pdftotext') || !hasVietnameseSerif()) {
  process.stderr.write('apt-get finished but soffice, pdftotext or Liberation Serif is still missing.\n');
  process.exit(1);
}
process.stdout.write('LibreOffice, poppler and Liberation Serif: installed\n');
