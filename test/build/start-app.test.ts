// `npm start` must never trigger Electron's binary download and must say what to do without it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../helpers/fixtures.js';

const run = promisify(execFile);
const SCRIPT = path.join(REPO_ROOT, 'scripts', 'start-app.mjs');

// The script is plain .mjs (no declarations): type the two exports the test uses.
const startApp = (await import(pathToFileURL(SCRIPT).href)) as {
  findElectronBinary(electronDir: string): string | null;
  NO_ELECTRON_HINT: string;
};

const temps: { cleanup: () => void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));

function fakeElectronDir(opts: { pathTxt?: string; binary?: string }): string {
  const temp = makeTempDir('loupe-fake-electron-');
  temps.push(temp);
  if (opts.pathTxt !== undefined) fs.writeFileSync(path.join(temp.dir, 'path.txt'), opts.pathTxt);
  if (opts.binary) {
    fs.mkdirSync(path.join(temp.dir, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(temp.dir, 'dist', opts.binary), '');
  }
  return temp.dir;
}

describe('findElectronBinary', () => {
  it('finds the binary that path.txt names inside dist/', () => {
    const dir = fakeElectronDir({ pathTxt: 'electron', binary: 'electron' });
    expect(startApp.findElectronBinary(dir)).toBe(path.join(dir, 'dist', 'electron'));
  });

  it('reports no binary when the download never happened (no path.txt)', () => {
    expect(startApp.findElectronBinary(fakeElectronDir({}))).toBeNull();
  });

  it('reports no binary when path.txt names a file that is not there', () => {
    expect(startApp.findElectronBinary(fakeElectronDir({ pathTxt: 'electron' }))).toBeNull();
  });
});

describe('start-app.mjs without Electron', () => {
  it('prints the `loupe serve` hint, exits non-zero, and downloads nothing', async () => {
    const dir = fakeElectronDir({});
    const realElectron = path.join(REPO_ROOT, 'node_modules', 'electron');
    const before = fs.readdirSync(dir);
    const realBefore = fs.readdirSync(realElectron);
    const error = await run(process.execPath, [SCRIPT], {
      cwd: REPO_ROOT,
      env: { ...process.env, LOUPE_ELECTRON_DIR: dir },
      timeout: 30_000,
    }).then(() => null, (e: { code?: number; stderr?: string }) => e);
    expect(error?.code).toBe(1);
    expect(error?.stderr).toContain(startApp.NO_ELECTRON_HINT);
    expect(error?.stderr).toContain('npx loupe serve');
    // Electron's installer (reached through require('electron')) would have added path.txt and dist/.
    expect(fs.readdirSync(dir)).toEqual(before);
    expect(fs.readdirSync(realElectron)).toEqual(realBefore);
  });

  it.runIf(process.platform === 'linux')('on a Linux box without a display, says so instead of launching', async () => {
    const dir = fakeElectronDir({ pathTxt: 'electron', binary: 'electron' });
    const env: NodeJS.ProcessEnv = { ...process.env, LOUPE_ELECTRON_DIR: dir };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const error = await run(process.execPath, [SCRIPT], { cwd: REPO_ROOT, env, timeout: 30_000 })
      .then(() => null, (e: { code?: number; stderr?: string }) => e);
    expect(error?.code).toBe(1);
    expect(error?.stderr).toContain('No graphical display');
    expect(error?.stderr).toContain('npx loupe serve');
  });
});
