// The duplicates review screen as a user with copies in several folders meets it, in Chromium against the real
// `loupe serve`: each card says which folder its copy is in (the end of the folder, which tells copies apart), a copy
// chosen with "Keep this one" stays where it was in its row, the choice survives indexing again, and clean-up trashes
// the others after a preview, never the chosen copy. Screenshots: test-output/e2e/duplicates-review-*.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT, TEST_PHOTOS } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { serveInBrowser, waitUntil as pollPage, type ServedPage } from '../helpers/serve-in-browser.js';

const SHOTS = path.join(REPO_ROOT, 'test-output', 'e2e');
const CAMERA_FOLDER = path.join('2019', 'Summer holiday in the Dolomites with the whole family', 'DCIM', '100CANON');

describe('Reviewing duplicates spread over folders', () => {
  const tmp = makeTempDir('loupe-e2e-dupreview-');
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');
  const env = { ...process.env, LOUPE_HOME: home, XDG_DATA_HOME: path.join(tmp.dir, 'xdg') };
  const original = path.join(lib, CAMERA_FOLDER, 'IMG_0001.jpg');
  const backup = path.join(lib, 'Backup', 'old laptop', 'IMG_0001.jpg');
  const exported = path.join(lib, 'Export', 'IMG_0107.jpg');
  let served: ServedPage;
  let page: Page;

  const waitUntil = (expression: string, timeoutMs = 30_000): Promise<void> => pollPage(page, expression, timeoutMs);
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: path.join(SHOTS, `duplicates-review-${name}.png`) });
  };
  const group = () => page.getByTestId('duplicate-group').filter({ hasText: 'IMG_0107.jpg' });
  const memberIds = (): Promise<string[]> => group().getByTestId('duplicate-member').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { photoId: string } }).dataset.photoId));
  const keeperId = (): Promise<string | null> => group().locator('.member.keeper').getAttribute('data-photo-id');

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const f of [original, backup, exported]) fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.copyFileSync(path.join(TEST_PHOTOS, 'hires/lomiri16__aitzgorri_by_Aitzol_Berasategi.jpg'), original);
    fs.copyFileSync(original, backup);
    await sharp(original).resize(900).jpeg({ quality: 80 }).toFile(exported);
    const old = new Date('2019-07-01T10:00:00Z');
    fs.utimesSync(original, old, old);
    expect(runCli(['add', lib], env).code).toBe(0);
    expect(runCli(['index'], env).code).toBe(0);
    served = await serveInBrowser(env);
    page = served.page;
  }, 180_000);

  afterAll(async () => {
    await served?.close();
    tmp.cleanup();
  });

  it('says which folder each copy is in, from the library folder on, cut at its start when too long', async () => {
    await page.getByTestId('nav-duplicates').click();
    await page.getByTestId('dup-tab-near').click();
    await group().waitFor({ timeout: 30_000 });
    // a folder shows from the library folder on once the app knows its library folders (they load beside the groups)
    await page.waitForFunction(`[...document.querySelectorAll('[data-testid="member-folder"]')].every((el) => !el.textContent.startsWith('/'))`);
    const byId = new Map<string, string>();
    for (const cell of await group().getByTestId('duplicate-member').all()) {
      byId.set((await cell.getAttribute('data-photo-id'))!, await cell.getByTestId('member-folder').innerText());
    }
    expect([...byId.values()].sort()).toEqual([path.join('Photos', CAMERA_FOLDER), path.join('Photos', 'Backup', 'old laptop'), path.join('Photos', 'Export')].sort());
    // the long one does not fit its card: its end (DCIM/100CANON) is what shows, the start is cut
    const cut = await group()
      .getByTestId('member-folder')
      .filter({ hasText: '100CANON' })
      .evaluate((el) => {
        const e = el as unknown as { scrollWidth: number; clientWidth: number; getBoundingClientRect(): { right: number }; firstElementChild: { getBoundingClientRect(): { right: number } } };
        return { overflows: e.scrollWidth > e.clientWidth, endShown: Math.abs(e.firstElementChild.getBoundingClientRect().right - e.getBoundingClientRect().right) < 2 };
      });
    expect(cut).toEqual({ overflows: true, endShown: true });
    await shot('folders-en');
  }, 60_000);

  it('keeps a chosen copy in its place in the row, through indexing again, and trashes only the others', async () => {
    const before = await memberIds();
    expect(before).toHaveLength(3);
    const chosen = before[2];
    await group().getByTestId('keep-radio').nth(2).check();
    await waitUntil(`document.querySelector('[data-testid="duplicate-group"] .member.keeper')?.dataset.photoId === ${JSON.stringify(chosen)} && /chose|choice/i.test(document.querySelector('[data-testid="keep-reason"]').textContent)`);
    // the engine answered with the keeper first; the cards did not move under the pointer
    expect(await memberIds()).toEqual(before);
    expect(await keeperId()).toBe(chosen);
    // each copy's "why" speaks of the pair its label does, the copy and the kept one: the camera original and its
    // backup are edited copies of the chosen export, not "identical" (their match with each other)
    for (const cell of await group().locator('.member:not(.keeper)').all()) {
      expect(await cell.getByTestId('copy-kind').innerText()).toBe('Edited copy');
      expect(await cell.getByTestId('member-match').innerText()).not.toMatch(/identical/i);
    }
    expect(await group().locator('.member.keeper').getByTestId('member-match').innerText()).toMatch(/copy to keep/);
    await shot('chosen-en');

    // indexing again (a new photo arrives) does not undo the choice
    await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a6' } }).jpeg().toFile(path.join(lib, 'Export', 'IMG_0200.jpg'));
    await page.getByTestId('index-start').click();
    await page.getByTestId('status-line').filter({ hasText: '4 photos' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('nav-library').click();
    await page.getByTestId('nav-duplicates').click();
    await page.getByTestId('dup-tab-near').click();
    await group().waitFor({ timeout: 30_000 });
    expect(await keeperId()).toBe(chosen);

    // in Chinese too, the choice is said to be the user's
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-select').selectOption('zh');
    await waitUntil(`document.documentElement.lang.startsWith('zh')`);
    await page.getByTestId('nav-duplicates').click();
    await page.getByTestId('dup-tab-near').click();
    await group().waitFor({ timeout: 30_000 });
    expect(await group().getByTestId('keep-reason').innerText()).toMatch(/[\u4e00-\u9fff]/);
    await shot('chosen-zh');

    const kept = (await group().locator('.member.keeper .name').getAttribute('title'))!;
    await group().getByTestId('trash-others').click();
    await page.getByTestId('trash-confirm').waitFor();
    const listed = await page.locator('[role="dialog"] li').allInnerTexts();
    // the preview names the other two; the catalog agrees on the keeper
    expect(listed.sort()).toEqual([original, backup, exported].filter((f) => f !== kept).sort());
    const listing = JSON.parse(runCli(['duplicates', '--json'], env).stdout) as { groups: { keep: string }[] };
    expect(listing.groups.map((g) => g.keep)).toEqual([kept]);
    await page.getByTestId('trash-confirm').click();
    await page.getByTestId('undo').waitFor({ timeout: 30_000 });
    expect(fs.existsSync(kept)).toBe(true);
    expect(fs.readdirSync(path.join(env.XDG_DATA_HOME, 'Trash', 'files'))).toHaveLength(2);
    expect(served.pageErrors).toEqual([]);
  }, 180_000);
});
