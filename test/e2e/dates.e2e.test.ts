// Dates corrected by hand as a user meets them, in Debian's Chromium against the real `loupe serve`: the timeline and
// the viewer say which date is only the file's time, the viewer's date card sets one (by the keyboard), the
// selection's Date… dialog shifts a trip's photos by the camera's wrong hour, a shift out of range is refused in the
// user's language and changes nothing. The catalog is read back with `loupe date`. Screenshots in test-output/e2e-dates/.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { serveInBrowser, type ServedPage } from '../helpers/serve-in-browser.js';
import { withGps } from '../helpers/exif-gps.js';
import type { PhotoDate } from '../../src/shared/date-types.js';

const SHOTS = path.join(REPO_ROOT, 'test-output', 'e2e-dates');

describe('dates set and shifted by hand, in a browser against `loupe serve`', () => {
  const tmp = makeTempDir('loupe-e2e-dates-');
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');
  const env = { ...process.env, LOUPE_HOME: home, XDG_DATA_HOME: path.join(tmp.dir, 'xdg') };
  const file = (name: string) => path.join(lib, name);
  let served: ServedPage | undefined;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const dateOf = (name: string): PhotoDate => {
    const r = runCli(['date', file(name), '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { dates: PhotoDate[] }).dates[0];
  };
  const cell = (name: string) => page.locator(`[data-testid="grid-cell"][title="${name}"]`);

  beforeAll(async () => {
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
    fs.mkdirSync(lib, { recursive: true });
    const photo = (r: number) => sharp({ create: { width: 160, height: 120, channels: 3, background: { r, g: 140, b: 90 } } }).jpeg().toBuffer();
    fs.writeFileSync(file('trip-1.jpg'), withGps(await photo(40), { lat: 48.8584, lon: 2.2945, dateTimeOriginal: '2019:05:04 10:00:00' }));
    fs.writeFileSync(file('trip-2.jpg'), withGps(await photo(120), { lat: 48.8606, lon: 2.3376, dateTimeOriginal: '2019:05:04 15:00:00' }));
    // no date inside: only the file's time (a copy's) dates it
    fs.writeFileSync(file('copied.jpg'), await photo(220));
    fs.utimesSync(file('copied.jpg'), new Date(2021, 2, 10, 12), new Date(2021, 2, 10, 12));
    expect(runCli(['add', lib], env).code).toBe(0);
    expect(runCli(['index'], env).code).toBe(0);

    served = await serveInBrowser(env);
    page = served.page;
    await page.getByTestId('sidebar').waitFor();
  }, 240_000);

  afterAll(async () => {
    await served?.close();
    tmp.cleanup();
  });

  it('marks the date that is only the file\'s time on the timeline and in the viewer, and sets it there by the keyboard', async () => {
    await page.getByTestId('nav-timeline').click();
    await page.getByTestId('timeline-cell').nth(2).waitFor({ timeout: 30_000 });
    const guessed = page.getByTestId('timeline-cell').filter({ has: page.getByTestId('timeline-guess') });
    // cells fill in as their page of photos arrives
    await expect.poll(() => guessed.count(), { timeout: 10_000 }).toBe(1);
    expect(await guessed.getAttribute('title')).toBe('copied.jpg · from the file’s time: a guess');
    await shot('01-timeline-guess');

    await guessed.click();
    await page.getByTestId('viewer').waitFor();
    await page.getByTestId('viewer-date-guess').waitFor();
    expect(await page.getByTestId('viewer-date-source').innerText()).toBe('from the file’s time: a guess');
    await page.getByTestId('date-edit').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('2019-05-12 14:30');
    await expect.poll(() => page.getByTestId('date-says').innerText()).toContain('Sets the date to');
    await shot('02-viewer-date-entry');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('viewer-date-source').innerText()).toContain('set by you');
    expect(await page.getByTestId('viewer-date-guess').count()).toBe(0);
    expect(await page.getByTestId('viewer-date-value').innerText()).toContain('2019');
    await shot('03-viewer-date-set');
    expect(dateOf('copied.jpg')).toMatchObject({ takenAt: '2019-05-12T14:30:00', source: 'user', ownSource: 'mtime' });
    await page.keyboard.press('Escape');
    await page.getByTestId('viewer').waitFor({ state: 'detached' });
    // the timeline files it under its new day, no longer a guess
    await expect.poll(() => page.getByTestId('timeline-guess').count()).toBe(0);
  }, 90_000);

  it('shifts a selection by the camera\'s wrong hour; a shift out of range is refused and changes nothing', async () => {
    await page.getByTestId('nav-library').click();
    await cell('trip-1.jpg').waitFor({ timeout: 30_000 });
    await cell('trip-1.jpg').click({ modifiers: ['Control'] });
    await cell('trip-2.jpg').click({ modifiers: ['Control'] });
    expect(await page.getByTestId('selection-count').innerText()).toBe('2 selected');

    await page.getByTestId('sel-date').click();
    await page.getByTestId('date-dialog').waitFor();
    await page.keyboard.type('-300y');
    await page.keyboard.press('Enter');
    const error = page.locator('[data-testid="toast"].error').first();
    await error.waitFor();
    expect(await error.innerText()).toContain('would put trip-');
    expect(dateOf('trip-1.jpg')).toMatchObject({ takenAt: '2019-05-04T10:00:00', source: 'exif' });

    await page.getByTestId('date-input').fill('+1h');
    expect(await page.getByTestId('date-says').innerText()).toBe('Moves each date by +1h');
    await shot('04-selection-shift');
    await page.getByTestId('date-apply').click();
    await page.getByTestId('date-dialog').waitFor({ state: 'detached' });
    expect(dateOf('trip-1.jpg')).toMatchObject({ takenAt: '2019-05-04T11:00:00', source: 'user', ownTakenAt: '2019-05-04T10:00:00' });
    expect(dateOf('trip-2.jpg')).toMatchObject({ takenAt: '2019-05-04T16:00:00', source: 'user' });
  }, 90_000);

  it('speaks Chinese in the date card and the Date… dialog, and goes back to the photo\'s own date', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-select').selectOption('zh');
    await page.getByTestId('nav-library').click();
    await cell('trip-1.jpg').waitFor({ timeout: 30_000 });
    await cell('trip-1.jpg').dblclick();
    await page.getByTestId('viewer').waitFor();
    await expect.poll(() => page.getByTestId('viewer-date-source').innerText()).toContain('由你设置');
    expect(await page.getByTestId('viewer-date-source').innerText()).toContain('原日期');
    await page.getByTestId('date-edit').click();
    await page.getByTestId('date-input').fill('明天');
    expect(await page.getByTestId('date-says').innerText()).toContain('请输入日期');
    await shot('05-viewer-date-zh');
    await page.getByTestId('date-cancel').click();
    await page.getByTestId('date-clear').click();
    await expect.poll(() => page.getByTestId('viewer-date-source').innerText()).toBe('来自相机');
    expect(dateOf('trip-1.jpg')).toMatchObject({ takenAt: '2019-05-04T10:00:00', source: 'exif' });
    expect(served!.pageErrors).toEqual([]);
  }, 90_000);
});
