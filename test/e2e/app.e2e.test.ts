// The whole product as a user meets it in a browser: the real `loupe serve` (real engine, models, SQLite,
// HNSW, freedesktop trash in a temp XDG_DATA_HOME) and the built Vue UI in Debian's Chromium. Screenshots of
// every screen land in test-output/e2e/ for a person to look at.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caltechSample, copyPhotos, makeTempDir, REPO_ROOT, TEST_PHOTOS } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { serveInBrowser, waitUntil as pollPage, type ServedPage } from '../helpers/serve-in-browser.js';
const SHOTS = path.join(REPO_ROOT, 'test-output', 'e2e');

describe('Loupe in a browser against `loupe serve`', () => {
  const tmp = makeTempDir('loupe-e2e-');
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');
  const env = { ...process.env, LOUPE_HOME: home, XDG_DATA_HOME: path.join(tmp.dir, 'xdg') };
  const original = path.join(lib, 'trip', 'bridge.jpg');
  const copy = path.join(lib, 'trip', 'bridge (1).jpg');
  let served: ServedPage;
  let page: Page;

  const waitUntil = (expression: string, timeoutMs = 30_000): Promise<void> => pollPage(page, expression, timeoutMs);
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };

  beforeAll(async () => {
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
    fs.mkdirSync(path.dirname(original), { recursive: true });
    fs.copyFileSync(path.join(TEST_PHOTOS, 'hires/lomiri16__Bridge_by_Sander_Klootwijk.jpg'), original);
    fs.copyFileSync(original, copy);
    await sharp(original).resize(800).jpeg({ quality: 60 }).toFile(path.join(lib, 'trip', 'bridge-small.jpg'));
    copyPhotos(caltechSample(['Faces', 'dalmatian', 'airplanes', 'Motorbikes'], 3), path.join(lib, 'misc'));

    served = await serveInBrowser(env);
    page = served.page;
  }, 120_000);

  afterAll(async () => {
    await served?.close();
    tmp.cleanup();
  });

  it('adds a folder and shows indexing progress until the grid is full', async () => {
    expect(new URL(page.url()).searchParams.get('token')).toBeNull(); // the key moved into a cookie
    await shot('01-empty');
    await page.getByTestId('folder-add-input').fill(lib);
    await page.getByTestId('folder-add-button').click();
    await page.getByTestId('progress-bar').waitFor({ timeout: 30_000 });
    await shot('02-indexing');
    await page.getByTestId('grid-cell').nth(14).waitFor({ timeout: 120_000 });
    await page.getByTestId('progress-bar').waitFor({ state: 'detached', timeout: 120_000 });
    expect(await page.getByTestId('grid-cell').count()).toBe(15);
    // thumbnails really load through the media route
    await waitUntil(`[...document.querySelectorAll('[data-testid="grid-cell"] img')].every((i) => i.naturalWidth > 0)`);
    await shot('03-library');
  }, 180_000);

  it('opens a photo with its metadata and tags, and finds similar photos', async () => {
    await page.locator('[data-testid="grid-cell"][title^="Faces_"]').first().click();
    const viewer = page.getByTestId('viewer');
    await viewer.waitFor();
    await page.getByTestId('viewer-meta').waitFor();
    await page.getByTestId('viewer-tags').waitFor();
    await shot('04-viewer');
    await page.getByTestId('find-similar').click();
    const results = page.getByTestId('similar-results');
    await results.waitFor({ timeout: 30_000 });
    await results.getByTestId('grid-cell').first().waitFor();
    // the clearly similar ones first; the rest are folded under "less similar" until asked for
    await page.getByTestId('less-similar').click();
    const scores = await results.getByTestId('score').allInnerTexts();
    expect(scores.length).toBeGreaterThan(3);
    await shot('05-similar');
  }, 60_000);

  it('searches a tag in Chinese', async () => {
    await page.keyboard.press('Escape');
    const box = page.getByTestId('search-box');
    await box.fill('人');
    await box.press('Enter');
    const results = page.getByTestId('search-results');
    await results.getByTestId('grid-cell').first().waitFor({ timeout: 30_000 });
    const names = await Promise.all((await results.getByTestId('grid-cell').all()).map((c) => c.getAttribute('title')));
    // the people (tagged "person", 人 in Chinese), and nothing else: no dog, plane or motorbike
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect(names.every((n) => n?.startsWith('Faces_'))).toBe(true);
    await shot('06-search-zh');
    // a result opens in a viewer that steps through the results (the last one has no next), and Ctrl+click selects
    await results.getByTestId('grid-cell').last().click();
    await page.getByTestId('viewer').waitFor();
    expect(await page.getByTestId('viewer-next').isDisabled()).toBe(true);
    expect(await page.getByTestId('viewer-prev').isDisabled()).toBe(false);
    await page.keyboard.press('Escape');
    await page.getByTestId('viewer').waitFor({ state: 'detached' });
    await results.getByTestId('grid-cell').first().click({ modifiers: ['Control'] });
    await expect(page.getByTestId('selection-count').innerText()).resolves.toMatch(/\b1\b/);
    await page.getByTestId('sel-clear').click();
    await page.getByTestId('selection-bar').waitFor({ state: 'detached' });
  }, 60_000);

  it('reviews a duplicate group, trashes the copies, and the trash and catalog agree', async () => {
    await page.getByTestId('nav-duplicates').click();
    // The bridge and its copies (the library may hold other groups too)
    const group = page.getByTestId('duplicate-group').filter({ hasText: 'bridge' }).first();
    await group.waitFor({ timeout: 30_000 });
    await group.getByTestId('keeper-badge').waitFor();
    await expect(group.getByTestId('keep-reason').innerText()).resolves.not.toBe('');
    await shot('07-duplicates');
    await group.getByTestId('trash-others').click();
    await shot('08-trash-confirm');
    await page.getByTestId('trash-confirm').click();
    await page.getByTestId('undo').waitFor({ timeout: 30_000 });
    await shot('09-trashed');

    const trashed = fs.readdirSync(path.join(env.XDG_DATA_HOME, 'Trash', 'files')).sort();
    expect(trashed).toEqual(['bridge (1).jpg', 'bridge-small.jpg']);
    expect(fs.existsSync(copy)).toBe(false);
    expect(fs.existsSync(original)).toBe(true);
    expect(runCli(['info', copy], env).code).toBe(1); // gone from the catalog too
    expect(runCli(['info', original], env).code).toBe(0);

    await page.getByTestId('undo').click();
    // the restore's own toast (other groups stay listed throughout, so their presence says nothing), then the
    // bridge's group again
    await page.locator('[data-testid="toast"]', { hasText: 'Restored 2 files' }).waitFor({ timeout: 60_000 });
    await group.waitFor({ timeout: 60_000 });
    expect(fs.existsSync(copy)).toBe(true);
    expect(runCli(['info', copy], env).code).toBe(0);
  }, 120_000);

  it('works by keyboard alone, and every control has an accessible name', async () => {
    await page.getByTestId('nav-library').click();
    await page.getByTestId('grid-cell').first().focus();
    await page.keyboard.press('ArrowRight');
    const second = await page.evaluate(`document.activeElement.getAttribute('data-index')`);
    expect(second).toBe('1');
    await page.keyboard.press('Enter');
    await page.getByTestId('viewer').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('viewer').waitFor({ state: 'detached' });
    expect(await page.evaluate(`document.activeElement.getAttribute('data-index')`)).toBe('1'); // focus came back
    // a tag added and taken off again in the viewer: its ✕ goes with it, and Esc still closes the viewer (trial 32:
    // the focus fell to the page, outside the viewer, and Esc did nothing)
    await page.keyboard.press('Enter');
    await page.getByTestId('viewer-tags').waitFor();
    await page.getByTestId('tag-input').fill('kept for a moment');
    await page.getByTestId('tag-input').press('Enter');
    const chip = page.getByTestId('viewer-tags').locator('li[data-tag="kept for a moment"]');
    await chip.locator('button').click();
    await chip.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await page.getByTestId('viewer').waitFor({ state: 'detached', timeout: 5_000 });
    for (const view of ['library', 'duplicates', 'settings']) {
      await page.getByTestId(`nav-${view}`).click();
      const unnamed = (await page.evaluate(`[...document.querySelectorAll('button, input, select, textarea, a[href], [role="gridcell"], [role="tab"]')]
        .filter((el) => el.offsetParent !== null)
        .filter((el) => {
          const labelled = el.getAttribute('aria-labelledby');
          const name = el.getAttribute('aria-label') || (labelled && document.getElementById(labelled)?.textContent) ||
            [...(el.labels ?? [])].map((l) => l.textContent).join('') || el.getAttribute('title') || el.getAttribute('placeholder') ||
            (el.tagName === 'SELECT' || el.tagName === 'INPUT' ? '' : el.textContent);
          return !name || !name.trim();
        })
        .map((el) => el.outerHTML.slice(0, 120))`)) as string[];
      expect(unnamed, view).toEqual([]);
    }
  }, 60_000);

  it('switches the interface to Chinese', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-select').selectOption('zh');
    await waitUntil(`document.documentElement.lang.startsWith('zh')`);
    expect(await page.getByTestId('nav-duplicates').innerText()).toMatch(/[\u4e00-\u9fff]/);
    await shot('10-settings-zh');
    await page.getByTestId('theme-select').selectOption('dark');
    await waitUntil(`document.documentElement.dataset.theme === 'dark' || document.documentElement.classList.contains('dark')`);
    await shot('12-settings-dark');
    await page.getByTestId('theme-select').selectOption('light');
    await page.getByTestId('nav-library').click();
    await shot('11-library-zh');
    expect(served.pageErrors).toEqual([]);
  }, 60_000);
});
