// Retrieval quality of the similarity embedding on caltech101-dev (100 classes x 12 photos; every photo
// queries the other 1,199; relevant = same class; cosine). Prints mAP (average precision over the full
// ranking) / P@1 / P@10 for each stage of the recipe, with an own-library fit and with the shipped
// default whitening, plus ms/img.
// Run: npx tsx bench/retrieval-caltech.ts [--subsets] [--engine-check]
//   --subsets       own-fit on random subsets of n photos vs the default (the own-fit threshold)
//   --engine-check  re-run the final line through src/main/engine/embedding/query-expansion.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BRANCHES, computeRawFeatures, type RawFeatures } from '../src/main/engine/embedding/features.js';
import { DEFAULT_WEIGHTS, fuse } from '../src/main/engine/embedding/fuse.js';
import { seededRandom } from '../src/main/engine/embedding/linalg.js';
import { augmentDatabase, DEFAULT_DBA, DEFAULT_QE, expansionFor, searchWithQueryExpansion } from '../src/main/engine/embedding/query-expansion.js';
import { openEmbeddingSessions } from '../src/main/engine/embedding/sessions.js';
import { applyBranchBatch, fitWhitening, prenormalise, type Whitening } from '../src/main/engine/embedding/whitening.js';
import { parseWhitening } from '../src/main/engine/embedding/whitening-file.js';
import { OWN_FIT_MIN_PHOTOS } from '../src/main/engine/embedding/whitening-policy.js';
import { caltechDev, decodePreview, MODELS_DIR } from './retrieval-data.js';
import { extractAll, FLOAT_MOBILENET_VIEWS, RECIPE_VIEWS } from './retrieval-extract.js';
import { evaluate, fmt, type PostParams, type Scores } from './retrieval-metrics.js';

const args = new Set(process.argv.slice(2));
const set = caltechDev();
const labels = set.labels;
const views = await extractAll([...RECIPE_VIEWS, ...FLOAT_MOBILENET_VIEWS]);
const avg = (a: Float32Array[], b: Float32Array[]): Float32Array[] => a.map((x, i) => x.map((v, j) => (v + b[i][j]) / 2));
/** The raw features with flip-averaging on both branches (`true`), on neither (`false`), or on the branches named;
 *  MobileNetV2 from the int8 model the engine runs, or from the float one. */
const rawOf = (flip: boolean | Partial<Record<(typeof BRANCHES)[number], boolean>>, mobilenetModel: 'int8' | 'float' = 'int8'): RawFeatures[] => {
  const on = (b: (typeof BRANCHES)[number]): boolean => (typeof flip === 'boolean' ? flip : flip[b] ?? false);
  const [plain, mirrored] = mobilenetModel === 'int8' ? RECIPE_VIEWS : FLOAT_MOBILENET_VIEWS;
  const mobilenet = on('mobilenet') ? avg(views[plain], views[mirrored]) : views[plain];
  const cn = on('centernet') ? avg(views['cn256-embed'], views['cn256-embed-flip']) : views['cn256-embed'];
  return mobilenet.map((v, i) => ({ mobilenet: v, centernet: cn[i] }));
};
const raw = rawOf(true);
const POST_QE: PostParams = { qe: DEFAULT_QE };
const POST_ALL: PostParams = { dba: DEFAULT_DBA, qe: DEFAULT_QE };

const line = async (name: string, vectors: Float32Array[], post: PostParams = {}): Promise<void> => {
  console.log(`${name.padEnd(58)} ${fmt(await evaluate(vectors, labels, post))}`);
};

async function project(w: Whitening, rows: RawFeatures[]): Promise<{ mobilenet: Float32Array[]; centernet: Float32Array[]; fused: Float32Array[] }> {
  const mobilenet = await applyBranchBatch(w.branches.mobilenet, rows.map((r) => r.mobilenet));
  const centernet = await applyBranchBatch(w.branches.centernet, rows.map((r) => r.centernet));
  return { mobilenet, centernet, fused: mobilenet.map((v, i) => fuse({ mobilenet: v, centernet: centernet[i] }, DEFAULT_WEIGHTS)) };
}

console.log(`caltech101-dev: ${set.files.length} photos, ${set.classes.length} classes. Columns: mAP / P@1 / P@10`);
console.log('--- raw pooled features (L2)');
for (const flip of [false, true]) {
  const r = rawOf(flip);
  for (const b of BRANCHES) await line(`${b} raw${flip ? ' (flip-averaged)' : ''}`, r.map((x) => x[b]));
}
await line('mobilenet signed-sqrt', raw.map((x) => prenormalise(x.mobilenet)));

