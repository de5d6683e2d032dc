// The map, the timeline and the viewer's place card as a user meets them: photos made here with GPS and dates
// written into their EXIF, indexed by the real `loupe`, shown by the real `loupe serve` in Debian's Chromium.
// Screenshots land in test-output/e2e-places/.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { startServe } from '../helpers/serve.js';
import { withGps, type GpsFields } from '../helpers/exif-gps.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(REPO_ROOT, 'test-output', 'e2e-places');

const PHOTOS: [string, GpsFields | null][] = [
  ['paris-1.jpg', { lat: 48.8584, lon: 2.2945, dateTimeOriginal: '2019:05:04 10:00:00' }],
  ['paris-2.jpg', { lat: 48.8606, lon: 2.3376, dateTimeOriginal: '2019:05:04 15:00:00' }],
  // seven decimals, as phones write them: the map's points are rounded to five (48.853), outside the true position
  ['paris-3.jpg', { lat: 48.8529951, lon: 2.3499, dateTimeOriginal: '2019:05:05 09:00:00' }],
  ['hangzhou.jpg', { lat: 30.2431, lon: 120.1497, dateTimeOriginal: '2021:10:01 09:00:00' }],
  ['sydney.jpg', { lat: -33.8568, lon: 151.2153, dateTimeOriginal: '2017:12:31 23:00:00' }],
  ['nodate.jpg', null],
];

describe('map and timeline in a browser against `loupe serve`', () => {
  const tmp = makeTempDir('loupe-e2e-places-');
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');
  const env = { ...process.env, LOUPE_HOME: home, XDG_DATA_HOME: path.join(tmp.dir, 'xdg') };
  let stopServer: (() => Promise<void>) | undefined;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

  beforeAll(async () => {
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
    fs.mkdirSync(lib, { recursive: true });
    let hue = 0;
    for (const [name, gps] of PHOTOS) {
      const jpeg = await sharp({ create: { width: 160, height: 120, channels: 3, background: { r: (hue += 40), g: 140, b: 220 - hue } } }).jpeg().toBuffer();
      const file = path.join(lib, name);
      fs.writeFileSync(file, gps ? withGps(jpeg, gps) : jpeg);
      if (!gps) fs.utimesSync(file, 0, 0); // no EXIF date and no usable file time: an undated photo
    }
    expect(runCli(['add', lib], env).code).toBe(0);
    expect(runCli(['index'], env).code).toBe(0);

    const served = await startServe(env);
    stopServer = served.stop;
    const url = served.url;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(url);
    await page.getByTestId('sidebar').waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stopServer?.();
    tmp.cleanup();
  });

  it('draws the offline world map with clustered markers, and a cluster opens its photos', async () => {
    await page.getByTestId('nav-map').click();
    await page.getByTestId('map-cluster').first().waitFor({ timeout: 30_000 });
    // The basemap is drawn (the canvas is not blank): land and sea differ in colour.
    const colours = (await page.evaluate(`(() => {
      const c = document.querySelector('[data-testid="basemap"]');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length; i += 4 * 97) seen.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]);
      return seen.size;
    })()`)) as number;
    expect(colours).toBeGreaterThan(2);
    // At world zoom the three Paris photos are one cluster; Hangzhou and Sydney are their own.
    const counts = (await page.getByTestId('map-cluster').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))))).sort();
    expect(counts).toEqual([1, 1, 3]);
    await expect(page.getByTestId('place-item').allInnerTexts()).resolves.toEqual(expect.arrayContaining([expect.stringContaining('Paris, France')]));
    await shot('01-map');
    await page.locator('[data-testid="map-cluster"][data-count="3"]').click();
    const panel = page.getByTestId('map-panel');
    await panel.getByTestId('grid-cell').nth(2).waitFor({ timeout: 30_000 });
    expect(await panel.getByTestId('grid-cell').count()).toBe(3);
    const titles = await panel.getByTestId('grid-cell').evaluateAll((els) => els.map((e) => e.getAttribute('title')));
    expect(titles.every((t) => t?.startsWith('paris-'))).toBe(true);
    await shot('02-map-cluster');
    // Zooming in splits nothing far apart into one marker: Paris stays together, the map still draws.
    await page.getByTestId('map-zoom-in').click();
    await page.getByTestId('map-cluster').first().waitFor();
  }, 90_000);

  it('shows the place and a small map in the viewer, and a place set by hand there', async () => {
    await page.getByTestId('map-panel').getByTestId('grid-cell').first().click();
    await page.getByTestId('viewer').waitFor();
    const card = page.getByTestId('viewer-place');
    await card.getByTestId('viewer-place-map').waitFor();
    expect(await card.getByTestId('viewer-place-name').first().innerText()).toBe('Paris');
    await shot('03-viewer-place');
    await card.getByTestId('place-edit').click();
    await card.getByTestId('place-input').fill('杭州');
    await card.getByTestId('place-save').click();
    await expect.poll(() => card.getByTestId('viewer-place-name').first().innerText(), { timeout: 10_000 }).toBe('Hangzhou');
    await page.keyboard.press('Escape');
  }, 60_000);

  it('groups photos by day on the timeline, jumps by year, and shows the undated ones in their own section', async () => {
    await page.getByTestId('nav-timeline').click();
    await page.getByTestId('timeline-cell').nth(5).waitFor({ timeout: 30_000 });
    const headers = await page.getByTestId('timeline-header').allInnerTexts();
    expect(headers.map((h) => h.split('\n')[0])).toEqual([
      expect.stringContaining('October 1, 2021'),
      expect.stringContaining('May 5, 2019'),
      expect.stringContaining('May 4, 2019'),
      expect.stringContaining('December 31, 2017'),
      expect.stringContaining('No date (1)'),
    ]);
    expect(await page.getByTestId('timeline-year').allInnerTexts()).toEqual(['2021', '2019', '2017']);
    await shot('04-timeline-day');
    await page.getByTestId('timeline-granularity').selectOption('year');
    await expect.poll(async () => (await page.getByTestId('timeline-header').allInnerTexts()).map((h) => h.split('\n')[0].trim())).toEqual([
      expect.stringMatching(/^2021/), expect.stringMatching(/^2019/), expect.stringMatching(/^2017/), expect.stringContaining('No date'),
    ]);
    await shot('05-timeline-year');
  }, 60_000);

  it('speaks Chinese on the map and the timeline', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-select').selectOption('zh');
    await page.getByTestId('nav-map').click();
    await expect.poll(() => page.getByTestId('place-item').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('巴黎, 法国')]));
    await shot('06-map-zh');
    await page.getByTestId('nav-timeline').click();
    await expect.poll(() => page.getByTestId('timeline-header').first().innerText()).toContain('2021年10月1日');
    await shot('07-timeline-zh');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('says in Chinese why a place typed in the viewer is unknown, without the command line\'s options', async () => {
    await page.getByTestId('timeline-cell').first().click();
    const card = page.getByTestId('viewer-place');
    await card.getByTestId('place-edit').click();
    await card.getByTestId('place-input').fill('火星城'); // "Mars City": no place has that name
    await card.getByTestId('place-save').click();
    const toast = page.getByTestId('toast').filter({ hasText: '火星城' });
    await toast.waitFor({ timeout: 10_000 });
    const said = await toast.innerText();
    expect(said).toContain('找不到');
    expect(said).not.toMatch(/--lat|No city|is known/);
    await shot('08-unknown-place-zh');
    await page.keyboard.press('Escape');
  }, 60_000);
});
