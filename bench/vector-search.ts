// Similarity index benchmark: HNSW (hnswlib) vs exact brute force, on SYNTHETIC unit vectors.
// Usage: npx tsx bench/vector-search.ts [--sizes=10000,100000] [--dim=512] [--queries=200] [--data=clustered,uniform]
//        (node --expose-gc --import tsx bench/vector-search.ts ... gives steadier RSS numbers)
// Data: "uniform" = isotropic Gaussian directions (the hard case for HNSW), "clustered" = a mixture
// of Gaussians around 200 centres that share a common direction, like real image embeddings do.
// Queries are fresh draws from the same distribution, not indexed points.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_EXACT_THRESHOLD,
  DEFAULT_HNSW,
  openVectorIndex,
  type Neighbour,
  type OpenVectorIndexOptions,
  type VectorIndex,
} from '../src/main/engine/search/vector-index.js';
import { seededRandom as rng } from '../src/main/engine/util/seeded-random.js';

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const SIZES = arg('sizes', '10000,100000').split(',').map(Number);
const DIM = Number(arg('dim', '512'));
const QUERIES = Number(arg('queries', '200'));
const K = 10;
const EF_SWEEP = [16, 32, 64, 96, 128, 192, 256];
const CROSSOVER_SIZES = [250, 500, 1000, 2000, 4000];

type Dataset = 'uniform' | 'clustered';


function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i] *= inv;
  return v;
}

