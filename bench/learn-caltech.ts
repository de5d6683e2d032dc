// Learned tags on caltech101-dev under neutral file names: for every class, teach the tag with K examples
// (5, and separately 10), apply it to the whole library at the threshold the app chose itself, and measure
// precision, recall and F1 on the photos that were not examples. Mean over classes and the distribution.
//
//   npx tsx bench/learn-caltech.ts                 # the shipped recipe (LearnedTagTrainer), K = 5 and 10
//   npx tsx bench/learn-caltech.ts --compare       # every model x feature x threshold rule (the choice)
//   npx tsx bench/learn-caltech.ts --scale         # training and applying on 100,000 synthetic photos
//
// The library is indexed once by the real engine (bench/learn-data.ts) and cached under /tmp.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCatalogDb } from '../src/main/engine/catalog/database.js';
import { FeatureRepository } from '../src/main/engine/catalog/feature-repository.js';
import { FileRepository } from '../src/main/engine/catalog/file-repository.js';
import { BRANCHES, type RawFeatures } from '../src/main/engine/embedding/features.js';
import { fuse } from '../src/main/engine/embedding/fuse.js';
import { applyBranchBatch, l2normalise, prenormalise } from '../src/main/engine/embedding/whitening.js';
import { parseWhitening } from '../src/main/engine/embedding/whitening-file.js';
import { libraryWhiteningName } from '../src/main/engine/search/similarity-projection.js';
import { seededRandom } from '../src/main/engine/util/seeded-random.js';
import { MODEL_KINDS, scoreAll, type ModelKind } from '../src/main/engine/learn/models.js';
import { plattProbability } from '../src/main/engine/learn/calibration.js';
import { foldCount } from '../src/main/engine/learn/cross-validation.js';
import { dotRow, rowsOf, type Rows } from '../src/main/engine/learn/rows.js';
import { DEFAULT_TRAINER, trainTag, type TrainerOptions } from '../src/main/engine/learn/trainer.js';
import { bestThreshold, libraryCountThreshold, libraryTailThreshold, prf } from '../src/main/engine/learn/threshold.js';
import { BENCH_HOME, prepareBenchLibrary } from './learn-data.js';
import { MODELS_DIR } from './retrieval-data.js';

/** Run as a script (not imported by bench/learn-layers.ts, whose arguments are its own). */
const isMain = Boolean(process.argv[1]) && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
const { values: args } = parseArgs({
  args: isMain ? process.argv.slice(2) : [],
  options: {
    compare: { type: 'boolean' },
    scale: { type: 'boolean' },
    examples: { type: 'string', default: '5,10' },
    draws: { type: 'string', default: '1' },
    models: { type: 'string' },
    features: { type: 'string' },
    rules: { type: 'string' },
    negatives: { type: 'string', default: String(DEFAULT_TRAINER.randomNegatives) },
    final: { type: 'string' },
    drop: { type: 'string' },
    reliable: { type: 'string' },
    trule: { type: 'string' },
    beta: { type: 'string' },
    dump: { type: 'string' },
    photos: { type: 'string' },
  },
});

export interface Library {
  ids: number[];
  labels: string[];
  classes: string[];
  /** feature sets by name, built on first use (the DBA ones cost a library-wide neighbour search) */
  features: Record<string, () => Rows>;
}

