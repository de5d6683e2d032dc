// The relevance cut-off of "Find similar": indexes caltech101-dev (100 categories x 12 photos) with the real engine
// into a temporary library home, asks every photo for its 200 most similar (the app's own call and scores), and
// measures, for each threshold, precision (results above it that are of the query's category) and recall (of the
// 11 photos of its category, how many are above it), pooled over all 1,200 queries. Prints the table, the
// threshold with the best F0.5 (precision counts twice as much as recall: what is shown as "similar" should be),
// and the figures of the constant the app uses (src/shared/similar-cutoff.ts).
// Run: npx tsx bench/similar-cutoff.ts [--keep]   (--keep: reuse the indexed home from a previous run)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoupeEngine } from '../src/main/engine/engine.js';
import { SIMILAR_CUTOFF } from '../src/shared/similar-cutoff.js';

const DATA = path.resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'caltech101-dev');
if (!fs.existsSync(DATA)) {
  console.log(`bench/similar-cutoff: ${DATA} is not there (it comes with ../shared/data); nothing to measure.`);
  process.exit(0);
}
const K = 200;
const home = path.join(os.tmpdir(), 'loupe-bench-similar-cutoff');
if (!process.argv.includes('--keep')) fs.rmSync(home, { recursive: true, force: true });

const started = Date.now();
const engine = LoupeEngine.open({ home, warn: () => {} });
if (!engine.library.listFolders().some((f) => f.path === DATA)) await engine.library.addFolder(DATA);
const summary = await engine.library.index();
console.log(`indexed ${summary.added + summary.unchanged + summary.updated} photos in ${((Date.now() - started) / 1000).toFixed(0)} s`);

const rows = engine.database.prepare("SELECT id, path FROM files WHERE state = 'ready'").all() as { id: number; path: string }[];
const category = new Map(rows.map((r) => [r.id, path.basename(path.dirname(r.path))]));
const perCategory = new Map<string, number>();
for (const c of category.values()) perCategory.set(c, (perCategory.get(c) ?? 0) + 1);

const results: { same: boolean; score: number }[][] = [];
let relevant = 0;
for (const r of rows) {
  const hits = await engine.similarity.similarToFile(r.id, K);
  const c = category.get(r.id)!;
  results.push(hits.map((h) => ({ same: category.get(h.id) === c, score: Math.max(0, h.score) })));
  relevant += (perCategory.get(c) ?? 1) - 1;
}
await engine.close();

function at(t: number): { p: number; r: number; f05: number; shown: number } {
  let tp = 0;
  let shown = 0;
  for (const hits of results) {
    for (const h of hits) {
      if (h.score < t) continue;
      shown += 1;
      if (h.same) tp += 1;
    }
  }
  const p = shown ? tp / shown : 1;
  const r = tp / relevant;
  const f05 = p + r > 0 ? (1.25 * p * r) / (0.25 * p + r) : 0;
  return { p, r, f05, shown: shown / results.length };
}

console.log(`${rows.length} queries, ${relevant} relevant pairs; columns: threshold, precision, recall, F0.5, results shown per query`);
let best = { t: 0, f05: -1 };
for (let t = 0.2; t <= 0.951; t += 0.01) {
  const s = at(t);
  if (s.f05 > best.f05) best = { t, f05: s.f05 };
  if (Math.round(t * 100) % 5 === 0) console.log(`${t.toFixed(2)}  P ${s.p.toFixed(3)}  R ${s.r.toFixed(3)}  F0.5 ${s.f05.toFixed(3)}  shown ${s.shown.toFixed(1)}`);
}
const b = at(best.t);
console.log(`best F0.5 at ${best.t.toFixed(2)}: precision ${b.p.toFixed(3)}, recall ${b.r.toFixed(3)}, ${b.shown.toFixed(1)} shown per query`);
const app = at(SIMILAR_CUTOFF);
console.log(`app constant SIMILAR_CUTOFF = ${SIMILAR_CUTOFF}: precision ${app.p.toFixed(3)}, recall ${app.r.toFixed(3)}, F0.5 ${app.f05.toFixed(3)}, ${app.shown.toFixed(1)} shown per query`);
