// What the local check's aligned quick look (local-features.ts quickAligned) costs and what it would turn away, on
// real pairs: every recorded embedding neighbour and every two copies of one picture of a home that
// bench/duplicates-groups.ts indexed (its cache: the 25 hires originals, their 17 edits of one seed, Caltech and the
// face pairs). For each pair the full comparison says whether it verifies (near-duplicate-rule.ts localVerified); the
// bench prints how many keypoints the quick look lined up in the pairs that verify (its threshold must stay below
// them) and how many pairs that do not verify each threshold lets through to the full comparison, with the CPU time
// of the look and of the whole check as the app runs it. Whether a pair verifies is decided without the look.
// Last, what the deep pass's checks (local-checks.ts checkNeighbours) cost a photo: each photo of the home, in catalogue
// order, against its recorded neighbours (either way round) that came before it, both ways round, as CopyQualityStage
// checks them when the photo's keypoints are found.
//   npx tsx bench/duplicates-local-quick.ts [seed]     (the seed's home must be cached: run the groups bench first)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { checkNeighbours } from '../src/main/engine/duplicates/local-checks.js';
import { matchLocalFeatures, quickAligned, unpackLocalFeatures, type LocalFeatures } from '../src/main/engine/duplicates/local-features.js';
import { localVerified } from '../src/main/engine/duplicates/near-duplicate-rule.js';
import { GROUPS_CACHE, groupsLabels } from './duplicates-groups-labels.js';
import { evaluationData } from './evaluation-data.js';

const seed = Number(process.argv[2] ?? 1);
const hires = evaluationData('hires');
const catalog = path.join(GROUPS_CACHE, `seed-${seed}`, 'home', 'catalog.sqlite');
if (!fs.existsSync(catalog)) {
  console.error(`No indexed home at ${catalog}: run \`npx tsx bench/duplicates-groups.ts --seeds ${seed} --first ${seed}\` first (it indexes the evaluation data).`);
  process.exit(3);
}
const { pictureOf, editOf } = groupsLabels(hires, seed);
const db = new Database(catalog, { readonly: true });
const files = db.prepare('SELECT id, path FROM files').all() as { id: number; path: string }[];
const key = (p: string): string => path.basename(p, path.extname(p));
const records = new Map<number, LocalFeatures>(
  (db.prepare('SELECT file_id, data FROM photo_keypoints').all() as { file_id: number; data: Buffer }[]).map((r) => [r.file_id, unpackLocalFeatures(r.data)]),
);
const pairs = new Map<string, [number, number]>();
const edges = db.prepare('SELECT file_id AS a, other_id AS b FROM dup_candidates').all() as { a: number; b: number }[];
for (const e of edges) pairs.set(`${e.a}:${e.b}`, [e.a, e.b]);
const keypointRows = db.prepare('SELECT file_id, data FROM photo_keypoints ORDER BY file_id').all() as { file_id: number; data: Buffer }[];
db.close();
const byPicture = new Map<string, number[]>();
for (const f of files) {
  const p = editOf.has(key(f.path)) ? pictureOf.get(key(f.path)) : undefined; // the hires pictures and their edits
  if (p) (byPicture.get(p) ?? byPicture.set(p, []).get(p)!).push(f.id);
}
for (const ids of byPicture.values()) for (const a of ids) for (const b of ids) if (a !== b) pairs.set(`${a}:${b}`, [a, b]);
const list = [...pairs.values()].filter(([a, b]) => records.has(a) && records.has(b));
const editName = new Map(files.map((f) => [f.id, editOf.get(key(f.path)) ?? 'other']));

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const share = (q: { aligned: number; overlap: number }): { quick: number; share: number } => ({ quick: q.aligned, share: q.aligned / Math.max(1, q.overlap) });
const res = list.map(([a, b]) => {
  const m = matchLocalFeatures(records.get(a)!, records.get(b)!, { alignedLook: false });
  return { verified: localVerified(m), tight: m.tight, ...share(quickAligned(records.get(a)!, records.get(b)!)), label: `${editName.get(a)}>${editName.get(b)}` };
});
const unverified = list.filter((_, i) => !res[i].verified);
let t = cpuUs();
for (const [a, b] of unverified) quickAligned(records.get(a)!, records.get(b)!, 10);
const quickUs = (cpuUs() - t) / unverified.length;
t = cpuUs();
for (const [a, b] of unverified) matchLocalFeatures(records.get(a)!, records.get(b)!);
const fullUs = (cpuUs() - t) / unverified.length;