async function loadLibrary(): Promise<Library> {
  const bench = await prepareBenchLibrary();
  const db = openCatalogDb(BENCH_HOME);
  const featureRepo = new FeatureRepository(db);
  const files = new FileRepository(db);
  const ids: number[] = [];
  const labels: string[] = [];
  const raws: RawFeatures[] = [];
  for (const { fileId, features } of featureRepo.all()) {
    if (!BRANCHES.every((b) => features[b])) continue;
    const p = files.byId(fileId)!.path;
    ids.push(fileId);
    labels.push(bench.labels.get(p)!);
    raws.push(features as RawFeatures);
  }
  // detector scores: the automatic tags the app stored (confidence >= its store floor), as an 80-d vector
  const tagRows = db.prepare("SELECT ft.file_id, t.name, ft.confidence FROM file_tags ft JOIN tags t ON t.id = ft.tag_id WHERE ft.source = 'auto'").all() as { file_id: number; name: string; confidence: number }[];
  const tagNames = [...new Set(tagRows.map((r) => r.name))].sort();
  const pos = new Map(ids.map((id, i) => [id, i]));
  const det = ids.map(() => new Float32Array(tagNames.length));
  for (const r of tagRows) {
    const i = pos.get(r.file_id);
    if (i !== undefined) det[i][tagNames.indexOf(r.name)] = r.confidence;
  }
  db.close();
  if (ids.length < bench.labels.size) {
    // a cache written by other code (e.g. rows under a branch's old name) would otherwise score every class 0
    throw new Error(`${BENCH_HOME} holds current features of both branches (${BRANCHES.join(', ')}) for ${ids.length} of ${bench.labels.size} photos: delete ${path.dirname(BENCH_HOME)} (or run with another TMPDIR) to index it again`);
  }
  const project = async (file: string) => {
    const w = parseWhitening(fs.readFileSync(file));
    const mobilenet = await applyBranchBatch(w.branches.mobilenet, raws.map((r) => r.mobilenet));
    const cn = await applyBranchBatch(w.branches.centernet, raws.map((r) => r.centernet));
    return raws.map((_, i) => fuse({ mobilenet: mobilenet[i], centernet: cn[i] }));
  };
  const pwDefault = await project(path.join(MODELS_DIR, 'whitening-default.bin'));
  const libraryFile = path.join(BENCH_HOME, 'index', libraryWhiteningName());
  const pwLibrary = fs.existsSync(libraryFile) ? await project(libraryFile) : pwDefault;
  // database-side augmentation as the similarity index stores it (each vector mixed with its 5 nearest)
  const dba = (vs: Float32Array[], k = 5) => {
    const x = rowsOf(vs);
    return vs.map((v, i) => {
      const sims = vs.map((_, j) => (j === i ? -Infinity : dotRow(x, j, v)));
      const top = sims.map((s, j) => [s, j] as const).sort((a, b) => b[0] - a[0]).slice(0, k);
      const out = Float32Array.from(v);
      for (const [s, j] of top) for (let d = 0; d < out.length; d++) out[d] += Math.max(0, s) * vs[j][d];
      return l2normalise(out);
    });
  };
  const raw = () => raws.map((r) => {
    const a = prenormalise(r.mobilenet);
    const b = prenormalise(r.centernet);
    const out = new Float32Array(a.length + b.length);
    out.set(a.map((v) => v * Math.SQRT1_2));
    out.set(b.map((v) => v * Math.SQRT1_2), a.length);
    return out;
  });
  const withDet = (vs: Float32Array[], weight: number) =>
    vs.map((v, i) => {
      const out = new Float32Array(v.length + tagNames.length);
      out.set(v);
      for (let j = 0; j < tagNames.length; j++) out[v.length + j] = det[i][j] * weight;
      return l2normalise(out);
    });
  return {
    ids,
    labels,
    classes: bench.classes,
    features: lazily({
      'pw-default': () => rowsOf(pwDefault),
      'pw-library': () => rowsOf(pwLibrary),
      'pw-library-dba': () => rowsOf(dba(pwLibrary)),
      'pw-default-dba': () => rowsOf(dba(pwDefault)),
      raw: () => rowsOf(raw()),
      'pw-default+det': () => rowsOf(withDet(pwDefault, 0.5)),
      'pw-library+det': () => rowsOf(withDet(pwLibrary, 0.5)),
    }),
  };
}

function lazily(build: Record<string, () => Rows>): Record<string, () => Rows> {
  const made = new Map<string, Rows>();
  return Object.fromEntries(Object.entries(build).map(([k, f]) => [k, () => made.get(k) ?? (made.set(k, f()), made.get(k)!)]));
}

