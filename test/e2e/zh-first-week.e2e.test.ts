// A Chinese-speaking user's first week (trial 27), in Chromium with a zh-CN browser against the real `loupe serve`:
// a library that `loupe index` in a terminal is still writing, folders with Chinese names. Photos are drawn by the
// test (no ../shared). Screenshots: test-output/e2e/zh-week-*.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawPhoto } from '../helpers/drawn-photos.js';
import { makeTempDir, REPO_ROOT } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { serveInBrowser, waitUntil as pollPage, type ServedPage } from '../helpers/serve-in-browser.js';

const SHOTS = path.join(REPO_ROOT, 'test-output', 'e2e');
/** more than the search screen shows (500) */
const WECHAT = 501;
/** pictures of 2010 */
const OLD = 5;

describe('a Chinese-speaking user’s first week', () => {
  const tmp = makeTempDir('loupe-e2e-zh-week-');
  const lib = path.join(tmp.dir, '照片');
  const home = path.join(tmp.dir, 'home');
  const lockFile = path.join(home, 'loupe.lock');
  const env = { ...process.env, LOUPE_HOME: home, XDG_DATA_HOME: path.join(tmp.dir, 'xdg') };
  let served: ServedPage;
  let page: Page;

  const waitUntil = (expression: string, timeoutMs = 30_000): Promise<void> => pollPage(page, expression, timeoutMs);
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: path.join(SHOTS, `zh-week-${name}.png`) });
  };

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    for (let i = 0; i < 4; i++) await drawPhoto(path.join(lib, '旅行', '杭州', `IMG_000${i}.jpg`), 40 + i, 320);
    // 501 pictures saved by WeChat: dated only by their names (no EXIF; the copy's mtime is today). Copies of one
    // photo, so indexing them costs one decode.
    const one = path.join(lib, '旅行', '杭州', 'IMG_0000.jpg');
    const pad = (n: number): string => String(n).padStart(2, '0');
    fs.mkdirSync(path.join(lib, '微信图片'));
    for (let i = 0; i < WECHAT; i++) {
      const name = `微信图片_2019${pad(1 + (i % 12))}${pad(1 + (i % 28))}${pad(i % 24)}${pad(Math.floor(i / 24))}00.jpg`;
      fs.copyFileSync(one, path.join(lib, '微信图片', name));
    }
    // and a few from 2010, at the timeline's far end (past the pages its first screen loads)
    for (let i = 0; i < OLD; i++) fs.copyFileSync(one, path.join(lib, '微信图片', `微信图片_2010010${1 + i}120000.jpg`));
    expect(runCli(['add', lib], env).code).toBe(0);
    // `loupe index` running in a terminal holds the library: this test process stands in for it (a live pid)
    const holder = { pid: process.pid, host: os.hostname(), command: 'loupe index', activity: 'indexing', since: new Date().toISOString() };
    fs.writeFileSync(lockFile, JSON.stringify(holder));
    served = await serveInBrowser(env, 'zh-CN');
    page = served.page;
  }, 120_000);

  afterAll(async () => {
    fs.rmSync(lockFile, { force: true });
    await served?.close();
    tmp.cleanup();
  });

  it('says whom indexing waits for while `loupe index` holds the library, not "正在扫描 0 / 0", then indexes', async () => {
    await page.getByTestId('index-waiting').waitFor({ timeout: 60_000 });
    const progress = await page.getByTestId('index-progress').innerText();
    expect(progress).toContain('正在等待另一个 Loupe');
    expect(progress).toContain('loupe index');
    expect(progress).not.toContain('0 / 0');
    expect(await page.getByTestId('index-pause').count()).toBe(0); // a wait cannot be paused, only cancelled
    const line = await page.getByTestId('status-line').innerText();
    expect(line).toContain('正在等待另一个 Loupe');
    expect(line).not.toContain('0/0');
    // the folder is added: the empty grid does not ask for one
    const empty = await page.getByTestId('library-empty').innerText();
    expect(empty).toContain('正在为图库文件夹建立索引');
    expect(empty).not.toContain('添加文件夹');
    await shot('waiting-for-cli');
    // the terminal's run ends: the app's own index starts by itself
    fs.rmSync(lockFile);
    await page.getByTestId('index-waiting').waitFor({ state: 'detached', timeout: 30_000 });
    await waitUntil(`document.querySelector('[data-testid="grid"]')?.dataset.total === '${4 + WECHAT + OLD}'`, 150_000);
    expect(served.pageErrors).toEqual([]);
  }, 180_000);

  it('finds WeChat’s pictures by the year in their names, and says when more match than it shows', async () => {
    // the quick pass (dates among it) is through: the deep pass runs, or all is done
    await waitUntil(`/深入分析|已是最新/.test(document.querySelector('[data-testid="status-line"]').textContent)`, 150_000);
    await page.getByTestId('search-box').fill('2019年');
    await page.getByTestId('search-box').press('Enter');
    await page.getByTestId('search-view').waitFor();
    await waitUntil(`document.querySelector('[data-testid="search-count"]').textContent.includes('张')`, 60_000);
    const count = await page.getByTestId('search-count').innerText();
    expect(count).toContain('找到超过 500 张照片');
    expect(count).not.toBe('找到 500 张照片');
    await shot('search-more-than-shown');
    expect(served.pageErrors).toEqual([]);
  }, 240_000);

  it('shows the photos of a year the timeline jumps to, without a scroll', async () => {
    await page.getByTestId('nav-timeline').click();
    await page.getByTestId('timeline-year').first().waitFor();
    await page.getByTestId('timeline-year').filter({ hasText: /^\s*2010\s*$/ }).click();
    const shown = `[...document.querySelectorAll('[data-testid="timeline-cell"]')].filter((c) => {
      const b = c.getBoundingClientRect(); return b.bottom > 0 && b.top < innerHeight; })`;
    await waitUntil(`${shown}.some((c) => c.title.startsWith('微信图片_2010'))`, 15_000);
    await waitUntil(`${shown}.every((c) => c.querySelector('img'))`, 15_000);
    await shot('timeline-2010');
  });

  it('keeps each library filter to a readable width, however long a folder’s path', async () => {
    await page.getByTestId('nav-library').click();
    // widths in rem (the page's root font size)
    const widths = (await page.evaluate(`[...document.querySelectorAll('[data-testid="library"] form select')]
      .map((e) => e.getBoundingClientRect().width / parseFloat(getComputedStyle(document.documentElement).fontSize))`)) as number[];
    expect(widths.length).toBeGreaterThan(3);
    // the folder filter lists this test's library by its full path (/tmp/loupe-e2e-zh-week-…/照片, ~19 rem wide)
    for (const w of widths) expect(w).toBeLessThanOrEqual(14.01);
    await shot('library-filters');
  });
});
