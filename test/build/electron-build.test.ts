// Builds the desktop app with the real electron-vite config into a temp folder and checks what the
// packaged app depends on: the three bundles, a preload a sandbox can run, the CSP in the page, and
// native packages left outside the main bundle.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/main/electron/csp.js';
import type { LibraryStatus } from '../../src/shared/api.js';
import { makeTempDir, REPO_ROOT } from '../helpers/fixtures.js';

const run = promisify(execFile);
const ELECTRON_VITE = path.join(REPO_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const BUILD_TIMEOUT = 180_000;

const temp = makeTempDir('loupe-electron-build-');
const outDir = path.join(temp.dir, 'out');
afterAll(() => temp.cleanup());

async function electronViteBuild(args: string[]): Promise<void> {
  await run(process.execPath, [ELECTRON_VITE, 'build', '--logLevel', 'warn', ...args], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Bare module names a bundle loads at run time: `import ... from "x"` / `require("x")`. */
function runtimeModules(code: string): Set<string> {
  const names = new Set<string>();
  for (const match of code.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']/gm)) names.add(match[1]);
  for (const match of code.matchAll(/^\s*import\s*["']([^"']+)["']/gm)) names.add(match[1]);
  for (const match of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) names.add(match[1]);
  return names;
}

// File-level, so every describe below (the Chromium one included) can use the build on its own.
beforeAll(async () => {
  const started = Date.now();
  await electronViteBuild(['--outDir', outDir]);
  console.info(`electron-vite build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, BUILD_TIMEOUT);

describe('electron-vite build', () => {
  it('emits the main bundle as an ES module that loads electron and the engine\'s packages at run time', () => {
    const main = fs.readFileSync(path.join(outDir, 'main', 'index.js'), 'utf8');
    const modules = runtimeModules(main);
    expect(modules.has('electron')).toBe(true);
    // The shell and the engine are bundled; what stays outside is electron, Node builtins and the
    // package.json dependencies (native addons and WASM/binary loaders, shipped in node_modules).
    const deps = Object.keys((JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    for (const name of modules) expect(name === 'electron' || name.startsWith('node:') || deps.includes(name), name).toBe(true);
    for (const name of ['better-sqlite3', 'sharp', 'onnxruntime-node', 'hnswlib-node']) expect(modules.has(name), name).toBe(true);
  });

  it('emits a CommonJS preload that requires nothing but electron (what a sandbox allows)', () => {
    const preload = fs.readFileSync(path.join(outDir, 'preload', 'index.cjs'), 'utf8');
    expect(preload).not.toMatch(/^\s*(import|export)\b/m);
    expect([...runtimeModules(preload)]).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld("loupe"');
    // The channel allow-list from src/shared travelled into the bundle.
    expect(preload).toContain('listFolders');
  });

  it('emits the renderer page with the strict CSP and file:// friendly asset paths', () => {
    const html = fs.readFileSync(path.join(outDir, 'renderer', 'index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
    expect(meta?.[1]).not.toContain('unsafe-eval');
    expect(meta?.[1]).not.toContain('unsafe-inline');
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src.startsWith('./')).toBe(true);
      expect(fs.existsSync(path.join(outDir, 'renderer', src))).toBe(true);
    }
  });

  it('ships renderer code that runs under that CSP (no eval, no runtime template compiler)', () => {
    const assets = path.join(outDir, 'renderer', 'assets');
    const js = fs.readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(assets, f), 'utf8')).join('\n');
    expect(js.length).toBeGreaterThan(0);
    expect(js).not.toMatch(/\bnew Function\(|\beval\(/);
  });
});

// A system Chromium stands in for Electron's (whose binary is not installed here): same engine, same
// file:// page, same CSP. The fake window.loupe stands in for the preload, the IPC boundary.
const CHROMIUM = [process.env.LOUPE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
  .find((candidate): candidate is string => !!candidate && fs.existsSync(candidate));

describe.skipIf(!CHROMIUM)('built renderer in Chromium (file://, strict CSP)', () => {
  let browser: Browser;
  beforeAll(async () => {
    // --allow-file-access-from-files: Electron lets file:// pages load their module scripts; Chrome needs the flag.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--allow-file-access-from-files', '--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  const BRIDGE_STATUS: LibraryStatus = {
    appVersion: '0.1.0', engineReady: true, folderCount: 2, photoCount: 1234, pendingCount: 0, failedCount: 0, job: null, provider: null,
  };
  /** What the fake preload answers: an indexed library with nothing in it to list. */
  const BRIDGE_ANSWERS: Record<string, unknown> = {
    status: BRIDGE_STATUS,
    listFolders: [],
    listFailures: [],
    getSettings: { language: null, theme: 'system', provider: 'auto', tagThreshold: 0.35, keepRules: ['original', 'pixels', 'format', 'metadata', 'date', 'path'] },
    facets: { tags: [], cameras: [], years: [] },
    listPhotos: { photos: [], total: 0, offset: 0 },
    listDuplicateGroups: [],
  };

  async function open(locale: string, withBridge: boolean) {
    const page = await browser.newPage({ locale });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Browser-side code as strings: this file is type-checked without the DOM library.
    await page.addInitScript({
      content: `
        window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
        if (${JSON.stringify(withBridge)}) {
          const answers = ${JSON.stringify(BRIDGE_ANSWERS)};
          window.loupe = {
            invoke: async (channel) => channel in answers ? { ok: true, value: answers[channel] } : { ok: false, error: { code: 'internal', message: channel } },
            on: () => () => undefined,
          };
        }`,
    });
    await page.goto(pathToFileURL(path.join(outDir, 'renderer', 'index.html')).href);
    return { page, errors };
  }

  it('mounts, fetches the status through window.loupe and shows it in the browser language', async () => {
    const { page, errors } = await open('zh-CN', true);
    await page.getByTestId('status-line').getByText('1,234 张照片', { exact: false }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('nav-library').innerText()).toContain('图库');
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    // The stylesheet loaded under style-src 'self'.
    expect(await page.evaluate("getComputedStyle(document.querySelector('[data-testid=app]')).display")).not.toBe('inline');
    expect(await page.evaluate('window.cspViolations')).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('explains what to do when the page has no backend', async () => {
    const { page, errors } = await open('en-US', false);
    await page.getByTestId('connect-error').getByText('npx loupe serve', { exact: false }).waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('main-process externals', () => {
  it('keeps native and engine packages out of the main bundle', async () => {
    // The shell reaches some of these only lazily (trash, on macOS/Windows), so a probe entry built with the
    // same config imports each package the engine uses, and none of them may be inlined.
    // Inside the repo (test-output/ is git-ignored) so the probe and its config resolve packages from
    // the repo's node_modules, as the real entry does: a broken externals setting would then inline them.
    fs.mkdirSync(path.join(REPO_ROOT, 'test-output'), { recursive: true });
    const probeDir = fs.mkdtempSync(path.join(REPO_ROOT, 'test-output', 'electron-probe-'));
    onTestFinished(() => fs.rmSync(probeDir, { recursive: true, force: true }));
    const probe = path.join(probeDir, 'probe.ts');
    const packages = ['better-sqlite3', 'sharp', 'onnxruntime-node', 'hnswlib-node', '@parcel/watcher', 'exifr', 'libheif-js', 'trash'];
    fs.writeFileSync(probe, packages.map((p, i) => `import * as m${i} from '${p}';\nconsole.log(m${i});\n`).join(''));
    const config = path.join(probeDir, 'probe.config.ts');
    fs.writeFileSync(config, [
      `import base from ${JSON.stringify(path.join(REPO_ROOT, 'electron.vite.config.ts'))};`,
      'const main = base.main ?? {};',
      'export default { main: { ...main, build: { ...main.build,',
      `  rolldownOptions: { ...main.build?.rolldownOptions, input: { index: ${JSON.stringify(probe)} } } } } };`,
    ].join('\n'));
    const probeOut = path.join(probeDir, 'out');
    await electronViteBuild(['--config', config, '--outDir', probeOut]);

    const bundle = fs.readFileSync(path.join(probeOut, 'main', 'index.js'), 'utf8');
    const modules = runtimeModules(bundle);
    for (const name of packages) expect(modules.has(name), name).toBe(true);
    // Inlining would have pulled in the packages' own code (better-sqlite3's Database class, sharp's pipeline).
    expect(bundle).not.toMatch(/function Database\(|\.prototype\.pipeline/);
    expect(bundle.length).toBeLessThan(5_000);
  }, BUILD_TIMEOUT);
});