type Rule = 'tail-b1' | 'tail-b0.5' | 'tail-or-half' | 'tail-and-half' | 'tail-b1-and-half' | 'app' | 'fb-opt' | 'count-f1' | 'count-f0.5' | 'half-f' | 'platt-0.5' | 'f1' | 'f0.5' | 'library-f1' | 'library-f0.5' | 'oracle-count' | 'hindsight';
const RULES: Rule[] = ['tail-b1', 'tail-b0.5', 'tail-or-half', 'tail-and-half', 'tail-b1-and-half', 'app', 'fb-opt', 'count-f1', 'count-f0.5', 'half-f', 'platt-0.5', 'f1', 'f0.5', 'library-f1', 'library-f0.5', 'oracle-count', 'hindsight'];

export interface Outcome {
  precision: number;
  recall: number;
  f1: number;
  cvF1: number;
  trainMs: number;
  /** photos the cut tags (examples left out) */
  tagged: number;
  /** app rule only: which estimate set the cut (the library tail or half the held-out F1) */
  decidedBy?: 'tail' | 'half' | 'held-out';
}

/** One class, one draw: teach with `examples`, apply to the library, score the non-examples. */
export function teach(lib: Library, x: Rows, cls: string, examples: number, seed: number, options: TrainerOptions, rules: Rule[]): Record<Rule, Outcome> {
  const rand = seededRandom(seed);
  const members = lib.labels.flatMap((l, i) => (l === cls ? [i] : []));
  for (let i = members.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [members[i], members[j]] = [members[j], members[i]];
  }
  const pos = members.slice(0, examples);
  const isExample = new Set(pos);
  const others = lib.ids.map((_, i) => i).filter((i) => !isExample.has(i));
  const t0 = performance.now();
  const trained = trainTag({ x, positives: pos, counterExamples: [] }, { ...options, seed });
  // in float64, as LearnService.apply compares them with the threshold (float32 would round the cut's own photo)
  const libMargins = trained.margins ?? scoreAll(trained.model, x);
  const libProbs = Float64Array.from(libMargins, (m) => plattProbability(trained.platt, m));
  const trainMs = performance.now() - t0;
  const { probs, positive } = trained.heldOut;
  if (args.dump) dumped.push({ cls, examples, margins: others.map((i) => libMargins[i]), truth: others.map((i) => lib.labels[i] === cls), platt: trained.platt, threshold: trained.threshold, heldOut: probs, positive });
  const out = {} as Record<Rule, Outcome>;
  for (const rule of rules) {
    let threshold: number;
    let cvF1: number;
    if (rule === 'oracle-count') {
      // knows how many photos carry the tag (not the app's to know): tags exactly that many from the top. The
      // ceiling of any rule that estimates the tag's share of the library, however well
      const truth = others.filter((i) => lib.labels[i] === cls).length;
      const sorted = others.map((i) => libProbs[i]).sort((a, b) => b - a);
      threshold = sorted[truth - 1];
      cvF1 = bestThreshold(probs, positive).f1;
    } else if (rule === 'hindsight') {
      // the best cut-off on the very photos measured: not something the app can know, only the ranking's ceiling
      const op = bestThreshold(others.map((i) => libProbs[i]), others.map((i) => lib.labels[i] === cls));
      threshold = op.threshold;
      cvF1 = op.f1;
    } else if (rule.startsWith('tail')) {
      // the library-tail cut on the final model's margins over the photos that are not examples, as the trainer
      // computes it (the same order as the calibrated scores, without their float32 ties at 1)
      const margins = libMargins;
      const cut = libraryTailThreshold(others.map((i) => margins[i]), rule === 'tail-b1' || rule === 'tail-b1-and-half' ? 1 : 0.5);
      const tail = Number.isFinite(cut) ? plattProbability(trained.platt, cut) : 1;
      const half = bestThreshold(probs, positive).f1 / 2;
      threshold = rule === 'tail-or-half' ? Math.min(tail, half) : rule.endsWith('and-half') ? Math.max(tail, half) : tail;
      cvF1 = bestThreshold(probs, positive).f1;
    } else if (rule === 'count-f1' || rule === 'count-f0.5') {
      const op = libraryCountThreshold(others.map((i) => libProbs[i]), probs, positive, rule === 'count-f1' ? 1 : 0.5);
      threshold = op.threshold;
      cvF1 = op.f1;
    } else if (rule === 'fb-opt') {
      // F-beta-optimal cut-off for calibrated scores, beta = 0.5 (precision first): F*_beta / (1 + beta^2)
      const op = bestThreshold(probs, positive, 0.5);
      const fb = op.precision + op.recall > 0 ? (1.25 * op.precision * op.recall) / (0.25 * op.precision + op.recall) : 0;
      threshold = fb / 1.25;
      cvF1 = op.f1;
    } else if (rule === 'half-f') {
      const op = bestThreshold(probs, positive);
      threshold = op.f1 / 2;
      cvF1 = op.f1;
    } else if (rule === 'app') {
      threshold = trained.threshold;
      cvF1 = trained.cv.f1;
    } else if (rule === 'platt-0.5') {
      threshold = 0.5;
      cvF1 = bestThreshold(probs, positive).f1;
    } else if (rule === 'f1' || rule === 'f0.5') {
      const op = bestThreshold(probs, positive, rule === 'f1' ? 1 : 0.5);
      threshold = op.threshold;
      cvF1 = op.f1;
    } else {
      // negatives are a sample of the library: each stands for (library size / sample size) photos
      const negs = positive.filter((p) => !p).length;
      const op = bestThreshold(probs, positive, rule === 'library-f1' ? 1 : 0.5, others.length / negs);
      threshold = op.threshold;
      cvF1 = op.f1;
    }
    let tp = 0, fp = 0, fn = 0;
    // under TAIL_MIN_PHOTOS the trainer computes no library margins and the held-out F-beta cut decides alone
    const halfCut = Math.min(0.99, Math.max(0.01, bestThreshold(probs, positive).f1 / 2));
    const decidedBy = rule !== 'app' ? undefined : trained.margins === null ? ('held-out' as const) : trained.threshold === halfCut ? ('half' as const) : ('tail' as const);
    for (const i of others) {
      const truth = lib.labels[i] === cls;
      const said = libProbs[i] >= threshold;
      if (truth && said) tp++;
      else if (said) fp++;
      else if (truth) fn++;
    }
    out[rule] = { ...prf(tp, fp, fn), cvF1, trainMs, tagged: tp + fp, decidedBy };
  }
  return out;
}