/** `count` unit vectors of the dataset's distribution, deterministic per seed. */
function generate(kind: Dataset, count: number, seed: number): Float32Array[] {
  const normal = gaussian(rng(seed));
  const randomUnit = () => normalise(Float32Array.from({ length: DIM }, normal));
  if (kind === 'uniform') return Array.from({ length: count }, randomUnit);
  const shared = randomUnit();
  const structure = gaussian(rng(1234)); // centres are the same for base vectors and queries
  const centres = Array.from({ length: 200 }, () => {
    const c = normalise(Float32Array.from({ length: DIM }, () => structure()));
    for (let i = 0; i < DIM; i++) c[i] = 0.6 * shared[i] + 0.8 * c[i];
    return { centre: normalise(c), spread: 0.5 + structure() ** 2 * 0.3 };
  });
  const pick = rng(seed + 1);
  return Array.from({ length: count }, () => {
    const { centre, spread } = centres[Math.floor(pick() * centres.length)];
    const v = new Float32Array(DIM);
    for (let i = 0; i < DIM; i++) v[i] = centre[i] + (spread * normal()) / Math.sqrt(DIM);
    return normalise(v);
  });
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
const ms = (x: number): string => (x < 1 ? x.toFixed(3) : x.toFixed(2));
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function timeQueries(index: VectorIndex, queries: Float32Array[], exact: boolean): { results: Neighbour[][]; p50: number; p99: number } {
  for (const q of queries.slice(0, 5)) index.search(q, K, { exact }); // warm up the JIT
  const times: number[] = [];
  const results = queries.map((q) => {
    const t = performance.now();
    const r = index.search(q, K, { exact });
    times.push(performance.now() - t);
    return r;
  });
  return { results, p50: percentile(times, 50), p99: percentile(times, 99) };
}

function recall(found: Neighbour[][], truth: Neighbour[][]): number {
  let hits = 0;
  found.forEach((r, i) => {
    const want = new Set(truth[i].map((n) => n.id));
    hits += r.filter((n) => want.has(n.id)).length;
  });
  return hits / (truth.length * K);
}

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-vector-bench-'));
function open(name: string, extra: Partial<OpenVectorIndexOptions> = {}): VectorIndex {
  return openVectorIndex({
    dir: tmpRoot,
    name,
    dim: DIM,
    generation: 1,
    rebuildFrom: () => {
      if (extra.generation === 1) throw new Error('bench expected to load from disk');
      return [];
    },
    ...extra,
  });
}

interface Row {
  data: Dataset;
  n: number;
  efC: number;
  buildS: number;
  insertMs: number;
  fileMiB: string;
  rssMiB: string;
  saveS: number;
  loadS: number;
  exact: { p50: number; p99: number };
  hnsw: { p50: number; p99: number };
  recall: number;
  leanExactMs?: number;
}

console.log(`Loupe vector-search benchmark — SYNTHETIC vectors (dim ${DIM}, k=${K}, ${QUERIES} queries)`);
console.log(`${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, node ${process.version}; gc ${typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'on' : 'off (RSS noisier)'}`);
console.log(`defaults: M=${DEFAULT_HNSW.M} efConstruction=${DEFAULT_HNSW.efConstruction} efSearch=${DEFAULT_HNSW.efSearch} exactThreshold=${DEFAULT_EXACT_THRESHOLD}\n`);

const rows: Row[] = [];
const sweep: { data: Dataset; n: number; ef: number; p50: number; p99: number; recall: number }[] = [];
try {
  for (const data of (arg('data', 'clustered,uniform').split(',') as Dataset[])) {
    for (const n of SIZES) {
      const all = generate(data, n + QUERIES, n);
      const base = all.slice(0, n);
      const queries = all.slice(n);
      const builds = n <= 20_000 ? [DEFAULT_HNSW.efConstruction, 200] : [DEFAULT_HNSW.efConstruction];
      for (const efC of builds) {
        const name = `${data}-${n}-${efC}`;
        gc();
        const rss0 = process.memoryUsage.rss();
        const index = open(name, { generation: 0, hnsw: { efConstruction: efC } });
        const t0 = performance.now();
        base.forEach((v, id) => index.upsert(id, v));
        const buildS = (performance.now() - t0) / 1000;
        gc();
        const rssMiB = mib(process.memoryUsage.rss() - rss0);
        const t1 = performance.now();
        index.save(1);
        const saveS = (performance.now() - t1) / 1000;
        const exact = timeQueries(index, queries, true);
        const hnsw = timeQueries(index, queries, false);
        index.close();
        gc();
        const t2 = performance.now();
        const reopened = open(name, { generation: 1, hnsw: { efConstruction: efC } });
        const loadS = (performance.now() - t2) / 1000;
        reopened.close();
        let leanExactMs: number | undefined;
        if (n <= 20_000 && efC === DEFAULT_HNSW.efConstruction) {
          // exact search without the matrix (over the memory budget): vectors come back via getPoint
          const lean = open(name, { generation: 1, hnsw: { efConstruction: efC }, exactMatrixMaxBytes: 0 });
          leanExactMs = timeQueries(lean, queries.slice(0, 5), true).p50;
          lean.close();
        }
        rows.push({
          data, n, efC, buildS, insertMs: (buildS * 1000) / n, rssMiB, saveS, loadS,
          fileMiB: mib(fs.statSync(path.join(tmpRoot, `${name}.hnsw`)).size),
          exact, hnsw, recall: recall(hnsw.results, exact.results), leanExactMs,
        });
        console.log(`  done ${name}: build ${buildS.toFixed(1)} s, recall ${rows.at(-1)!.recall.toFixed(3)}`);
        if (efC !== DEFAULT_HNSW.efConstruction) continue;
        for (const ef of EF_SWEEP) {
          gc();
          const index = open(name, { generation: 1, hnsw: { efConstruction: efC, efSearch: ef } });
          const r = timeQueries(index, queries, false);
          sweep.push({ data, n, ef, p50: r.p50, p99: r.p99, recall: recall(r.results, exact.results) });
          index.close();
        }
      }
      for (const file of fs.readdirSync(tmpRoot)) fs.rmSync(path.join(tmpRoot, file));
    }
  }

  // Where brute force stops being as fast as HNSW: sets exactThreshold.
  const crossover: { n: number; exact: number; hnsw: number }[] = [];
  for (const n of CROSSOVER_SIZES) {
    const all = generate('clustered', n + QUERIES, 7 + n);
    const index = open(`crossover-${n}`, { generation: 0 });
    all.slice(0, n).forEach((v, id) => index.upsert(id, v));
    const queries = all.slice(n);
    crossover.push({ n, exact: timeQueries(index, queries, true).p50, hnsw: timeQueries(index, queries, false).p50 });
    index.close();
  }

  console.log('\nBuild, size, memory, latency (k=10). RSS Δ includes the exact matrix kept beside HNSW (n × dim × 4 bytes).');
  console.table(
    rows.map((r) => ({
      data: r.data,
      n: r.n,
      efC: r.efC,
      'build s': r.buildS.toFixed(1),
      'ms/insert': r.insertMs.toFixed(2),
      'file MiB': r.fileMiB,
      'RSS Δ MiB': r.rssMiB,
      'save s': r.saveS.toFixed(2),
      'load s': r.loadS.toFixed(2),
      'exact p50/p99 ms': `${ms(r.exact.p50)} / ${ms(r.exact.p99)}`,
      [`hnsw ef=${DEFAULT_HNSW.efSearch} p50/p99 ms`]: `${ms(r.hnsw.p50)} / ${ms(r.hnsw.p99)}`,
      'recall@10': r.recall.toFixed(3),
      'exact w/o matrix p50 ms': r.leanExactMs === undefined ? '' : ms(r.leanExactMs),
    })),
  );
  console.log(`efSearch sweep (efConstruction=${DEFAULT_HNSW.efConstruction}):`);
  console.table(sweep.map((s) => ({ data: s.data, n: s.n, efSearch: s.ef, 'p50 ms': ms(s.p50), 'p99 ms': ms(s.p99), 'recall@10': s.recall.toFixed(3) })));
  console.log('Exact vs HNSW p50 at small sizes (clustered), for exactThreshold:');
  console.table(crossover.map((c) => ({ n: c.n, 'exact p50 ms': ms(c.exact), 'hnsw p50 ms': ms(c.hnsw) })));
} finally {
  fs.rmSync(tmpRoot, { recursive: true, force: true });
}
