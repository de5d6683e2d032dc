// The real `loupe serve` in a child process (./serve.ts) and Debian's Chromium on its page: what the browser e2e
// tests share.
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServe } from './serve.js';

const CHROMIUM = '/usr/bin/chromium';

export interface ServedPage {
  page: Page;
  /** page errors and console errors (failed resource loads aside) seen so far */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Starts `loupe serve` with `env`, opens its printed URL in Chromium (English unless `locale` says, 1400x900). */
export async function serveInBrowser(env: NodeJS.ProcessEnv, locale = 'en-US'): Promise<ServedPage> {
  const { url, stop } = await startServe(env);
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage({ locale, viewport: { width: 1400, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) pageErrors.push(msg.text());
  });
  await page.goto(url);
  return {
    page,
    pageErrors,
    async close() {
      await browser.close();
      await stop();
    },
  };
}

/**
 * Polls a browser-side expression until it is truthy. A string, since the tests are type-checked without the DOM
 * library; and through page.evaluate, because waitForFunction would eval it inside the page, which the strict CSP
 * forbids.
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