export function summarise(name: string, outcomes: Outcome[]): void {
  const mean = (f: (o: Outcome) => number) => outcomes.reduce((s, o) => s + f(o), 0) / outcomes.length;
  const f1s = outcomes.map((o) => o.f1).sort((a, b) => a - b);
  const q = (p: number) => f1s[Math.min(f1s.length - 1, Math.floor(p * f1s.length))];
  console.log(
    `${name.padEnd(44)} P ${mean((o) => o.precision).toFixed(3)}  R ${mean((o) => o.recall).toFixed(3)}  F1 ${mean((o) => o.f1).toFixed(3)}` +
      `  [p10 ${q(0.1).toFixed(2)} p25 ${q(0.25).toFixed(2)} med ${q(0.5).toFixed(2)} p75 ${q(0.75).toFixed(2)}; F1=0: ${f1s.filter((f) => f === 0).length}]` +
      `  cvF1 ${mean((o) => o.cvF1).toFixed(3)}  ${mean((o) => o.trainMs).toFixed(0)} ms`,
  );
}

/** Recipe variants by name: model kind, final model, positive-unlabelled guard. */
function variants(): Record<string, TrainerOptions> {
  const base: TrainerOptions = { ...DEFAULT_TRAINER, randomNegatives: Number(args.negatives) };
  const out: Record<string, TrainerOptions> = {};
  for (const kind of (args.models?.split(',') ?? MODEL_KINDS) as ModelKind[]) {
    for (const final of (args.final?.split(',') ?? ['refit']) as TrainerOptions['final'][]) {
      for (const drop of (args.drop?.split(',') ?? [String(base.dropLikely)]).map(Number)) {
        for (const reliable of (args.reliable?.split(',') ?? [String(base.reliableNegatives)]).map((v) => v === 'true')) {
          for (const rule of (args.trule?.split(',') ?? [base.rule]) as TrainerOptions['rule'][]) {
            for (const beta of (args.beta?.split(',') ?? [String(base.beta)]).map(Number)) {
              out[`${kind} ${final}${drop < 1 ? ` drop>${drop}` : ''}${reliable ? ' reliable' : ''} ${rule} b${beta}`] = { ...base, kind, final, dropLikely: drop, reliableNegatives: reliable, rule, beta };
            }
          }
        }
      }
    }
  }
  return out;
}

