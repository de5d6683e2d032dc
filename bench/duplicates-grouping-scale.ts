// Time and memory to group a 100,000-photo library from scratch, on SYNTHETIC signals (the grouping
// code is what is measured; decoding and models are not). Each photo gets 8+8 random 64-bit hash
// variants and a unit 512-d vector from a clustered distribution; 10% of the photos are planted copies
// of earlier ones (hash 0..4 bits off, vector cosine ~0.95, some with only the embedding close).
// Measured: the engine's own HashIndex + regroup (best copy first, as DuplicateService groups a library from scratch)
// + matchPair, local features included: every photo carries 200 keypoints (random descriptors; the planted
// embedding-only copies carry their original's, moved by a crop's scale and shift, so they verify), and a pair
// the whole-picture signals leave undecided is checked point by point as in the app. The embedding candidates are what the app records
// while indexing: each photo's nearest photos from the similarity index's own neighbour search (the one DBA runs
// for every embedded photo), read in both directions; that search is timed with the index build, apart.
//
// Two things make it honest about real libraries (bench/duplicates-neighbour-cosines.ts measured them on the
// groups bench's library): the recorded neighbours' cosines follow the real ones (each photo lies at its own distance
// from its cluster's centre, so neighbours that are not copies sit at cosine p10 0.16, p50 0.30, p90 0.56, as on
// real photos, and about half of them reach the point-by-point check's 0.3 gate), and the keypoints are real: each
// photo carries the stored record of a real photo (from --keypoints, by default the groups bench's cached base library;
// no two photos of one cluster share one), so the quick first look and the Hamming loop cost what they cost on real
// pictures. Without that catalog the descriptors are random (and almost every local check ends in the quick look).
//
// The keypoint checks are made as the app makes them (duplicates/local-checks.ts): each photo's against its recorded
// neighbours', both ways round, when its keypoints are found (here: right after its neighbour search; timed apart, as
// part of indexing), and grouping reads those verdicts, checking only the pairs it meets that were not checked (and
// keeping their verdicts, as the app stores them). --recheck groups a second time the way the code before did
// (every check made while grouping) and says whether the groups are the same.
//   npx tsx bench/duplicates-grouping-scale.ts [--n=100000] [--keypoints=<catalog.sqlite>] [--recheck]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import hnswlib from 'hnswlib-node';
import { regroup, type Match } from '../src/main/engine/duplicates/grouper.js';
import { checkNeighbours, storedLocalCheck, type LocalVerdict } from '../src/main/engine/duplicates/local-checks.js';
import { MAX_KEYPOINTS, unpackLocalFeatures, type LocalFeatures } from '../src/main/engine/duplicates/local-features.js';
import { HashIndex } from '../src/main/engine/duplicates/hash-index.js';
import { matchPair, THRESHOLDS, type DuplicateSignals } from '../src/main/engine/duplicates/near-duplicate-rule.js';
import { seededRandom } from '../src/main/engine/util/seeded-random.js';
import { CALTECH_DUPLICATES, GROUPS_CACHE, neutral } from './duplicates-groups-labels.js';

const arg = (name: string, fallback: number): number => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const N = arg('n', 100_000);
/** HNSW search breadth and neighbours asked for per photo (the service asks for 10 + itself) */
const EF = arg('ef', 48);
const K = arg('k', 11);
const DIM = 512;
const COPY_SHARE = 0.1;
const random = seededRandom(7);
const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const rand64 = (): bigint => (BigInt(Math.floor(random() * 2 ** 32)) << 32n) | BigInt(Math.floor(random() * 2 ** 32));
const unit = (v: Float32Array): Float32Array => {
  let s = 0;
  for (const x of v) s += x * x;
  const k = 1 / Math.sqrt(s);
  return v.map((x) => x * k);
};
let peakRss = 0;
const sampleRss = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const cpuS = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const load = (): string => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;

