// The app left open while the library changes on disk (trial 36), in Chromium against the real `loupe serve`: what
// the sidebar and the filters say must follow the files, not the state at opening. Photos are drawn by the test.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawPhoto } from '../helpers/drawn-photos.js';
import { makeTempDir } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { serveInBrowser, waitUntil as pollPage, type ServedPage } from '../helpers/serve-in-browser.js';

describe('a library that changes while the app is open', () => {
  const tmp = makeTempDir('loupe-e2e-living-');
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');
  const env = { ...process.env, LOUPE_HOME: home, XDG_DATA_HOME: path.join(tmp.dir, 'xdg') };
  const files = [0, 1, 2, 3].map((i) => path.join(lib, 'trip', `IMG_${i}.jpg`));
  let served: ServedPage;
  let page: Page;

  const waitUntil = (expression: string, timeoutMs = 30_000): Promise<void> => pollPage(page, expression, timeoutMs);
  const albumOption = (): Promise<string> => page.getByTestId('filter-album').locator('option', { hasText: 'Summer' }).innerText();
  const folderRow = (): Promise<string> => page.getByTestId('folder-item').first().innerText();

  beforeAll(async () => {
    for (const [i, f] of files.entries()) await drawPhoto(f, 40 + i, 240);
    for (const args of [['add', lib], ['index', '--quick'], ['album', 'create', 'Summer'], ['album', 'add', 'Summer', files[0]!, files[1]!]]) {
      const r = runCli(args, env);
      expect(r.code, r.stderr).toBe(0);
    }
    served = await serveInBrowser(env);
    page = served.page;
    await page.getByTestId('grid-cell').nth(3).waitFor({ timeout: 60_000 });
  }, 180_000);

  afterAll(async () => {
    await served?.close();
    tmp.cleanup();
  });

  it("counts an album's photos again when one is deleted on disk", async () => {
    expect(await albumOption()).toContain('(2)');
    fs.rmSync(files[0]!);
    // "Index now" removes it at once (the watcher waits 30 s for the other half of a move)
    await page.getByTestId('index-start').click();
    await waitUntil(`document.querySelector('[data-testid="status-line"]').innerText.includes('3 photos')`, 60_000);
    // before: the album menu kept "Summer (2)" until the page was reloaded
    await waitUntil(`[...document.querySelectorAll('[data-testid="filter-album"] option')].some((o) => o.textContent.includes('Summer (1)'))`, 10_000);
    expect(await albumOption()).toContain('(1)');
  }, 90_000);

  it('says in the open viewer that its photo was deleted on disk, in the UI\'s words, without an error toast', async () => {
    await page.getByTestId('grid-cell').first().click();
    await page.getByTestId('viewer').waitFor();
    await waitUntil(`document.querySelector('[data-testid="viewer-meta"]')?.innerText.includes('IMG_')`);
    const meta = await page.getByTestId('viewer-meta').innerText();
    const shown = files.find((f) => meta.includes(path.basename(f)))!;
    fs.rmSync(shown);
    // the watcher removes it once its 30 s wait for the other half of a move is over
    await waitUntil(`document.querySelector('[data-testid="viewer"]').innerText.includes('This photo is no longer in the library.')`, 90_000);
    // before: the viewer kept the photo's details, and the face boxes' call put "there is no photo 3" in a toast
    expect(await page.locator('[data-testid="toast"]').allInnerTexts()).not.toContainEqual(expect.stringContaining('there is no photo'));
    await page.keyboard.press('Escape');
    await page.getByTestId('viewer').waitFor({ state: 'detached' });
  }, 120_000);

  it('marks the library folder missing while it is unplugged, and clears it when it is back', async () => {
    expect(await folderRow()).not.toContain('Missing');
    fs.renameSync(lib, `${lib}-away`);
    // before: nothing changed on screen for as long as the folder was gone
    await waitUntil(`document.querySelector('[data-testid="folder-item"]').innerText.includes('Missing')`, 20_000);
    fs.renameSync(`${lib}-away`, lib);
    await waitUntil(`!document.querySelector('[data-testid="folder-item"]').innerText.includes('Missing')`, 20_000);
    expect(await page.getByTestId('status-line').innerText()).toContain('2 photos');
  }, 60_000);
});
