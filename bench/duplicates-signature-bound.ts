// Whether a per-photo signature of the keypoints' descriptors could turn an unrelated pair away before the
// point-by-point check, and never a pair that verifies: over the real pairs of a home the groups bench indexed (every
// recorded neighbour and every two copies of one picture, as bench/duplicates-local-quick.ts), the count of mutual
// nearest descriptors within 16-48 bits (exact, brute force: what a bag of binary words, LSH buckets or a bitset's
// popcount can only estimate), in the pairs that verify (the lowest) and in those that do not (how many each bound
// would let through). docs/duplicates.md (Scale) has the figures of seed 1.
//   npx tsx bench/duplicates-signature-bound.ts [seed]     (the seed's home must be cached: run the groups bench first)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { matchLocalFeatures, unpackLocalFeatures, type LocalFeatures } from '../src/main/engine/duplicates/local-features.js';
import { localVerified } from '../src/main/engine/duplicates/near-duplicate-rule.js';
import { GROUPS_CACHE, groupsLabels } from './duplicates-groups-labels.js';
import { evaluationData } from './evaluation-data.js';

const seed = Number(process.argv[2] ?? 1);
const hires = evaluationData('hires');
const catalog = path.join(GROUPS_CACHE, `seed-${seed}`, 'home', 'catalog.sqlite');
if (!fs.existsSync(catalog)) {
  console.error(`No indexed home at ${catalog}: run \`npx tsx bench/duplicates-groups.ts --seeds 1 --first ${seed}\` first (it indexes the evaluation data).`);
  process.exit(3);
}
const { pictureOf, editOf } = groupsLabels(hires, seed);
const db = new Database(catalog, { readonly: true });
const files = db.prepare('SELECT id, path FROM files').all() as { id: number; path: string }[];
const key = (p: string): string => path.basename(p, path.extname(p));
const records = new Map<number, LocalFeatures>((db.prepare('SELECT file_id, data FROM photo_keypoints').all() as { file_id: number; data: Buffer }[]).map((r) => [r.file_id, unpackLocalFeatures(r.data)]));
const pairs = new Map<string, [number, number]>();
for (const e of db.prepare('SELECT file_id AS a, other_id AS b FROM dup_candidates').all() as { a: number; b: number }[]) pairs.set(`${e.a}:${e.b}`, [e.a, e.b]);
db.close();
const byPicture = new Map<string, number[]>();
for (const f of files) { const p = editOf.has(key(f.path)) ? pictureOf.get(key(f.path)) : undefined; if (p) (byPicture.get(p) ?? byPicture.set(p, []).get(p)!).push(f.id); }
for (const ids of byPicture.values()) for (const a of ids) for (const b of ids) if (a !== b) pairs.set(`${a}:${b}`, [a, b]);
const list = [...pairs.values()].filter(([a, b]) => records.has(a) && records.has(b) && records.get(a)!.xy.length >= 60 && records.get(b)!.xy.length >= 60);
const editName = new Map(files.map((f) => [f.id, editOf.get(key(f.path)) ?? 'other']));
const POP = new Uint8Array(256); for (let i = 1; i < 256; i++) POP[i] = (i & 1) + POP[i >> 1];
function ham(a: Uint8Array, i: number, b: Uint8Array, j: number): number { let d = 0; for (let k = 0; k < 32; k++) d += POP[a[32 * i + k] ^ b[32 * j + k]]; return d; }
const TH = [16, 24, 32, 40, 48];
/** per pair: verifies; which edits; inliers within each distance (pairs that verify); mutual nearest descriptors within each */
type Row = { v: boolean; label: string; inl: number[]; mnn: number[] };
const rows: Row[] = [];
for (const [ia, ib] of list) {
  const a = records.get(ia)!, b = records.get(ib)!;
  const na = a.xy.length / 2, nb = b.xy.length / 2;
  const m = matchLocalFeatures(a, b, { alignedLook: false });
  const v = localVerified(m);
  // mutual NN (no ratio) distances
  const bestB = new Int32Array(na).fill(-1), dB = new Int32Array(na).fill(999), bestA = new Int32Array(nb).fill(-1), dA = new Int32Array(nb).fill(999);
  for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) { const d = ham(a.descriptors, i, b.descriptors, j); if (d < dB[i]) { dB[i] = d; bestB[i] = j; } if (d < dA[j]) { dA[j] = d; bestA[j] = i; } }
  const mnn = TH.map((t) => { let c = 0; for (let i = 0; i < na; i++) if (bestA[bestB[i]] === i && dB[i] <= t) c++; return c; });
  const inl = TH.map(() => 0);
  if (v) {
    const [c, d, tx, ty] = m.transform;
    for (let i = 0; i < na; i++) { const j = bestB[i]; if (bestA[j] !== i) continue; const x = c * a.xy[2 * i] - d * a.xy[2 * i + 1] + tx, y = d * a.xy[2 * i] + c * a.xy[2 * i + 1] + ty; if (Math.hypot(x - b.xy[2 * j], y - b.xy[2 * j + 1]) <= 2) TH.forEach((t, k) => { if (dB[i] <= t) inl[k]++; }); }
  }
  rows.push({ v, label: `${editName.get(ia)}>${editName.get(ib)}`, inl, mnn });
}
const ver = rows.filter((r) => r.v), un = rows.filter((r) => !r.v);
console.log(`seed ${seed}: ${rows.length} pairs (both pictures with 30 keypoints or more), ${ver.length} verify; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
TH.forEach((t, k) => {
  const vi = ver.map((r) => r.mnn[k]).sort((x, y) => x - y);
  const ii = ver.map((r) => r.inl[k]).sort((x, y) => x - y);
  const uu = un.map((r) => r.mnn[k]).sort((x, y) => x - y);
  const q = (arr: number[], p: number) => arr[Math.floor(p * (arr.length - 1))];
  console.log(`d<=${t}: verified mnn min ${vi[0]} p1 ${q(vi, 0.01)} p5 ${q(vi, .05)} | verified inliers min ${ii[0]} p1 ${q(ii, .01)} | unverified mnn p50 ${q(uu, .5)} p75 ${q(uu, .75)} p90 ${q(uu, .9)} p95 ${q(uu, .95)} p99 ${q(uu, .99)}`);
  for (const thr of [1, 2, 3, 4, 5, 6]) console.log(`   >= ${thr}: verified lost ${vi.filter((x) => x < thr).length}, unverified pass ${(100 * uu.filter((x) => x >= thr).length / uu.length).toFixed(1)}%`);
});
const fewest = [...ver].sort((x, y) => x.mnn[2] - y.mnn[2]).slice(0, 6);
console.log(`pairs that verify with the fewest mutual nearest descriptors within 32 bits: ${fewest.map((r) => `${r.label} (${r.mnn[2]})`).join(', ')}`);