function randomFeatures(): LocalFeatures {
  const xy = new Uint16Array(MAX_KEYPOINTS * 2);
  for (let k = 0; k < MAX_KEYPOINTS; k++) {
    xy[2 * k] = 16 + Math.floor(random() * 288);
    xy[2 * k + 1] = 16 + Math.floor(random() * 208);
  }
  const descriptors = new Uint8Array(MAX_KEYPOINTS * 32);
  for (let k = 0; k < descriptors.length; k++) descriptors[k] = Math.floor(random() * 256);
  return { xy, descriptors, width: 320, height: 240 };
}

/** Real keypoint records: one per picture (the originals and Caltech photos of the groups bench's base library). */
const KEYPOINTS = process.argv.find((a) => a.startsWith('--keypoints='))?.split('=')[1] ??
  path.join(GROUPS_CACHE, 'base-d300-f1', 'home', 'catalog.sqlite');
const realRecords: LocalFeatures[] = [];
/** the second and later copies of the pictures Caltech-101 holds twice, named as in the groups bench */
const caltechSecondCopies = new Set(CALTECH_DUPLICATES.flatMap((set) => set.slice(1)).map((f) => `${neutral(f)}.jpg`));
if (fs.existsSync(KEYPOINTS)) {
  const db = new Database(KEYPOINTS, { readonly: true });
  const rows = db.prepare("SELECT f.path, k.data FROM photo_keypoints k JOIN files f ON f.id = k.file_id WHERE f.path NOT LIKE '%/faces/%' ORDER BY f.path").all() as { path: string; data: Buffer }[];
  db.close();
  for (const r of rows) {
    if (caltechSecondCopies.has(path.basename(r.path))) continue;
    const f = unpackLocalFeatures(r.data);
    if (f.xy.length / 2 >= 30) realRecords.push(f);
  }
}

function cropOf(f: LocalFeatures): LocalFeatures {
  const keep: number[] = [];
  const x0 = f.width * 0.15, x1 = f.width * 0.85, y0 = f.height * 0.15, y1 = f.height * 0.85;
  for (let k = 0; k < f.xy.length / 2; k++) if (f.xy[2 * k] >= x0 && f.xy[2 * k] < x1 && f.xy[2 * k + 1] >= y0 && f.xy[2 * k + 1] < y1) keep.push(k);
  const xy = new Uint16Array(keep.length * 2);
  const descriptors = new Uint8Array(keep.length * 32);
  keep.forEach((k, j) => {
    xy[2 * j] = Math.round((f.xy[2 * k] - x0) * 1.43);
    xy[2 * j + 1] = Math.round((f.xy[2 * k + 1] - y0) * 1.43);
    descriptors.set(f.descriptors.subarray(32 * k, 32 * k + 32), 32 * j);
    descriptors[32 * j + Math.floor(random() * 32)] ^= 1 << Math.floor(random() * 8); // a bit of noise
  });
  return { xy, descriptors, width: f.width, height: f.height };
}

// --- synthetic library
const t0 = performance.now();
// clusters no bigger than the real records available, so no two photos of one cluster share a record
const CLUSTERS = realRecords.length ? Math.max(200, Math.ceil(N / (0.8 * realRecords.length))) : 200;
const centres = Array.from({ length: CLUSTERS }, () => unit(Float32Array.from({ length: DIM }, gauss)));
const recordOffset = centres.map(() => Math.floor(random() * Math.max(1, realRecords.length)));
const clusterCount = centres.map(() => 0);
/**
 * Each photo's distance from its cluster's centre: noise energy k (the cosine of two photos of one cluster is
 * 1/sqrt((1+k1)(1+k2))) drawn log-uniform in SPREAD, chosen so that the recorded neighbours that are not copies
 * sit at the real cosines (bench/duplicates-neighbour-cosines.ts: p10 0.16, p50 0.30, p90 0.56).
 */
