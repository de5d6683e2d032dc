// The map and the timeline on a 100,000-photo catalog, in Chromium against the real `loupe serve`: time to first
// paint of each screen, and how smoothly the timeline scrolls next to the library grid (frame times while
// scrolling through the whole catalog). The catalog is SYNTHETIC: 100,000 rows written straight into a real
// catalog (dates over 20 years, 5% undated, 60% with a place around world cities); their files do not exist
// (the folder is offline), so thumbnails are empty cells: what is measured is layout, queries and drawing.
//
//   npx tsx bench/places-ui.ts [--photos 100000]
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { openCatalogDb } from '../src/main/engine/catalog/database.js';
import { LANDMARKS } from './places-landmarks.js';
import { startServe } from '../test/helpers/serve.js';

const CHROMIUM = '/usr/bin/chromium';
const at = process.argv.indexOf('--photos');
const N = at > 0 ? Number(process.argv[at + 1]) : 100_000;
if (!fs.existsSync(CHROMIUM)) {
  console.log(`${CHROMIUM} is absent: this bench needs Debian's chromium.`);
  process.exit(0);
}

let seed = 7;
const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-ui-'));
const home = path.join(tmp, 'home');
const t0 = performance.now();
const db = openCatalogDb(home);
// Rows of a folder that is not in the library's folder list (foreign keys off for this connection only): `loupe
// serve` then has nothing to catch up with at open (no scan, no stages, no duplicate pass over rows whose files do
// not exist), and the screens are measured on their own.
const folder = path.join(tmp, 'Photos-synthetic');
const now = Date.now();
db.pragma('foreign_keys = OFF');
const file = db.prepare(
  `INSERT INTO files (id, folder_id, path, size, mtime_ms, content_hash, format, width, height, taken_at, taken_at_source, state, added_at, updated_at)
   VALUES (?, 1, ?, 1000, ?, ?, 'jpeg', 4000, 3000, ?, 'exif', 'ready', ?, ?)`,
);
const place = db.prepare(
  `INSERT INTO photo_places (file_id, source, lat, lon, city, country, country_code, search_text, updated_at) VALUES (?, 'gps', ?, ?, ?, ?, ?, '', ?)`,
);
const start = Date.UTC(2005, 0, 1);
const span = Date.UTC(2025, 0, 1) - start;
db.transaction(() => {
  for (let i = 1; i <= N; i++) {
    const taken = rand() < 0.05 ? null : new Date(start + rand() * span).toISOString().slice(0, 19);
    file.run(i, path.join(folder, `IMG_${String(i).padStart(6, '0')}.jpg`), now, crypto.createHash('sha256').update(String(i)).digest('hex'), taken, now, now);
    if (rand() < 0.6) {
      const l = LANDMARKS[Math.floor(rand() * LANDMARKS.length)];
      place.run(i, l.lat + (rand() - 0.5) * 0.6, l.lon + (rand() - 0.5) * 0.6, l.city[0] ?? null, l.country, l.country, now);
    }
  }
})();
db.close();
console.log(`synthetic catalog: ${N} photos written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const { url, stop } = await startServe({ ...process.env, LOUPE_HOME: home });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.getByTestId('grid-cell').first().waitFor({ timeout: 60_000 });

  /** From the click on the nav item to the screen's own first-paint mark (set once its data is drawn). */
  const firstPaint = async (nav: string, testId: string): Promise<{ wallMs: number; viewMs: number }> => {
    const before = Date.now();
    await page.getByTestId(nav).click();
    const sel = `[data-testid="${testId}"][data-first-paint-ms]`;
    await page.locator(sel).waitFor({ timeout: 60_000 });
    const wallMs = Date.now() - before;
    const viewMs = Number(await page.locator(sel).getAttribute('data-first-paint-ms'));
    return { wallMs, viewMs };
  };
  /** Frame intervals while the scroller is moved by `step` px each frame, through the whole list and back. */
  const scrollFrames = (selector: string) =>
    page.evaluate(`(async () => {
      const el = document.querySelector('${selector}');
      const frames = [];
      let last = performance.now();
      const max = el.scrollHeight - el.clientHeight;
      const step = Math.max(400, max / 240);
      for (let i = 0, y = 0, dir = 1; i < 480; i++) {
        y = Math.max(0, Math.min(max, y + dir * step));
        if (y >= max) dir = -1;
        el.scrollTop = y;
        await new Promise((r) => requestAnimationFrame(r));
        const t = performance.now();
        frames.push(t - last);
        last = t;
      }
      frames.sort((a, b) => a - b);
      const q = (p) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))];
      return { p50: q(0.5), p95: q(0.95), max: frames[frames.length - 1], over50: frames.filter((f) => f > 50).length, n: frames.length };
    })()`) as Promise<{ p50: number; p95: number; max: number; over50: number; n: number }>;

  // First paints on a fresh page, before any scrolling has queued page requests.
  const timeline = await firstPaint('nav-timeline', 'timeline');
  await page.getByTestId('timeline-cell').first().waitFor();
  const map = await firstPaint('nav-map', 'map-view');
  const clusters = await page.getByTestId('map-cluster').count();
  const t = performance.now();
  for (let i = 0; i < 5; i++) await page.getByTestId('map-zoom-in').click();
  const zoomMs = (performance.now() - t) / 5;
  await page.getByTestId('nav-library').click();
  const grid = await scrollFrames('[data-testid="grid"]');
  await page.getByTestId('nav-timeline').click();
  await page.getByTestId('timeline-cell').first().waitFor();
  const timelineScroll = await scrollFrames('[data-testid="timeline-scroller"]');

  const api = (await page.evaluate(`performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/'))
    .map((e) => [e.name.split('/api/')[1], Math.round(e.startTime), Math.round(e.duration), e.transferSize])`)) as [string, number, number, number][];
  const f = (x: number) => x.toFixed(1);
  console.log(`\n== ${N} photos (synthetic rows), Chromium 1400x900 against loupe serve ==`);
  console.log(`timeline first paint: ${timeline.wallMs} ms from the click (${timeline.viewMs} ms inside the view)   (goal < 1500 ms)`);
  console.log(`map first paint:      ${map.wallMs} ms from the click (${map.viewMs} ms inside the view), ${clusters} clusters   (goal < 1500 ms)`);
  console.log(`map zoom step:        ${zoomMs.toFixed(0)} ms per click (redraw of the basemap and re-clustering)`);
  const calls = ['timeline', 'mapPoints', 'listPlaces'].map((c) => api.find((a) => a[0] === c)).filter(Boolean) as [string, number, number, number][];
  console.log(`API answers: ${calls.map(([c, , d, b]) => `${c} ${d} ms (${(b / 1e6).toFixed(2)} MB)`).join(', ')}`);
  console.log(`scrolling, frame times (ms) over ${grid.n} frames through the whole list and back:`);
  console.log(`  library grid: p50 ${f(grid.p50)}, p95 ${f(grid.p95)}, max ${f(grid.max)}, frames over 50 ms: ${grid.over50}`);
  console.log(`  timeline:     p50 ${f(timelineScroll.p50)}, p95 ${f(timelineScroll.p95)}, max ${f(timelineScroll.max)}, frames over 50 ms: ${timelineScroll.over50}`);
} finally {
  await browser.close();
  await stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