console.log('--- own-library fit (all 1200, no labels)');
const own = await fitWhitening(raw, 'library');
const ownP = await project(own, raw);
await line(`mobilenet PW (D=${own.branches.mobilenet.outDim}, s=${own.branches.mobilenet.shrink})`, ownP.mobilenet);
await line(`centernet PW (D=${own.branches.centernet.outDim}, s=${own.branches.centernet.shrink})`, ownP.centernet);
await line(`fusion (${ownP.fused[0].length}-d, weights ${DEFAULT_WEIGHTS.mobilenet}/${DEFAULT_WEIGHTS.centernet})`, ownP.fused);
await line(`fusion + QE (k=${DEFAULT_QE.k}, alpha=${DEFAULT_QE.alpha})`, ownP.fused, POST_QE);
await line(`fusion + DBA (k=${DEFAULT_DBA.k}, alpha=${DEFAULT_DBA.alpha}) + QE`, ownP.fused, POST_ALL);
const ownNoFlip = await project(await fitWhitening(rawOf(false), 'library'), rawOf(false));
await line('  same without flip-averaging: fusion', ownNoFlip.fused);
await line('  same without flip-averaging: fusion + DBA + QE', ownNoFlip.fused, POST_ALL);

console.log('--- shipped default whitening (generic photos, not caltech)');
const defFile = path.join(MODELS_DIR, 'whitening-default.bin');
const def = parseWhitening(readFileSync(defFile));
console.log(`    ${def.note ?? ''} (${def.sampleCount} samples)`);
const defP = await project(def, raw);
await line('mobilenet PW (default)', defP.mobilenet);
await line('centernet PW (default)', defP.centernet);
await line('fusion (default)', defP.fused);
await line('fusion + QE (default)', defP.fused, POST_QE);
await line(`fusion + DBA + QE (default; own-fit k=${DEFAULT_DBA.k})`, defP.fused, POST_ALL);
const defPost = expansionFor('default');
await line(`fusion + QE k=${defPost.qe.k} (default; k used with it)`, defP.fused, { qe: defPost.qe });
await line(`fusion + DBA k=${defPost.dba.k} + QE k=${defPost.qe.k} (default; k used with it)`, defP.fused, defPost);

if (args.has('--engine-check')) {
  // The same final number through the engine-facing functions, with an exact k-NN search.
  const db = ownP.fused;
  const dot = (a: Float32Array, b: Float32Array): number => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  };
  const searchIn = (vs: Float32Array[]) => (v: Float32Array, k: number) =>
    vs.map((x, id) => ({ id, score: dot(v, x) })).sort((a, b) => b.score - a.score).slice(0, k);
  const ids = db.map((_, i) => i);
  const aug = augmentDatabase(ids, searchIn(db), (id) => db[id], DEFAULT_DBA);
  const sim = new Float32Array(db.length * db.length);
  for (const q of ids) {
    const hits = searchWithQueryExpansion(searchIn(aug), (id) => aug[id], aug[q], db.length - 1, DEFAULT_QE, q);
    // ranks from the returned order: score = position-decreasing value
    hits.forEach((h, r) => (sim[q * db.length + h.id] = db.length - r));
    sim[q * db.length + q] = -1;
  }
  const { scoreMatrix } = await import('./retrieval-metrics.js');
  console.log(`${'fusion + DBA + QE via query-expansion.ts (exact search)'.padEnd(58)} ${fmt(scoreMatrix({ rows: db.length, cols: db.length, data: sim }, labels))}`);
}

if (args.has('--subsets')) {
  console.log(`--- own fit on n random photos, applied to all 1200, vs default; mean (range) of 3 draws; threshold in use: ${OWN_FIT_MIN_PHOTOS}`);
  for (const [name, post] of [['no QE', {}], ['DBA+QE k=2', defPost], [`DBA+QE k=${DEFAULT_QE.k}`, POST_ALL]] as const) {
    console.log(`default, ${name}: ${fmt(await evaluate(defP.fused, labels, post))}`);
  }
  for (const n of [100, 200, 300, 500, 800]) {
    const scores: Scores[] = [];
    for (let seed = 1; seed <= 3; seed++) {
      const rand = seededRandom(seed * 1000 + n);
      const idx = raw.map((_, i) => i).sort(() => rand() - 0.5).slice(0, n);
      const w = await fitWhitening(idx.map((i) => raw[i]), 'library');
      const fused = (await project(w, raw)).fused;
      scores.push(await evaluate(fused, labels, {}), await evaluate(fused, labels, defPost), await evaluate(fused, labels, POST_ALL));
    }
    const cell = (post: number): string => {
      const of = scores.filter((_, i) => i % 3 === post);
      const m = (k: 'mAP' | 'p1'): string => (of.reduce((s, x) => s + x[k], 0) / of.length).toFixed(3);
      const range = (k: 'mAP' | 'p1'): string => `${Math.min(...of.map((s) => s[k])).toFixed(3)}-${Math.max(...of.map((s) => s[k])).toFixed(3)}`;
      return `${m('mAP')} (${range('mAP')}) / ${m('p1')} (${range('p1')})`;
    };
    console.log(`n=${String(n).padEnd(4)} no QE ${cell(0)} | DBA+QE k=2 ${cell(1)} | k=${DEFAULT_QE.k} ${cell(2)}`);
  }
}