const SPREAD = [arg('kmin', 0.4), arg('kmax', 20)];
const signals: DuplicateSignals[] = [];
const truth: number[] = []; // index of the original each photo copies (itself for originals)
for (let i = 0; i < N; i++) {
  if (i > 100 && random() < COPY_SHARE) {
    const o = truth[Math.floor(random() * i)];
    const src = signals[o];
    let h = src.phash![0];
    const embeddingOnly = random() < 0.2; // crops/overlays: the hash moved, the embedding did not
    const flips = embeddingOnly ? 14 : Math.floor(random() * 5);
    for (let f = 0; f < flips; f++) h ^= 1n << BigInt(Math.floor(random() * 63));
    const v = unit(src.embedding!.map((x) => x + gauss() * 0.014));
    // a crop's keypoints: the original's inside the kept 70%, seen 1.4 times bigger
    const local = embeddingOnly ? cropOf(src.local!) : randomFeatures();
    signals.push({ ...src, contentHash: `c${i}`, phash: [h, ...src.phash!.slice(1)], phashCentre: src.phashCentre, embedding: v, local });
    truth.push(o);
  } else {
    const ci = Math.floor(random() * centres.length);
    const c = centres[ci];
    const k = Math.exp(Math.log(SPREAD[0]) + random() * Math.log(SPREAD[1] / SPREAD[0]));
    const sd = Math.sqrt(k / DIM);
    const v = unit(c.map((x) => x + gauss() * sd));
    const local = realRecords.length ? realRecords[(recordOffset[ci] + clusterCount[ci]++) % realRecords.length] : randomFeatures();
    signals.push({ contentHash: `c${i}`, phash: Array.from({ length: 8 }, rand64), phashCentre: Array.from({ length: 8 }, rand64), nearUniform: false, embedding: v, local, width: 4000, height: 3000 });
    truth.push(i);
  }
}
console.log(`keypoints: ${realRecords.length ? `${realRecords.length} real records from ${KEYPOINTS}` : 'random (no catalog of real records found)'}; ${CLUSTERS} clusters`);
console.log(`${N} synthetic photos (${truth.filter((t, i) => t !== i).length} planted copies) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
sampleRss();

// --- indexing, as the app does it: each embedded photo searches its neighbours (for DBA) and joins the index;
// the neighbours found are kept as duplicate candidates (dup_candidates)
const t1 = performance.now();
const hnsw = new hnswlib.HierarchicalNSW('ip', DIM);
hnsw.initIndex(N, 16, 100);
hnsw.setEf(EF);
const neighbours: number[][] = Array.from({ length: N }, () => []);
let searchMs = 0;
// the keypoint checks made when each photo's keypoints are found (dup_local_checks): a's against b's at a * N + b
const verdicts = new Map<number, LocalVerdict>();
let checkCpuUs = 0;
let deepChecks = 0;
for (let i = 0; i < N; i++) {
  const v = Array.from(signals[i].embedding!);
  if (i > 0) {
    const t = performance.now();
    const found = hnsw.searchKnn(v, Math.min(i, K)).neighbors;
    for (const id of found) {
      neighbours[i].push(id);
      neighbours[id].push(i); // read both ways, as DuplicateRepository.neighboursOf does
    }
    searchMs += performance.now() - t;
    // the deep pass of photo i: its neighbours so far are the ones it found (later photos check against it)
    const c0 = process.cpuUsage();
    for (const c of checkNeighbours(signals[i].local!, found.map((id) => ({ id, features: signals[id].local! })))) {
      verdicts.set(i * N + c.otherId, c.toOther);
      verdicts.set(c.otherId * N + i, c.fromOther);
      deepChecks += 2;
    }
    const c1 = process.cpuUsage(c0);
    checkCpuUs += c1.user + c1.system;
  }
  hnsw.addPoint(v, i);
}
console.log(`indexing: HNSW built with each photo's neighbour search in ${((performance.now() - t1) / 1000).toFixed(1)} s (of which searches ${(searchMs / 1000).toFixed(1)} s; not part of grouping: the app runs both while indexing, for the similarity index and DBA)`);
console.log(`indexing: keypoint checks against the recorded neighbours (deep pass, not part of grouping): ${deepChecks} checks, ${(checkCpuUs / 1e6).toFixed(1)} CPU-s, ${(checkCpuUs / 1000 / N).toFixed(2)} CPU-ms a photo; load average ${load()}`);
sampleRss();

// --- grouping, as DuplicateService.updateDuplicates does it from scratch: candidates (equal bytes, hashes, the
// recorded neighbours) made symmetric, then regroup in the placement order (here the planted originals come first,
// as the app's order puts the best copy first)
const rssBefore = process.memoryUsage().rss;
// the recorded neighbours that are not copies: how close (compare with the real figures above)
const nbCos: number[] = [];
for (let i = 0; i < N; i += Math.max(1, Math.floor(N / 5000))) {
  for (const id of neighbours[i]) if (truth[id] !== truth[i]) {
    let d = 0;
    const a = signals[i].embedding!, b = signals[id].embedding!;
    for (let x = 0; x < DIM; x++) d += a[x] * b[x];
    nbCos.push(d);
  }
}
nbCos.sort((x, y) => x - y);
const pq = (p: number): string => nbCos[Math.floor(p * (nbCos.length - 1))].toFixed(2);
console.log(`recorded neighbours that are not copies: cosine p10 ${pq(0.1)} p25 ${pq(0.25)} p50 ${pq(0.5)} p75 ${pq(0.75)} p90 ${pq(0.9)}; at or above the 0.3 gate ${((100 * nbCos.filter((x) => x >= 0.3).length) / nbCos.length).toFixed(1)}% (real photos: p10 0.16 p25 0.21 p50 0.30 p75 0.46 p90 0.56, 49.8%)`);
const cpu2 = cpuS();
const t2 = performance.now();
const index = new HashIndex();
for (let i = 0; i < N; i++) {
  index.add(i, signals[i].phash![0]);
  index.add(i, signals[i].phashCentre![0]);
}
let matchCalls = 0;
let localCalls = 0;
let hashTime = 0;
let knnTime = 0;
let matchTime = 0;
const candidates: Set<number>[] = Array.from({ length: N }, () => new Set<number>());
for (let i = 0; i < N; i++) {
  let t = performance.now();
  for (const id of index.near(signals[i].phash!, THRESHOLDS.hashSure).keys()) {
    if (id === i) continue;
    candidates[i].add(id);
    candidates[id].add(i);
  }
  hashTime += performance.now() - t;
  t = performance.now();
  for (const id of neighbours[i]) candidates[i].add(id);
  knnTime += performance.now() - t;
  if (i % 10_000 === 0) sampleRss();
}
let checkedNow = 0;
const store = { verdict: (a: number, b: number): LocalVerdict | undefined => verdicts.get(a * N + b) };
const learn = (a: number, b: number, v: LocalVerdict): void => {
  checkedNow++;
  verdicts.set(a * N + b, v);
};
const matcher = (stored: boolean) => (a: number, b: number): Match<null> | null => {
  matchCalls++;
  const t = performance.now();
  const m = stored ? matchPair(signals[a], signals[b], storedLocalCheck(store, a, b, learn)) : matchPair(signals[a], signals[b]);
  if (m.signals.localInliers !== undefined) localCalls++;
  matchTime += performance.now() - t;
  return m.level === 'none' ? null : { rank: m.level === 'exact' ? 2 : 1, score: m.score, evidence: null };
};
const order = Array.from({ length: N }, (_, i) => i);
const result = regroup(order, (id) => candidates[id], () => undefined, matcher(true));
const seconds = (performance.now() - t2) / 1000;
const cpuSeconds = cpuS() - cpu2;
sampleRss();
const groupOf = new Map<number, number>();
for (const g of result.groups) for (const m of g.members) groupOf.set(m.fileId, g.representativeId);

// --- quality against the planted truth (pairs photo~original)
let found = 0;
let planted = 0;
for (let i = 0; i < N; i++) {
  if (truth[i] === i) continue;
  planted++;
  const g = groupOf.get(i);
  if (g !== undefined && g === groupOf.get(truth[i])) found++;
}
let wrong = 0;
// two synthetic originals can carry one real keypoint record (325 records, one per cluster's photo, reused across
// clusters): to the keypoints and pixels they are one picture, and where the embedding makes them neighbours and their
// random hashes fall within the look's 20 bits, they join. Not an error of the rule; counted apart.
let sameRecord = 0;
const wrongs: string[] = [];
for (const [id, rep] of groupOf) {
  if (truth[rep] === truth[id]) continue;
  if (signals[truth[id]].local === signals[truth[rep]].local) sameRecord++;
  else wrong++;
  // what joined them: the rule, and whether the two carry one real keypoint record (or a crop of it)
  const m = matchPair(signals[id], signals[rep]);
  const kind = (x: number): string => (truth[x] === x ? 'original' : 'copy');
  const recordOf = (x: number): LocalFeatures | undefined => signals[truth[x]].local;
  if (wrongs.length < 15) {
    wrongs.push(`  ${id} (${kind(id)}) with ${rep} (${kind(rep)}): ${m.signals.rule}, hash ${m.signals.hashDistance}, cosine ${m.signals.cosine?.toFixed(2)}, ${m.signals.localInliers ?? '-'} keypoints lined up; their originals carry ${recordOf(id) === recordOf(rep) ? 'the same real record' : 'different records'}`);
  }
}
console.log(`embedding neighbours: k ${K}, efSearch ${EF}`);
console.log(`grouping ${N} photos: ${cpuSeconds.toFixed(1)} CPU-s, ${seconds.toFixed(1)} s wall, load average ${load()} (${((seconds * 1e6) / N).toFixed(0)} µs/photo; hash candidates ${(hashTime / 1000).toFixed(1)} s, recorded embedding neighbours ${(knnTime / 1000).toFixed(1)} s, ${matchCalls} pair checks in ${(matchTime / 1000).toFixed(1)} s, of which ${localCalls} point by point: ${((100 * localCalls) / matchCalls).toFixed(1)}%)`);
console.log(`point-by-point checks read from the deep pass ${localCalls - checkedNow}, made while grouping ${checkedNow} (pairs met that were not checked before: a representative that is no recorded neighbour)`);
console.log(`groups ${result.groups.length}; planted copies found with their original ${found}/${planted} (${((100 * found) / planted).toFixed(1)}%); members grouped with a different original: ${wrong}, and ${sameRecord} whose original carries the same real keypoint record as the representative's (one picture to the keypoints and pixels: not an error)`);
if (wrongs.length) console.log(`members grouped with a different original:\n${wrongs.join('\n')}`);
console.log(`memory: RSS before grouping ${mib(rssBefore)}, peak ${mib(peakRss)} (synthetic signals ~${mib(N * (DIM * 4 + 16 * 8))} + HNSW included)`);

if (process.argv.includes('--recheck')) {
  // the code before: every point-by-point check made while grouping
  matchCalls = 0;
  localCalls = 0;
  matchTime = 0;
  const c = cpuS();
  const w = performance.now();
  const before = regroup(order, (id) => candidates[id], () => undefined, matcher(false));
  const same = JSON.stringify(before.groups) === JSON.stringify(result.groups);
  console.log(`every check made while grouping (the code before): ${(cpuS() - c).toFixed(1)} CPU-s, ${((performance.now() - w) / 1000).toFixed(1)} s wall, load average ${load()}; ${localCalls} point by point; groups the same as above: ${same ? 'yes' : 'NO'}`);
}
