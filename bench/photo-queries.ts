// How fast the library grid's photo listing answers at scale: the backend's PhotoQueries over a real SQLite
// catalog of SYNTHETIC rows (no photos behind them; test/helpers/synthetic-catalog.ts, the same rows the
// photo-queries test checks answers on). Prints per-query latency percentiles, wall and CPU time of this process,
// beside the load average (a loaded machine stretches the wall time, less so the CPU time).
//   npx tsx bench/photo-queries.ts [--n=100000] [--runs=40]
import os from 'node:os';
import path from 'node:path';
import { PhotoQueries } from '../src/main/backend/photo-queries.js';
import { openCatalogDb } from '../src/main/engine/catalog/database.js';
import type { PhotoQuery } from '../src/shared/api.js';
import { makeTempDir } from '../test/helpers/fixtures.js';
import { fillSyntheticCatalog } from '../test/helpers/synthetic-catalog.js';

const arg = (name: string, fallback: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const N = Number(arg('n', '100000'));
const RUNS = Number(arg('runs', '40'));
/** the shown-tag threshold the app uses by default */
const TAG_THRESHOLD = 0.35;

/** What the grid asks for: a deep page in each order, and filters combined deep in. */
const QUERIES: [string, PhotoQuery][] = [
  ['date-desc, offset 90% in', { sort: 'date-desc', offset: Math.floor(N * 0.9), limit: 100 }],
  ['date-asc, offset 5% in', { sort: 'date-asc', offset: Math.floor(N * 0.05), limit: 100 }],
  ['name, first page', { sort: 'name', offset: 0, limit: 100 }],
  ['folder /other, first page', { folder: '/other', limit: 100 }],
  ['folder + from + name, offset 20% in', { folder: '/photos', from: '2010-01-01', sort: 'name', offset: Math.floor(N * 0.2), limit: 100 }],
  ['camera + year', { camera: 'Canon EOS 5D', from: '2005-01-01', to: '2005-12-31', limit: 100 }],
];

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x: number): string => x.toFixed(1).padStart(8);

/** Wall and CPU milliseconds of each of RUNS calls (after one warm-up call). */
function time(fn: () => unknown): { wall: number[]; cpu: number[] } {
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

const tmp = makeTempDir('loupe-bench-queries-');
const db = openCatalogDb(path.join(tmp.dir, 'home'));
try {
  const build0 = process.cpuUsage();
  fillSyntheticCatalog(db, N);
  const build = process.cpuUsage(build0);
  console.log(`photo listing on ${N.toLocaleString('en')} synthetic catalog rows, ${RUNS} runs per query (catalog built in ${((build.user + build.system) / 1e6).toFixed(1)} CPU-s)`);
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
  const queries = new PhotoQueries(db);
  console.log(`${'query'.padEnd(40)} ${'wall p50'.padStart(8)} ${'wall p95'.padStart(8)} ${'cpu p50'.padStart(8)} ${'cpu p95'.padStart(8)}  (ms)`);
  const rows: [string, () => unknown][] = [
    ...QUERIES.map(([label, q]): [string, () => unknown] => [label, () => queries.page(q, TAG_THRESHOLD)]),
    ['facets (tags, cameras, years)', () => queries.facets(TAG_THRESHOLD)],
  ];
  for (const [label, fn] of rows) {
    const { wall, cpu } = time(fn);
    console.log(`${label.padEnd(40)} ${ms(pct(wall, 50))} ${ms(pct(wall, 95))} ${ms(pct(cpu, 50))} ${ms(pct(cpu, 95))}`);
  }
  console.log(`load average after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  db.close();
  tmp.cleanup();
}
