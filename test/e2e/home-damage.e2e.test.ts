// A damaged home as a user of `loupe serve` meets it: the real server on a home whose catalog was overwritten (or
// deleted), the built UI in Debian's Chromium. The server starts anyway; the page shows what happened in the
// user's language and offers the backup (or a fresh catalog), other API calls answer 'home-damaged', and the
// choice brings the library back, tags included. Screenshots land in test-output/e2e-home-damage/.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { startServe } from '../helpers/serve.js';
import { waitUntil } from '../helpers/serve-in-browser.js';
import { makePhotos } from '../reliability/make-photos.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(REPO_ROOT, 'test-output', 'e2e-home-damage');

/** The API as the page calls it (same origin, the session cookie rides along). */
const apiCall = (channel: string): string =>
  `fetch('/api/${channel}', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' }).then((r) => r.json())`;

describe('a damaged library home in the browser', () => {
  const tmp = makeTempDir('loupe-e2e-home-damage-');
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');
  const env = { ...process.env, LOUPE_HOME: home, XDG_DATA_HOME: path.join(tmp.dir, 'xdg') };
  let photos: string[];
  let browser: Browser;

  beforeAll(async () => {
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
    photos = await makePhotos(lib, 3);
    expect(runCli(['add', lib], env).code).toBe(0);
    expect(runCli(['index'], env).code).toBe(0);
    expect(runCli(['tag', photos[0], '--add', 'grandma'], env).code).toBe(0);
    // the automatic backup comes after an index run: make one that holds the tag
    fs.rmSync(path.join(home, 'backups'), { recursive: true });
    expect(runCli(['index'], env).code).toBe(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    tmp.cleanup();
  });

  const open = async (url: string, locale: string): Promise<Page> => {
    const page = await (await browser.newContext({ locale, viewport: { width: 1200, height: 800 } })).newPage();
    await page.goto(url);
    return page;
  };

  it('an overwritten catalog: the banner names it in Chinese and English, calls say home-damaged, the backup brings the tags back', async () => {
    const catalog = path.join(home, 'catalog.sqlite');
    for (const s of ['-wal', '-shm']) fs.rmSync(catalog + s, { force: true });
    fs.writeFileSync(catalog, Buffer.alloc(fs.statSync(catalog).size, 0x5a));
    const served = await startServe(env);
    try {
      const zh = await open(served.url, 'zh-CN');
      await zh.getByTestId('home-damage').waitFor();
      expect(await zh.getByTestId('home-damage-title').textContent()).toBe('照片目录已损坏');
      expect(await zh.getByTestId('home-damage-text').textContent()).toContain(catalog);
      expect(await zh.getByTestId('home-damage-backup').textContent()).toMatch(/可以恢复 .+ 的备份/);
      await zh.getByTestId('home-restore').waitFor();
      await zh.screenshot({ path: path.join(SHOTS, 'damaged-zh.png') });
      // every call that needs the catalog is refused with a typed error; status says what happened
      const listed = (await zh.evaluate(apiCall('listFolders'))) as { ok: boolean; error: { code: string } };
      expect(listed).toMatchObject({ ok: false, error: { code: 'home-damaged' } });
      const status = (await zh.evaluate(apiCall('status'))) as { value: { engineReady: boolean; homeDamage: { problem: string; backup: unknown } } };
      expect(status.value.engineReady).toBe(false);
      expect(status.value.homeDamage).toMatchObject({ problem: 'damaged', catalog });
      expect(status.value.homeDamage.backup).not.toBeNull();

      const en = await open(served.url, 'en-US');
      await en.getByTestId('home-damage').waitFor();
      expect(await en.getByTestId('home-damage-title').textContent()).toBe('Your catalog is damaged');
      await en.screenshot({ path: path.join(SHOTS, 'damaged-en.png') });
      await en.getByTestId('home-restore').click();
      // the page starts again with the library behind it
      await en.getByTestId('grid-cell').nth(2).waitFor({ timeout: 120_000 });
      expect(await en.getByTestId('home-damage').count()).toBe(0);
      await en.screenshot({ path: path.join(SHOTS, 'restored-en.png') });
    } finally {
      await served.stop();
    }
    // the damaged file was kept aside, and the tag came back with the backup
    expect(fs.readdirSync(home).some((f) => f.startsWith('catalog.sqlite.damaged-'))).toBe(true);
    const tags = runCli(['tags', photos[0], '--json'], env);
    expect(JSON.parse(tags.stdout).tags.map((t: { tag: string }) => t.tag)).toContain('grandma');
  }, 300_000);

  it('a deleted catalog with no backup: the banner says so and a fresh catalog starts only after a second click', async () => {
    fs.rmSync(path.join(home, 'backups'), { recursive: true, force: true });
    for (const s of ['', '-wal', '-shm']) fs.rmSync(path.join(home, `catalog.sqlite${s}`), { force: true });
    const served = await startServe(env);
    try {
      const page = await open(served.url, 'en-US');
      await page.getByTestId('home-damage').waitFor();
      expect(await page.getByTestId('home-damage-title').textContent()).toBe('Your catalog is missing');
      expect(await page.getByTestId('home-damage-backup').textContent()).toMatch(/no backup/);
      expect(await page.getByTestId('home-restore').count()).toBe(0);
      await page.getByTestId('home-start-fresh').click();
      await page.getByTestId('home-start-fresh-warning').waitFor();
      // nothing happened yet: the home still has no catalog
      expect(fs.existsSync(path.join(home, 'catalog.sqlite'))).toBe(false);
      await page.getByTestId('home-start-fresh-confirm').click();
      await page.getByTestId('folder-add-input').waitFor({ timeout: 60_000 });
      await waitUntil(page, `!document.querySelector('[data-testid="home-damage"]')`);
    } finally {
      await served.stop();
    }
    expect(JSON.parse(runCli(['status', '--json'], env).stdout)).toMatchObject({ files: 0 });
  }, 300_000);
});
