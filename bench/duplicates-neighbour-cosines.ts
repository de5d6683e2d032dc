// How close are a real photo's recorded embedding neighbours when they are NOT copies, and how close are true
// copies? This decides how many pairs reach the point-by-point (local feature) check: a pair the whole-picture
// rules leave undecided is checked when its cosine is at least LOCAL.gateCosine. The scale bench
// (bench/duplicates-grouping-scale.ts) draws its synthetic vectors to match the distribution printed here.
//
// Reads a home that bench/duplicates-groups.ts indexed (the engine's own fused, whitened vectors and the neighbours
// it recorded while indexing, dup_candidates), copied first so nothing in it changes, and asks the duplicate service
// to explain every recorded neighbour pair and every (original, edit) pair.
//   npx tsx bench/duplicates-neighbour-cosines.ts [--seed 1]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LoupeEngine } from '../src/main/engine/engine.js';
import { LOCAL } from '../src/main/engine/duplicates/near-duplicate-rule.js';
import { GROUPS_CACHE, groupsLabels, neutral } from './duplicates-groups-labels.js';
import { evaluationData } from './evaluation-data.js';

const seedAt = process.argv.indexOf('--seed');
const seed = seedAt >= 0 ? Number(process.argv[seedAt + 1]) : 1;
const hires = evaluationData('hires');
const cached = path.join(GROUPS_CACHE, `seed-${seed}`, 'home', 'catalog.sqlite');
if (!fs.existsSync(cached)) {
  console.error(`No indexed home at ${path.dirname(cached)}: run \`npx tsx bench/duplicates-groups.ts --seeds ${seed} --first ${seed}\` first (it indexes the evaluation data).`);
  process.exit(3);
}
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-nbcos-'));
fs.cpSync(path.dirname(cached), home, { recursive: true });

// which picture each file shows
const { pictureOf, editOf } = groupsLabels(hires, seed);

const db = new Database(path.join(home, 'catalog.sqlite'), { readonly: true });
const files = db.prepare('SELECT id, path FROM files').all() as { id: number; path: string }[];
const pathOf = new Map(files.map((f) => [f.id, f.path]));
const key = (id: number): string => path.basename(pathOf.get(id)!, path.extname(pathOf.get(id)!));
const sameAs = (a: number, b: number): boolean => {
  const pa = pictureOf.get(key(a));
  return pa !== undefined && pa === pictureOf.get(key(b));
};
const edges = db.prepare('SELECT file_id AS a, other_id AS b FROM dup_candidates').all() as { a: number; b: number }[];
db.close();

const engine = LoupeEngine.open({ home, reader: true });
const cpu0 = process.cpuUsage();
const unrelated: number[] = [];
const copies = new Map<string, number[]>();
let localUnrelated = 0;
const seen = new Set<string>();
try {
  for (const { a, b } of edges) {
    const k = a < b ? `${a}:${b}` : `${b}:${a}`;
    if (seen.has(k) || sameAs(a, b)) continue;
    seen.add(k);
    const e = engine.duplicates.explain(a, b);
    if (e.cosine === null) continue;
    unrelated.push(e.cosine);
    if (e.localInliers !== null) localUnrelated++;
  }
  const byKey = new Map(files.map((f) => [key(f.id), f.id]));
  for (const [k, picture] of pictureOf) {
    const edit = editOf.get(k);
    if (!edit || edit === 'original') continue;
    const id = byKey.get(k);
    const orig = byKey.get(neutral(picture));
    if (id === undefined || orig === undefined) continue;
    const e = engine.duplicates.explain(orig, id);
    if (e.cosine !== null) (copies.get(edit) ?? copies.set(edit, []).get(edit)!).push(e.cosine);
  }
} finally {
  await engine.close();
  fs.rmSync(home, { recursive: true, force: true });
}

const q = (xs: number[], p: number): string => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2) : '-';
};
const share = (xs: number[], t: number): string => `${((100 * xs.filter((x) => x >= t).length) / Math.max(1, xs.length)).toFixed(1)}%`;
console.log(`seed ${seed}: ${files.length} photos, ${edges.length} recorded neighbour edges; ${unrelated.length} distinct pairs of different pictures`);
console.log(`recorded neighbours that are not copies: cosine p10 ${q(unrelated, 0.1)} p25 ${q(unrelated, 0.25)} p50 ${q(unrelated, 0.5)} p75 ${q(unrelated, 0.75)} p90 ${q(unrelated, 0.9)} p99 ${q(unrelated, 0.99)}`);
for (const t of [0.2, 0.3, 0.4, 0.5, 0.6]) console.log(`  at or above ${t.toFixed(1)}${t === LOCAL.gateCosine ? ' (the gate)' : ''}: ${share(unrelated, t)}`);
console.log(`  checked point by point by the app's rule: ${localUnrelated} of ${unrelated.length} (${((100 * localUnrelated) / Math.max(1, unrelated.length)).toFixed(1)}%)`);
console.log('copies, cosine to their original (min p50 max):');
for (const [edit, xs] of copies) console.log(`  ${edit.padEnd(11)} ${q(xs, 0)} ${q(xs, 0.5)} ${q(xs, 1)}`);
const cpu = process.cpuUsage(cpu0);
console.log(`CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
