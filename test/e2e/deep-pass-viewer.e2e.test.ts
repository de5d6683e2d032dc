// Opening a photo while the deep pass runs, in a browser against the real `loupe serve`: after `loupe index --quick`
// the viewer opens a photo whose faces and text are not read yet, the deep pass takes it next, and its face shows on
// the open viewer without opening it again. Screenshots land in test-output/e2e-deep-pass/.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caltechSample, copyPhotos, makeTempDir, REPO_ROOT } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { startServe } from '../helpers/serve.js';
import { waitUntil } from '../helpers/serve-in-browser.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(REPO_ROOT, 'test-output', 'e2e-deep-pass');

describe('the deep pass and the open viewer, in a browser against `loupe serve`', () => {
  const tmp = makeTempDir('loupe-e2e-deep-');
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');
  const env = { ...process.env, LOUPE_HOME: home, XDG_DATA_HOME: path.join(tmp.dir, 'xdg') };
  const portrait = path.join(lib, 'old', 'DSC_0001.jpg');
  let stop: (() => Promise<void>) | undefined;
  let browser: Browser;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
    // 24 photos taken today, and a portrait from 2001: the last one the deep pass would come to by itself
    copyPhotos(caltechSample(['airplanes', 'Motorbikes'], 12), lib);
    fs.mkdirSync(path.dirname(portrait), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'faces', 'jesper-2.jpg'), portrait);
    const longAgo = new Date('2001-06-01T12:00:00Z');
    fs.utimesSync(portrait, longAgo, longAgo);
    expect(runCli(['add', lib], env).code).toBe(0);
    expect(runCli(['index', '--quick'], env).code).toBe(0);

    // serving starts the deep pass at once (the run on open)
    const started = await startServe(env);
    stop = started.stop;
    base = started.url.replace(/\?.*$/, '');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ locale: 'en-US', viewport: { width: 1300, height: 850 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(started.url);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stop?.();
    tmp.cleanup();
  });

  it('shows the face of a photo opened before its faces were read, once the deep pass (taking it next) has read them', async () => {
    const id = (JSON.parse(runCli(['info', portrait, '--json'], env).stdout) as { id: number }).id;
    await page.goto(`${base}#/library?photo=${id}`);
    // opened before its deep stages ran: the viewer says so (24 photos come before it in the walk's own order)
    await page.getByText('Text not read yet').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid^="viewer-face-"].face-box').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, '01-opened-before-the-deep-pass.png') });
    // the face appears on the same open viewer, with no reopening
    await waitUntil(page, `document.querySelectorAll('.face-box').length > 0`, 90_000);
    await page.getByText('Text not read yet').waitFor({ state: 'detached', timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, '02-its-face-read.png') });
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
