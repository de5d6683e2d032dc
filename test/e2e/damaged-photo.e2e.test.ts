// A JPEG that ends early, in Chromium against the real `loupe serve`: the viewer shows what decodes of it and says in
// its info, in English and in Chinese, that the lower part is missing; an intact photo says nothing of the kind.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, TEST_PHOTOS } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { serveInBrowser, waitUntil as pollPage, type ServedPage } from '../helpers/serve-in-browser.js';

describe('a damaged photo in the viewer', () => {
  const tmp = makeTempDir('loupe-e2e-damaged-');
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');
  const env = { ...process.env, LOUPE_HOME: home, XDG_DATA_HOME: path.join(tmp.dir, 'xdg') };
  const damaged = path.join(lib, 'DCIM', 'IMG_0412.jpg');
  const intact = path.join(lib, 'DCIM', 'IMG_0413.jpg');
  let served: ServedPage;
  let page: Page;
  const idOf = (file: string): number => (JSON.parse(runCli(['info', file, '--json'], env).stdout) as { id: number }).id;
  const open = async (file: string): Promise<void> => {
    await page.evaluate(`location.hash = ${JSON.stringify(`#/library?photo=${idOf(file)}`)}`);
    await page.getByTestId('viewer-meta').filter({ hasText: path.basename(file) }).waitFor({ timeout: 30_000 });
  };

  beforeAll(async () => {
    fs.mkdirSync(path.dirname(damaged), { recursive: true });
    const whole = await sharp(path.join(TEST_PHOTOS, 'hires/mate__Aqua.jpg')).resize(1200).jpeg({ quality: 90 }).toBuffer();
    fs.writeFileSync(damaged, whole.subarray(0, Math.floor(whole.length * 0.6)));
    await sharp(path.join(TEST_PHOTOS, 'hires/plasma__Kite.jpg')).resize(1200).jpeg({ quality: 90 }).toFile(intact);
    expect(runCli(['add', lib], env).code).toBe(0);
    runCli(['index', '--quick'], env);
    served = await serveInBrowser(env);
    page = served.page;
  }, 180_000);

  afterAll(async () => {
    await served?.close();
    tmp.cleanup();
  });

  it('says the lower part is missing, in both languages, and only for the damaged photo', async () => {
    await open(damaged);
    expect(await page.getByTestId('viewer-damage').innerText()).toBe('Damaged file: the lower part is missing');
    // the picture itself shows: what decoded of it
    await pollPage(page, `document.querySelector('[data-testid="viewer-image"]')?.naturalWidth > 0`);
    await open(intact);
    expect(await page.getByTestId('viewer-damage').count()).toBe(0);

    await page.evaluate(`location.hash = '#/settings'`);
    await page.getByTestId('language-select').selectOption('zh');
    await pollPage(page, `document.documentElement.lang.startsWith('zh')`);
    await open(damaged);
    expect(await page.getByTestId('viewer-damage').innerText()).toBe('文件已损坏：画面下半部分缺失');
    expect(served.pageErrors).toEqual([]);
  }, 120_000);
});