console.log('--- flip-averaging per branch (issue #15: where does the second inference pass pay?)');
const defaultPost = expansionFor('default');
for (const flip of [{}, { mobilenet: true }, { centernet: true }, { mobilenet: true, centernet: true }]) {
  const name = Object.keys(flip).length ? `flip ${Object.keys(flip).join('+')}` : 'no flip';
  const r = rawOf(flip);
  const ownFused = (await project(await fitWhitening(r, 'library'), r)).fused;
  await line(`${name}: own fit, fusion + DBA + QE`, ownFused, POST_ALL);
  const defFused = (await project(def, r)).fused;
  await line(`${name}: default whitening, fusion`, defFused);
  await line(`${name}: default whitening, fusion + DBA + QE (k used with it)`, defFused, defaultPost);
}

console.log('--- int8 vs float MobileNetV2 (issue #15); "mixed": even photos float, odd int8, as a library embedded before');
const cosine = (a: Float32Array, b: Float32Array): number => {
  let d = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return d / Math.sqrt(na * nb);
};
const floatRaw = rawOf(true, 'float');
const mixedRaw = raw.map((r, i) => (i % 2 === 0 ? floatRaw[i] : r));
const quantiles = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return [0, 0.01, 0.5].map((q) => s[Math.floor(q * (s.length - 1))].toFixed(4)).join(' / ');
};
console.log(`raw mobilenet cosine int8 to float, min / 1% / median: ${quantiles(raw.map((r, i) => cosine(r.mobilenet, floatRaw[i].mobilenet)))}`);
for (const [name, fit] of [['own fit on float', await fitWhitening(floatRaw, 'library')], ['default whitening', def]] as const) {
  const f = (await project(fit, floatRaw)).fused;
  const q = (await project(fit, raw)).fused;
  console.log(`${name}: fused cosine int8 to float of the same photo, min / 1% / median: ${quantiles(q.map((v, i) => cosine(v, f[i])))}`);
  // what a threshold on the cosine of two photos sees: a pair computed one float, one int8, against both float
  const mixed: number[] = [];
  const both: number[] = [];
  for (let i = 0; i < f.length; i += 3) {
    for (let j = i + 1; j < f.length; j += 7) {
      mixed.push(Math.abs(cosine(f[i], q[j]) - cosine(f[i], f[j])));
      both.push(Math.abs(cosine(q[i], q[j]) - cosine(f[i], f[j])));
    }
  }
  const spread = (xs: number[]): string => [0.5, 0.99, 1].map((p) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))].toFixed(4)).join(' / ');
  console.log(`${name}: change of a pair's cosine from both float, median / 99% / max over ${mixed.length} pairs: one int8 ${spread(mixed)}, both int8 ${spread(both)}`);
}
for (const [name, r] of [['float', floatRaw], ['int8', raw], ['mixed', mixedRaw]] as const) {
  await line(`${name}: own fit, fusion + DBA + QE`, (await project(await fitWhitening(r, 'library'), r)).fused, POST_ALL);
  await line(`${name}: default whitening, fusion + DBA + QE (k used with it)`, (await project(def, r)).fused, defaultPost);
}

console.log('--- cost (this machine, CPU EP, 2 threads, batch 8, resize included; decode not included)');
const sessions = await openEmbeddingSessions(MODELS_DIR, 2);
const previews = await Promise.all(set.files.slice(0, 48).map((f) => decodePreview(f)));
for (const flip of [false, true]) {
  await computeRawFeatures(sessions, previews.slice(0, 8), { flip });
  const t = performance.now();
  for (let i = 0; i < previews.length; i += 8) await computeRawFeatures(sessions, previews.slice(i, i + 8), { flip });
  console.log(`computeRawFeatures flip=${flip}: ${((performance.now() - t) / previews.length).toFixed(1)} ms/img`);
}
