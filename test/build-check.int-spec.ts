import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..');

/**
 * `node scripts/build.mjs web --check` tells a plain `npx jest <browser test>` (which, unlike
 * `npm test`, does not build) that the web app it would serve is stale. Run on a copy of the
 * script in a scratch project whose vite only writes index.html, so the real hashing and stamp
 * logic decide, and the real apps/web/dist is never touched.
 */
describe('the web build check', () => {
  let project: string;

  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  };
  const build = (...args: string[]) =>
    spawnSync(process.execPath, [join(project, 'scripts', 'build.mjs'), 'web', ...args], {
      cwd: project,
      encoding: 'utf8',
    });

  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'dondoc-build-check-'));
    mkdirSync(join(project, 'scripts'));
    copyFileSync(join(ROOT, 'scripts', 'build.mjs'), join(project, 'scripts', 'build.mjs'));
    write('package-lock.json', '{}');
    write('libs/domain/src/index.ts', 'export const a = 1;\n');
    write('apps/web/src/main.tsx', 'export const page = "Tổng quan";\n');
    write(
      'node_modules/vite/bin/vite.js',
      "require('node:fs').mkdirSync('apps/web/dist', { recursive: true });\n" +
        "require('node:fs').writeFileSync('apps/web/dist/index.html', '<!doctype html>');\n",
    );
  });

  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('says stale, with the command, until the app is built; then again when a source changes', () => {
    const before = build('--check');
    expect(before.status).toBe(3);
    expect(before.stderr).toContain('run `node scripts/build.mjs web`');

    expect(build().status).toBe(0);
    const built = build('--check');
    expect({ status: built.status, stderr: built.stderr }).toEqual({ status: 0, stderr: '' });

    write('libs/domain/src/index.ts', 'export const a = 2;\n');
    expect(build('--check').status).toBe(3);
    expect(build().stdout).not.toContain('inputs unchanged');
    expect(build('--check').status).toBe(0);
    expect(build().stdout).toContain('web app (vite): inputs unchanged, skipped');
  });

  it('refuses --check for anything but the web app', () => {
    const server = spawnSync(process.execPath, [join(project, 'scripts', 'build.mjs'), 'server', '--check'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(server.status).toBe(2);
    expect(server.stderr).toContain('usage:');
  });
});
