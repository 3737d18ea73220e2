#!/usr/bin/env node
// Makes sure the document render test can turn the period report (docx, xlsx) into PDF and
// read it back: LibreOffice (soffice) headless, poppler's pdftotext and pdftoppm, and a
// Times New Roman stand-in with the same metrics and Vietnamese letters (Liberation Serif 2).
// Installs Debian's packages with apt-get when one is missing (as root, or through sudo).
import { spawnSync } from 'node:child_process';
import { has, installDebianPackages } from './lib/debian-packages.mjs';

const PACKAGES = ['libreoffice-writer', 'libreoffice-calc', 'poppler-utils', 'fonts-liberation2'];

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

installDebianPackages({ purpose: 'the document render test', packages: PACKAGES, missing });
if (!has('soffice') || !has('pdftotext') || !hasVietnameseSerif()) {
  process.stderr.write('apt-get finished but soffice, pdftotext or Liberation Serif is still missing.\n');
  process.exit(1);
}
process.stdout.write('LibreOffice, poppler and Liberation Serif: installed\n');
