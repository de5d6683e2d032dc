// The library screen at scale, in real Chromium against the real `loupe serve` stack: time to the first
// grid of thumbnails and scroll frame times, at 1,000 photos (the baseline, same run) and at 100,000.
// The catalog is GENERATED: rows inserted straight into a real catalog, their thumbnails shared among 40
// real Caltech photos (decoding and indexing 100,000 photos is not what this measures).
//   npx tsx bench/ui-grid.ts [--sizes=1000,100000]
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { LoupeEngine } from '../src/main/engine/engine.js';
import { startServer } from '../src/main/server/server.js';
import { generatedLibrary } from './synthetic-library.js';

const SIZES = (process.argv.find((a) => a.startsWith('--sizes='))?.slice(8) ?? '1000,100000').split(',').map(Number);
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function measure(n: number): Promise<Record<string, number>> {
  const { home, dir } = await generatedLibrary(n);
  const engine = LoupeEngine.open({ home, warn: () => {} });
  const server = await startServer({ engine, backendOptions: { watch: false, indexOnOpen: false } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // polled through page.evaluate: waitForFunction would eval inside the page, which the CSP forbids
    const ready = `(() => { const imgs = [...document.querySelectorAll('[data-testid="grid-cell"] img')]; return imgs.length >= 20 && imgs.slice(0, 20).every((i) => i.complete && i.naturalWidth > 0); })()`;
    const untilReady = async (): Promise<void> => {
      while (!(await page.evaluate(ready))) await new Promise((r) => setTimeout(r, 10));
    };
    let t0 = performance.now();
    await page.goto(server.url);
    await untilReady();
    const coldGrid = performance.now() - t0;
    // again in the warm browser (a restart of the app): scripts compiled, thumbnails in the HTTP cache
    t0 = performance.now();
    await page.reload();
    await untilReady();
    const firstGrid = performance.now() - t0;
    // 5 s of steady scrolling at 3,000 px/s (a brisk wheel: 50 px per 60 Hz frame), the same distance at
    // every size; frame intervals from requestAnimationFrame. Then a fling: 30,000 px jumps every 100 ms.
    const scroll = (pxPerSecond: number, jumpEveryMs: number) => page.evaluate(`new Promise((resolve) => {
      const grid = document.querySelector('[data-testid="grid"]');
      const scroller = [grid, ...grid.querySelectorAll('*')].find((e) => e.scrollHeight > e.clientHeight + 10) || grid;
      const deltas = []; let last = performance.now(); const end = last + 5000;
      const tick = (t) => { deltas.push(t - last); last = t; if (t < end) requestAnimationFrame(tick); else { clearInterval(iv); resolve(deltas); } };
      const iv = setInterval(() => { scroller.scrollTop += ${pxPerSecond} * ${jumpEveryMs} / 1000; }, ${jumpEveryMs});
      requestAnimationFrame(tick);
    })`) as Promise<number[]>;
    const frames = await scroll(3000, 16);
    const fling = n >= 50_000 ? await scroll(300_000, 100) : [];
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = Object.fromEntries(((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [m.name, m.value]));
    const cells = await page.getByTestId('grid-cell').count();
    const frameTimes = frames.slice(2);
    const flingFrames = fling.slice(2);
    return {
      photos: n,
      coldGridMs: coldGrid,
      firstGridMs: firstGrid,
      flingP50: flingFrames.length ? pct(flingFrames, 50) : NaN,
      flingP95: flingFrames.length ? pct(flingFrames, 95) : NaN,
      frameP50: pct(frameTimes, 50),
      frameP95: pct(frameTimes, 95),
      frameP99: pct(frameTimes, 99),
      over50ms: frameTimes.filter((f) => f > 50).length / frameTimes.length,
      jsHeapMiB: metrics.JSHeapUsedSize / 2 ** 20,
      domNodes: metrics.Nodes,
      cellsInDom: cells,
    };
  } finally {
    await browser.close();
    await server.close();
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const rows: Record<string, number>[] = [];
for (const n of SIZES) {
  const r = await measure(n);
  rows.push(r);
  console.log(
    `${String(n).padStart(7)} photos: first grid ${r.firstGridMs.toFixed(0)} ms (cold browser ${r.coldGridMs.toFixed(0)} ms); ` +
      `scroll 3,000 px/s frames p50 ${r.frameP50.toFixed(1)} / p95 ${r.frameP95.toFixed(1)} / p99 ${r.frameP99.toFixed(1)} ms, ${(r.over50ms * 100).toFixed(1)}% over 50 ms` +
      (Number.isNaN(r.flingP50) ? '' : `; fling (30,000 px per 100 ms) p50 ${r.flingP50.toFixed(1)} / p95 ${r.flingP95.toFixed(1)} ms`) +
      `; renderer JS heap ${r.jsHeapMiB.toFixed(1)} MiB, ${r.domNodes} DOM nodes (incl. not yet collected), ${r.cellsInDom} grid cells`,
  );
}
if (rows.length > 1) {
  const [base, big] = [rows[0], rows.at(-1)!];
  console.log(`ratios ${big.photos} vs ${base.photos}: first grid ×${(big.firstGridMs / base.firstGridMs).toFixed(2)}, frame p95 ×${(big.frameP95 / base.frameP95).toFixed(2)}, JS heap ×${(big.jsHeapMiB / base.jsHeapMiB).toFixed(2)}`);
}
console.log('(headless Chromium with software rendering on this machine; a desktop GPU draws faster)');