async function compare(): Promise<void> {
  const lib = await loadLibrary();
  const featureNames = args.features?.split(',') ?? Object.keys(lib.features);
  const rules = (args.rules?.split(',') ?? RULES) as Rule[];
  const draws = Number(args.draws);
  for (const k of args.examples!.split(',').map(Number)) {
    for (const feat of featureNames) {
      for (const [name, options] of Object.entries(variants())) {
        const per: Record<string, Outcome[]> = {};
        for (const cls of lib.classes) {
          for (let d = 0; d < draws; d++) {
            const r = teach(lib, lib.features[feat](), cls, k, 1000 * d + lib.classes.indexOf(cls) + 1, options, rules);
            for (const rule of rules) (per[rule] ??= []).push(r[rule]);
          }
        }
        for (const rule of rules) summarise(`K=${k} ${feat} ${name} ${rule}`, per[rule]);
      }
    }
  }
}

/** What the app trains on: the library's own whitening (the similarity index's fit; 1,200 photos are enough). */
const SHIPPED_FEATURES = 'pw-library';

/**
 * A smaller library around one class (`--photos N`): the class's photos and a seeded draw of the others, so the
 * tag is a larger share of the library (12 of 300 is 4%, of 1,200 1%), as a user's own tag often is. The vectors
 * keep the whole library's whitening.
 */
function smaller(lib: Library, cls: string, photos: number, seed: number): [Library, Rows] {
  const x = lib.features[SHIPPED_FEATURES]();
  const rand = seededRandom(10_000 + seed);
  const others = lib.labels.flatMap((l, i) => (l === cls ? [] : [i]));
  for (let i = others.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [others[i], others[j]] = [others[j], others[i]];
  }
  const keep = [...lib.labels.flatMap((l, i) => (l === cls ? [i] : [])), ...others.slice(0, Math.max(0, photos - 12))].sort((a, b) => a - b);
  const rows: Rows = { n: keep.length, dim: x.dim, data: new Float32Array(keep.length * x.dim) };
  keep.forEach((i, r) => rows.data.set(x.data.subarray(i * x.dim, (i + 1) * x.dim), r * x.dim));
  return [{ ...lib, ids: keep.map((i) => lib.ids[i]), labels: keep.map((i) => lib.labels[i]) }, rows];
}

/** The shipped recipe on the library's photos, K examples each class: the figures of docs/learned-tags.md. */
async function shipped(): Promise<void> {
  const lib = await loadLibrary();
  for (const k of args.examples!.split(',').map(Number)) {
    const app: Outcome[] = [];
    const hindsight: Outcome[] = [];
    const oracle: Outcome[] = [];
    for (const cls of lib.classes) {
      const seed = lib.classes.indexOf(cls) + 1;
      const [l, x] = args.photos ? smaller(lib, cls, Number(args.photos), seed) : [lib, lib.features[SHIPPED_FEATURES]()];
      const r = teach(l, x, cls, k, seed, DEFAULT_TRAINER, ['app', 'oracle-count', 'hindsight']);
      app.push(r.app);
      oracle.push(r['oracle-count']);
      hindsight.push(r.hindsight);
    }
    if (args.photos) console.log(`K=${k}: a library of ${args.photos} photos per class (the class's 12 and a random draw of the others)`);
    summarise(`K=${k} shipped (${DEFAULT_TRAINER.kind}, ${DEFAULT_TRAINER.rule}), app threshold`, app);
    summarise(`K=${k} same ranking, tag count known (oracle)`, oracle);
    summarise(`K=${k} same ranking, best cut in hindsight`, hindsight);
    // where the app's cut sits against the best one, and which estimate set it
    const halves = [0, 1].map((h) => app.filter((_, c) => c % 2 === h));
    console.log(`  F1 on the even / odd classes: ${halves.map((o) => (o.reduce((a, b) => a + b.f1, 0) / o.length).toFixed(3)).join(' / ')}`);
    for (const by of ['tail', 'half', 'held-out'] as const) {
      const c = app.map((o, i) => [o, hindsight[i]] as const).filter(([o]) => o.decidedBy === by);
      if (c.length === 0) continue;
      const fewer = c.filter(([o, h]) => o.tagged < h.tagged);
      const more = c.filter(([o, h]) => o.tagged > h.tagged);
      const loss = (g: typeof c) => (g.reduce((a, [o, h]) => a + h.f1 - o.f1, 0) / app.length).toFixed(3);
      console.log(`  cut set by ${by}: ${c.length} classes; tags fewer than the best cut in ${fewer.length} (F1 lost ${loss(fewer)}), more in ${more.length} (F1 lost ${loss(more)})`);
    }
  }
}

