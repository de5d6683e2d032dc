// Text in photos as a user meets it in the browser: the real `loupe serve` and the built UI in Debian's Chromium,
// on the text fixtures made here (test/fixtures/text). Search by a word read in a photo, see where it matched,
// open the photo and see the text layer over it. Screenshots land in test-output/e2e-text/.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../helpers/fixtures.js';
import { startServe } from '../helpers/serve.js';
import { waitUntil } from '../helpers/serve-in-browser.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(REPO_ROOT, 'test-output', 'e2e-text');
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'text');

describe('text in photos in the browser', () => {
  const tmp = makeTempDir('loupe-e2e-text-');
  const lib = path.join(tmp.dir, 'Photos');
  const env = { ...process.env, LOUPE_HOME: path.join(tmp.dir, 'home'), XDG_DATA_HOME: path.join(tmp.dir, 'xdg') };
  let stopServer: (() => Promise<void>) | undefined;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
    fs.mkdirSync(lib, { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'receipt-en.png'), path.join(lib, 'IMG_0001.png'));
    fs.copyFileSync(path.join(FIXTURES, 'sign-zh.jpg'), path.join(lib, 'IMG_0002.jpg'));
    fs.copyFileSync(path.join(FIXTURES, 'no-text.jpg'), path.join(lib, 'IMG_0003.jpg'));
    const served = await startServe(env);
    stopServer = served.stop;
    const url = served.url;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(url);
    await page.getByTestId('folder-add-input').fill(lib);
    await page.getByTestId('folder-add-button').click();
    await page.getByTestId('grid-cell').nth(2).waitFor({ timeout: 240_000 });
    await page.getByTestId('progress-bar').waitFor({ state: 'detached', timeout: 240_000 });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopServer?.();
    tmp.cleanup();
  });

  it('finds a receipt by a word read in it and marks the word where it matched', async () => {
    const box = page.getByTestId('search-box');
    await box.fill('bakery');
    await box.press('Enter');
    const results = page.getByTestId('search-results');
    await results.getByTestId('grid-cell').first().waitFor({ timeout: 30_000 });
    expect(await results.getByTestId('grid-cell').count()).toBe(1);
    const matches = page.getByTestId('search-text-matches');
    await matches.waitFor({ timeout: 30_000 });
    expect((await matches.locator('mark').allInnerTexts()).map((t) => t.toUpperCase())).toContain('BAKERY');
    await page.screenshot({ path: path.join(SHOTS, '01-search-text.png') });
  }, 60_000);

  it('opens it with the text layer shown, the matching line marked over the photo, and copies the text', async () => {
    await page.getByTestId('search-text-matches').locator('button').first().click();
    await page.getByTestId('viewer').waitFor();
    const layer = page.getByTestId('text-layer');
    await layer.waitFor({ timeout: 30_000 });
    const hits = layer.locator('rect.hit');
    expect(await hits.count()).toBeGreaterThanOrEqual(1);
    expect((await hits.first().getAttribute('data-text'))!.toUpperCase()).toContain('BAKERY');
    // the marked box lies over the image: inside the <img>'s rectangle on screen
    const img = await page.getByTestId('viewer-image').boundingBox();
    const hit = await hits.first().boundingBox();
    expect(hit!.x).toBeGreaterThanOrEqual(img!.x - 1);
    expect(hit!.y).toBeGreaterThanOrEqual(img!.y - 1);
    expect(hit!.x + hit!.width).toBeLessThanOrEqual(img!.x + img!.width + 1);
    expect(hit!.y).toBeLessThan(img!.y + img!.height * 0.2); // the heading is at the top of the receipt
    await page.screenshot({ path: path.join(SHOTS, '02-viewer-text.png') });
    // Turned a quarter in the viewer, the layer turns with the photo: the heading's wide box stands upright on
    // screen, still over the image (it was left unturned, squeezed into the turned image's rectangle)
    const wide = hit!.width > hit!.height;
    await page.getByTestId('rotate-right').click();
    await waitUntil(page, `(() => { const r = document.querySelector('[data-testid="viewer-image"]').getBoundingClientRect(); return r.height > r.width === ${img!.width > img!.height}; })()`);
    // the layer follows the image's style on the next frame
    await waitUntil(page, `(() => { const r = document.querySelector('[data-testid="text-layer"] rect.hit').getBoundingClientRect(); return r.height > r.width; })()`, 5_000)
      .catch(() => {}); // measured below, with the reason
    const turnedImg = (await page.getByTestId('viewer-image').boundingBox())!;
    const turnedHit = (await hits.first().boundingBox())!;
    expect(wide).toBe(true);
    expect(turnedHit.height).toBeGreaterThan(turnedHit.width);
    expect(turnedHit.x).toBeGreaterThanOrEqual(turnedImg.x - 1);
    expect(turnedHit.y).toBeGreaterThanOrEqual(turnedImg.y - 1);
    expect(turnedHit.x + turnedHit.width).toBeLessThanOrEqual(turnedImg.x + turnedImg.width + 1);
    expect(turnedHit.y + turnedHit.height).toBeLessThanOrEqual(turnedImg.y + turnedImg.height + 1);
    // turned right, the receipt's heading (its top) is at the right-hand side of the image
    expect(turnedHit.x).toBeGreaterThan(turnedImg.x + turnedImg.width * 0.7);
    await page.screenshot({ path: path.join(SHOTS, '02-viewer-text-turned.png') });
    await page.getByTestId('rotate-left').click();
    await waitUntil(page, `(() => { const r = document.querySelector('[data-testid="viewer-image"]').getBoundingClientRect(); return r.height > r.width === ${img!.height > img!.width}; })()`);
    await page.getByTestId('text-copy').click();
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(copied.toUpperCase()).toContain('TOTAL');
    await page.getByTestId('text-toggle').click();
    await layer.waitFor({ state: 'detached' });
    // the pointer is still on the button, now "Hide text": over the viewer's dark stage its hover colour must stay
    // opaque (a see-through hover tint left dark letters on black, unreadable)
    const hovered = String(await page.evaluate(`getComputedStyle(document.querySelector('[data-testid="text-toggle"]')).backgroundColor`));
    expect(hovered).toMatch(/^rgb\(/);
    await page.keyboard.press('Escape');
  }, 60_000);

  it('says how each word of a search was understood: a receipt (a tag its text decided) with 2019 read in it', async () => {
    const box = page.getByTestId('search-box');
    await box.fill('receipt 2019');
    await box.press('Enter');
    const words = page.getByTestId('search-words-matched');
    await words.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('search-results').getByTestId('grid-cell').count()).toBe(1);
    const said = await words.getByTestId('search-word').allInnerTexts();
    expect(said.find((w) => w.includes('receipt'))).toMatch(/tag \(1 photo\)/);
    expect(said.find((w) => w.includes('2019'))).toMatch(/text in the photo \(1 photo\)/);
    await page.screenshot({ path: path.join(SHOTS, '04-search-words.png') });
    // a word that matches nothing in the library is left out of the search, and said to be (trial 32: "roti man"
    // found every man, with no word on "roti")
    await box.fill('receipt zzqx 2019');
    await box.press('Enter');
    const leftOut = words.getByTestId('search-word-left-out');
    await leftOut.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('search-results').getByTestId('grid-cell').count()).toBe(1);
    const saidNow = await words.getByTestId('search-word').allInnerTexts();
    expect(saidNow.find((w) => w.includes('zzqx'))).toMatch(/left out: matches nothing/);
    expect(saidNow.find((w) => w.includes('receipt'))).toMatch(/tag \(1 photo\)/);

    // A search that finds nothing says which word emptied it: each word with the photos it finds alone (no dog here).
    await box.fill('狗 2019');
    await box.press('Enter');
    const none = page.getByTestId('search-none-words');
    await none.waitFor({ timeout: 30_000 });
    expect(await none.innerText()).toMatch(/^No photos match all of:\s*狗 \(0 photos\)\s*·\s*2019 \(1 photo\)$/);
    await page.screenshot({ path: path.join(SHOTS, '05-search-none-words.png') });
    // in Chinese too, and the word that finds photos searches for it alone
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-select').selectOption('zh');
    await waitUntil(page, `document.documentElement.lang.startsWith('zh')`);
    await box.fill('狗 2019');
    await box.press('Enter');
    await none.waitFor({ timeout: 30_000 });
    expect(await none.innerText()).toMatch(/^没有同时符合以下所有条件的照片：\s*狗（0 张）\s*·\s*2019（1 张）$/);
    await page.screenshot({ path: path.join(SHOTS, '05-search-none-words-zh.png') });
    await none.getByTitle('只搜索“2019”').click();
    await page.getByTestId('search-results').getByTestId('grid-cell').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('search-results').getByTestId('grid-cell').count()).toBe(1);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-select').selectOption('en');
    await waitUntil(page, `document.documentElement.lang.startsWith('en')`);
  }, 60_000);

  it('finds the Chinese sign by two of its characters', async () => {
    const box = page.getByTestId('search-box');
    await box.fill('药房');
    await box.press('Enter');
    const matches = page.getByTestId('search-text-matches');
    await matches.waitFor({ timeout: 30_000 });
    expect(await matches.locator('mark').allInnerTexts()).toContain('药房');
    await page.getByTestId('search-text-matches').locator('button').first().click();
    await page.getByTestId('text-layer').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, '03-viewer-zh.png') });
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('keeps the text layer the user turned on when the open photo is read again', async () => {
    await page.getByTestId('nav-library').click();
    await page.locator('[data-testid="grid-cell"][title="IMG_0001.png"]').click();
    await page.getByTestId('viewer').waitFor();
    await page.getByTestId('text-toggle').click(); // opened from the library, not a search: hidden until asked
    await page.getByTestId('text-layer').waitFor();
    // The receipt saved again by another program (same pixels, other bytes) while it is open: Loupe reads it again,
    // and once its deep pass is done the viewer asks for its text again ('photo:changed').
    const receipt = path.join(lib, 'IMG_0001.png');
    const before = fs.readFileSync(receipt);
    const resaved = await sharp(before).png({ compressionLevel: 1 }).toBuffer();
    expect(resaved.equals(before)).toBe(false);
    const askedAgain = page.waitForResponse((r) => r.url().endsWith('/api/photoText'), { timeout: 120_000 });
    fs.writeFileSync(`${receipt}.tmp`, resaved);
    fs.renameSync(`${receipt}.tmp`, receipt);
    await (await askedAgain).finished();
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))'); // the answer drawn
    expect(await page.getByTestId('text-layer').count()).toBe(1);
    expect(await page.getByTestId('text-toggle').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
