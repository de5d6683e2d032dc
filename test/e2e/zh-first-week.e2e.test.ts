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
    await waitUntil(`[...document.querySelectorAll('[data-testid="grid-cell"] img')].length === 4`, 120_000);
    expect(served.pageErrors).toEqual([]);
  }, 180_000);
});
