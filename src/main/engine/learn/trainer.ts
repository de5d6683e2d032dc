// Teaching one tag: the examples (positives), the user's counter-examples and negatives drawn from the library
// become a training set; k-fold cross-validation gives held-out scores, which calibrate the model (Platt) and
// choose its threshold; a final model trained on everything is then applied to the whole library. The recipe's
// choices (model kind, negatives, threshold rule) were measured on caltech101-dev: bench/learn-caltech.ts and
// docs/learned-tags.md.
import { seededRandom } from '../util/seeded-random.js';
import { fitPlatt, plattProbability, type Platt } from './calibration.js';
import { assignFolds, crossValidatedMargins, foldCount } from './cross-validation.js';
import { score, scoreAll, train, type LinearModel, type ModelKind, type ScoringModel } from './models.js';
import { balancedWeights, dotRow, type Rows, type TrainingSet } from './rows.js';
import { bestThreshold, libraryTailThreshold, operatingPoint } from './threshold.js';

export interface TrainerOptions {
  kind: ModelKind;
  /** random negatives drawn from the library (besides every counter-example) */
  randomNegatives: number;
  /** F-beta the threshold maximises over held-out scores (beta < 1 favours precision) */
  beta: number;
  seed: number;
  /**
   * The model applied to the library: one refitted on all samples, or the mean of the cross-validation folds'
   * models (linear kinds only), whose scores are exactly what the calibration and the threshold were fitted on.
   */
  final: 'refit' | 'fold-mean';
  /**
   * Positive-unlabelled guard: random library photos that a first model scores above this calibrated
   * probability are left out of the negatives (they may well be unlabelled examples of the tag). 1 = off.
   */
  dropLikely: number;
  /** self-training rounds: the most confident unlabelled photos join as (down-weighted) examples */
  pseudo: number;
  /**
   * Reliable negatives: leave out of the random negatives every photo closer (cosine) to its nearest example than
   * the examples typically are to each other (the median of their nearest-example cosines): such a photo is as
   * likely an unlabelled example as a negative. Decisive in small libraries, where the random negatives are
   * nearly the whole library, the other photos of the tag included.
   */
  reliableNegatives: boolean;
  /**
   * The threshold rule: best F-beta or half the best F1 over the held-out scores, or (library-tail) the higher of
   * half the best F1 and the cut read off the whole library's ranked scores (threshold.ts: libraryTailThreshold,
   * F-beta at `beta`).
   */
  rule: 'f-beta' | 'half-f1' | 'library-tail';
}

export const DEFAULT_TRAINER: TrainerOptions = { kind: 'svm', randomNegatives: 400, beta: 0.5, seed: 1, final: 'refit', dropLikely: 0.5, pseudo: 0, reliableNegatives: true, rule: 'library-tail' };

/** The library-tail rule needs a band of ordinary photos to fit (threshold.ts); smaller libraries use half-F1. */
export const TAIL_MIN_PHOTOS = 200;

/** Below this many examples the figures are too coarse to trust (shown with a warning). */
export const FEW_EXAMPLES = 10;
export const MIN_EXAMPLES = 3;

export interface TrainedTag {
  model: ScoringModel;
  platt: Platt;
  /** on the calibrated score */
  threshold: number;
  cv: { precision: number; recall: number; f1: number };
  positives: number;
  negatives: number;
  /** held-out calibrated scores and labels of the training samples (what the threshold was chosen on) */
  heldOut: { probs: number[]; positive: boolean[] };
  /** the final model's margin on every row of the input (computed for the library-tail rule; applying reuses it) */
  margins: Float32Array | null;
}

export interface TrainInput {
  /** the library's vectors */
  x: Rows;
  /** row indices of the examples */
  positives: readonly number[];
  /** row indices of the user's counter-examples (always negatives) */
  counterExamples: readonly number[];
}