/** Training and applying on a 100,000-photo library of synthetic unit vectors (512 dims, 200 clusters). */
function scale(): void {
  const n = 100_000;
  const dim = 512;
  const rand = seededRandom(7);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: 200 }, () => l2normalise(Float32Array.from({ length: dim }, gauss)));
  const data = new Float32Array(n * dim);
  const cluster = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    cluster[i] = Math.floor(rand() * centres.length);
    const v = Float32Array.from(centres[cluster[i]], (c) => c + 0.08 * gauss());
    data.set(l2normalise(v), i * dim);
  }
  const x: Rows = { n, dim, data };
  const members = [...cluster.keys()].filter((i) => cluster[i] === 0);
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1000;
  };
  // what the app does per teach or per answer: train (CV, calibration, the library-tail cut over every photo), then
  // apply to every photo (the trainer's margins reused, as LearnService.apply does)
  const teachOnce = (positives: number[], counter: number[]) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const trained = trainTag({ x, positives, counterExamples: counter });
    const trainCpu = cpuMs(c0);
    const c1 = process.cpuUsage();
    const margins = trained.margins ?? scoreAll(trained.model, x);
    let tagged = 0;
    for (let i = 0; i < margins.length; i++) if (plattProbability(trained.platt, margins[i]) >= trained.threshold) tagged++;
    return { trainCpu, applyCpu: cpuMs(c1), wall: performance.now() - t0, tagged };
  };
  const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  for (const k of [5, 10, 50]) {
    const r = teachOnce(members.slice(0, k), []);
    console.log(`100,000 photos, teach with ${k} examples: train ${(r.trainCpu / 1000).toFixed(2)} s CPU (incl. ${foldCount(k)}-fold CV), apply ${(r.applyCpu / 1000).toFixed(2)} s CPU, wall ${(r.wall / 1000).toFixed(2)} s; tagged ${r.tagged} (cluster ${members.length}); load ${load()}`);
  }
  // "is this also Mimi?": each answer (here "no" on a photo of another cluster, a hard negative) retrains and re-applies
  const other = [...cluster.keys()].filter((i) => cluster[i] === 1);
  const answers: number[] = [];
  for (let a = 0; a < 5; a++) {
    const r = teachOnce(members.slice(0, 5), other.slice(0, a + 1));
    answers.push(r.trainCpu + r.applyCpu);
  }
  answers.sort((p, q) => p - q);
  console.log(`100,000 photos, one answer (retrain + re-apply), 5 answers: median ${(answers[2] / 1000).toFixed(2)} s CPU, max ${(answers[4] / 1000).toFixed(2)} s CPU; load ${load()} (2 shared cores)`);
}

const dumped: unknown[] = [];
if (isMain) {
  if (args.compare) await compare();
  else if (args.scale) scale();
  else await shipped();
  if (args.dump) fs.writeFileSync(args.dump, JSON.stringify(dumped));
}