const verified = res.filter((r) => r.verified);
const q = verified.map((r) => r.quick).sort((x, y) => x - y);
console.log(`seed ${seed}: ${list.length} pairs, ${verified.length} verify in full; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`keypoints the quick look lines up in the pairs that verify: min ${q[0]}, p1 ${q[Math.floor(q.length * 0.01)]}, p5 ${q[Math.floor(q.length * 0.05)]}`);
console.log(`CPU a pair that does not verify: the aligned look ${quickUs.toFixed(0)} µs, matchLocalFeatures as the app runs it ${fullUs.toFixed(0)} µs`);
const shares = verified.map((r) => r.share).sort((x, y) => x - y);
console.log(`share of the overlap the quick look lines up in the pairs that verify: min ${shares[0].toFixed(3)}, p1 ${shares[Math.floor(shares.length * 0.01)].toFixed(3)}`);
for (const k of [0.03, 0.05, 0.07]) {
  const lost = verified.filter((r) => r.quick < 5 || r.share < k);
  const through = res.filter((r) => !r.verified && r.quick >= 5 && r.share >= k).length / Math.max(1, unverified.length);
  console.log(`  at least 5 and ${k} of the overlap: pairs that verify turned away ${lost.length}; pairs that do not verify let through ${(100 * through).toFixed(1)}%`);
}
for (let k = 3; k <= 8; k++) {
  const lost = verified.filter((r) => r.quick < k);
  const through = res.filter((r) => !r.verified && r.quick >= k).length / Math.max(1, unverified.length);
  console.log(`  threshold ${k}: pairs that verify turned away ${lost.length} ${lost.slice(0, 3).map((r) => `(${r.label}, ${r.tight} in full)`).join(' ')}; pairs that do not verify let through ${(100 * through).toFixed(1)}%`);
}

// the deep pass's checks, a photo at a time (each record unpacked afresh, as the stage reads its neighbours' from the catalog)
const near = new Map<number, Set<number>>();
for (const e of edges) {
  (near.get(e.a) ?? near.set(e.a, new Set()).get(e.a)!).add(e.b);
  (near.get(e.b) ?? near.set(e.b, new Set()).get(e.b)!).add(e.a);
}
const dataOf = new Map(keypointRows.map((r) => [r.file_id, r.data]));
const seen = new Set<number>();
const perPhoto: number[] = [];
let deepChecks = 0;
for (const r of keypointRows) {
  const c0 = cpuUs();
  const own = unpackLocalFeatures(r.data);
  const before = [...(near.get(r.file_id) ?? [])].filter((id) => seen.has(id)).map((id) => ({ id, features: unpackLocalFeatures(dataOf.get(id)!) }));
  deepChecks += 2 * checkNeighbours(own, before).length;
  perPhoto.push((cpuUs() - c0) / 1000);
  seen.add(r.file_id);
}
perPhoto.sort((x, y) => x - y);
const at = (p: number): string => perPhoto[Math.floor(p * (perPhoto.length - 1))].toFixed(1);
console.log(`deep pass: ${keypointRows.length} photos, ${deepChecks} checks; CPU a photo mean ${(perPhoto.reduce((x, y) => x + y, 0) / perPhoto.length).toFixed(1)} ms, p50 ${at(0.5)}, p90 ${at(0.9)}, max ${at(1)}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