/** Trains, cross-validates, calibrates and picks the threshold. Deterministic for a given input and seed. */
export function trainTag(input: TrainInput, options: TrainerOptions = DEFAULT_TRAINER): TrainedTag {
  const { x, positives, counterExamples } = input;
  const taken = new Set<number>([...positives, ...counterExamples]);
  const rand = seededRandom(options.seed);
  // random negatives: a partial Fisher-Yates over the rows nobody labelled
  // random negatives: a partial Fisher-Yates over the rows nobody labelled, skipping (when asked) rows that look
  // like an example; only the rows drawn are checked, so a 100,000-photo library costs what 400 do
  const bar = options.reliableNegatives ? nearBar(x, positives) : Infinity;
  const pool: number[] = [];
  for (let i = 0; i < x.n; i++) if (!taken.has(i)) pool.push(i);
  const want = Math.min(options.randomNegatives, pool.length);
  let kept = 0;
  for (let i = 0; i < pool.length && kept < want; i++) {
    const j = i + Math.floor(rand() * (pool.length - i));
    const candidate = pool[j];
    pool[j] = pool[i];
    if (bar !== Infinity && positives.some((p) => cosine(x, candidate, p) >= bar)) continue;
    pool[kept++] = candidate;
  }
  let random = pool.slice(0, kept);
  let fitted = fit(x, positives, counterExamples, random, options);
  if (options.dropLikely < 1) {
    const likely = new Set(random.filter((_, k) => fitted.probs[positives.length + counterExamples.length + k] >= options.dropLikely));
    if (likely.size > 0) {
      random = random.filter((r) => !likely.has(r));
      fitted = fit(x, positives, counterExamples, random, options);
    }
  }
  const { probs, positive, platt, model } = fitted;
  const chosen = bestThreshold(probs, positive, options.beta);
  // For calibrated probabilities the F1-optimal cut-off is half the best F1 (Lipton et al. 2014): steadier than
  // the arg-max over a handful of held-out examples. Measured in bench/learn-caltech.ts (half-f).
  const halfF1 = bestThreshold(probs, positive, 1).f1 / 2;
  let raw = options.rule === 'half-f1' ? halfF1 : chosen.threshold;
  let margins: Float32Array | null = null;
  if (options.rule === 'library-tail' && x.n - taken.size >= TAIL_MIN_PHOTOS) {
    margins = scoreAll(model, x);
    const cut = libraryTailThreshold(margins.filter((_, i) => !taken.has(i)), options.beta);
    // Precision first: a photo is tagged only when both say so, the library's ranking (its tail cut) and the
    // held-out examples (half their best F1). Measured against either alone in bench/learn-caltech.ts --compare
    // (tail-and-half): the highest precision, and the only rule whose F1 does not drop from 5 to 10 examples.
    // Platt maps margins monotonically only when its slope is positive; otherwise (or when nothing stands out in
    // the library) the held-out rule alone.
    raw = Number.isFinite(cut) && platt.a > 0 ? Math.max(plattProbability(platt, cut), halfF1) : halfF1;
  }
  const threshold = Math.min(0.99, Math.max(0.01, raw));
  const cv = operatingPoint(probs, positive, threshold);
  return {
    model,
    platt,
    threshold,
    cv: { precision: cv.precision, recall: cv.recall, f1: cv.f1 },
    positives: positives.length,
    negatives: counterExamples.length + random.length,
    heldOut: { probs, positive },
    margins,
  };
}

function fit(x: Rows, positives: readonly number[], counter: readonly number[], random: readonly number[], options: TrainerOptions) {
  const negatives = [...counter, ...random];
  const y = Int8Array.from([...positives.map(() => 1), ...negatives.map(() => -1)]);
  // a counter-example counts more than a random photo: the user said so
  const extra = Float64Array.from(y, (v, i) => (v < 0 && i - positives.length < counter.length ? 3 : 1));
  const set: TrainingSet = { x, rows: Int32Array.from([...positives, ...negatives]), y, weight: balancedWeights(y, extra) };
  const folds = assignFolds(y, foldCount(positives.length), options.seed);
  const { margins, models } = crossValidatedMargins(options.kind, set, folds);
  const positive = Array.from(y, (v) => v > 0);
  const platt = fitPlatt(margins, positive);
  const probs = Array.from(margins, (m) => plattProbability(platt, m));
  const model = options.final === 'fold-mean' && options.kind !== 'mlp' && options.kind !== 'knn' ? meanLinear(models as LinearModel[]) : train(options.kind, set);
  return { probs, positive, platt, model };
}

/** The median over the examples of the cosine to their nearest other example: a row at least this close to some
 *  example is as likely an unlabelled example as a negative. */
function nearBar(x: Rows, positives: readonly number[]): number {
  if (positives.length < 2) return Infinity;
  const nearestOther = positives.map((p) => Math.max(...positives.filter((q) => q !== p).map((q) => cosine(x, p, q))));
  nearestOther.sort((a, b) => a - b);
  return nearestOther[Math.floor(nearestOther.length / 2)];
}

function cosine(x: Rows, a: number, b: number): number {
  return dotRow(x, a, x.data.subarray(b * x.dim, (b + 1) * x.dim));
}

function meanLinear(models: readonly LinearModel[]): LinearModel {
  const w = new Float32Array(models[0].w.length);
  let b = 0;
  for (const m of models) {
    for (let j = 0; j < w.length; j++) w[j] += m.w[j] / models.length;
    b += m.b / models.length;
  }
  return { kind: models[0].kind, w, b };
}

/** Calibrated score of every row. */
export function probabilities(t: Pick<TrainedTag, 'model' | 'platt'>, x: Rows): Float32Array {
  const margins = scoreAll(t.model, x);
  for (let i = 0; i < margins.length; i++) margins[i] = plattProbability(t.platt, margins[i]);
  return margins;
}

export function probability(t: Pick<TrainedTag, 'model' | 'platt'>, x: Rows, i: number): number {
  return plattProbability(t.platt, score(t.model, x, i));
}
