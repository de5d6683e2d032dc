// Checking the automatic tags with the learned-tags machinery (learn/auto-tag-check.ts): precision and recall of
// the COCO tags the app shows, before and after the check, on caltech101-dev under neutral names (the learned-tags
// bench library, bench/learn-data.ts). Truth: a photo shows label L when its Caltech class's main object is L
// (bench/coco-caltech.ts). Two scopes: the photos of those classes only (as bench/tags-coco-caltech.ts), and the
// whole library, where a tag on a photo of another class counts as wrong (it may be right: a person in the
// background; so the whole-library precision is a floor).
//
//   npx tsx bench/tags-check-caltech.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCatalogDb } from '../src/main/engine/catalog/database.js';
import { FeatureRepository } from '../src/main/engine/catalog/feature-repository.js';
import { parseWhitening } from '../src/main/engine/embedding/whitening-file.js';
import { libraryWhiteningName } from '../src/main/engine/search/similarity-projection.js';
import { checkLabel } from '../src/main/engine/learn/auto-tag-check.js';
import { LearnVectors } from '../src/main/engine/learn/learn-vectors.js';
import { prf } from '../src/main/engine/learn/threshold.js';
import { DEFAULT_SETTINGS } from '../src/shared/settings.js';
import { CALTECH_TO_COCO } from './coco-caltech.js';
import { BENCH_HOME, prepareBenchLibrary } from './learn-data.js';

const bench = await prepareBenchLibrary();
const db = openCatalogDb(BENCH_HOME);
const features = new FeatureRepository(db);
const whitening = parseWhitening(fs.readFileSync(path.join(BENCH_HOME, 'index', libraryWhiteningName())));
const vectors = new LearnVectors({ features, whitening: () => whitening });
const t0 = process.cpuUsage();
const lib = await vectors.library();
const paths = new Map((db.prepare('SELECT id, path FROM files').all() as { id: number; path: string }[]).map((r) => [r.id, r.path]));
const classOf = lib.ids.map((id) => bench.labels.get(paths.get(id)!)!);
const threshold = DEFAULT_SETTINGS.tagThreshold;
const rows = db.prepare("SELECT ft.file_id, t.name, ft.confidence FROM file_tags ft JOIN tags t ON t.id = ft.tag_id WHERE ft.source = 'auto'").all() as { file_id: number; name: string; confidence: number }[];
const byLabel = new Map<string, { shown: number[]; weak: number[] }>();
for (const r of rows) {
  const row = lib.rowOf.get(r.file_id);
  if (row === undefined) continue;
  const e = byLabel.get(r.name) ?? { shown: [], weak: [] };
  byLabel.set(r.name, e);
  (r.confidence >= threshold ? e.shown : e.weak).push(row);
}
const before = new Map<string, Set<number>>();
const after = new Map<string, Set<number>>();
let contradicted = 0, supported = 0;
const t1 = process.cpuUsage();
for (const [label, e] of byLabel) {
  before.set(label, new Set(e.shown));
  const now = new Set(e.shown);
  for (const v of checkLabel(lib.x, e)) {
    if (v.verdict === 'contradicted') {
      now.delete(v.row);
      contradicted++;
    } else {
      now.add(v.row);
      supported++;
    }
  }
  after.set(label, now);
}
const checkCpu = process.cpuUsage(t1);
const labels = [...new Set(Object.values(CALTECH_TO_COCO))].sort();
const truth = (row: number, label: string) => CALTECH_TO_COCO[classOf[row]] === label;
function figures(shown: Map<string, Set<number>>, scope: (row: number) => boolean) {
  let tp = 0, fp = 0, fn = 0;
  for (const label of labels) {
    const s = shown.get(label) ?? new Set<number>();
    for (let r = 0; r < lib.x.n; r++) {
      if (!scope(r)) continue;
      const t = truth(r, label);
      if (s.has(r) && t) tp++;
      else if (s.has(r)) fp++;
      else if (t) fn++;
    }
  }
  return prf(tp, fp, fn);
}
const show = (name: string, f: { precision: number; recall: number; f1: number }) =>
  console.log(`  ${name.padEnd(8)} P ${f.precision.toFixed(3)}  R ${f.recall.toFixed(3)}  F1 ${f.f1.toFixed(3)}`);
console.log(`${lib.x.n} photos, ${byLabel.size} labels with automatic tags, display threshold ${threshold}; ${contradicted} tags contradicted, ${supported} weak ones supported`);
for (const [scope, inScope] of [
  ['photos of the COCO-mapped classes', (r: number) => classOf[r] in CALTECH_TO_COCO],
  ['whole library (tags on other classes count as wrong)', () => true],
] as const) {
  console.log(`${scope}, micro over ${labels.length} labels:`);
  show('before', figures(before, inScope));
  show('after', figures(after, inScope));
}
console.log('\nper label (whole library): before tp/fp -> after tp/fp');
for (const label of labels) {
  const count = (s: Set<number> | undefined, t: boolean) => [...(s ?? [])].filter((r) => truth(r, label) === t).length;
  console.log(`  ${label.padEnd(12)} ${count(before.get(label), true)}/${count(before.get(label), false)} -> ${count(after.get(label), true)}/${count(after.get(label), false)}`);
}
const cpu = (u: NodeJS.CpuUsage) => ((u.user + u.system) / 1000).toFixed(0);
console.log(`\nCPU: vectors ${cpu(process.cpuUsage(t0))} ms in all, the check ${cpu(checkCpu)} ms; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (2 shared cores)`);
db.close();
