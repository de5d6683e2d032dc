// k-fold cross-validation over a tag's examples and negatives: every sample is scored by a model that did not
// see it. The held-out margins serve three purposes: the precision / recall / F1 shown with the tag, the Platt
// calibration (calibration.ts) and the choice of threshold (threshold.ts), none of which may use a score a model
// made on its own training data.
import { seededRandom } from '../util/seeded-random.js';
import { score, train, type ModelKind, type ScoringModel, type TrainOptions } from './models.js';
import { subset, type TrainingSet } from './rows.js';

/** Stratified fold of each sample: positives and negatives dealt out round-robin in a seeded random order. */
export function assignFolds(y: Int8Array, folds: number, seed = 1): Int32Array {
  const rand = seededRandom(seed);
  const out = new Int32Array(y.length);
  for (const sign of [1, -1]) {
    const idx = [...y.keys()].filter((i) => y[i] === sign);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    idx.forEach((i, k) => (out[i] = k % folds));
  }
  return out;
}

/** The number of folds: 5, or one per positive when there are fewer (leave-one-out over the examples). */
export function foldCount(positives: number): number {
  return Math.max(2, Math.min(5, positives));
}

/** Held-out margin of every sample of `set`, and the fold models that made them. */
export function crossValidatedMargins(
  kind: ModelKind,
  set: TrainingSet,
  folds: Int32Array,
  options: TrainOptions = {},
): { margins: Float64Array; models: ScoringModel[] } {
  const k = Math.max(...folds) + 1;
  const out = new Float64Array(set.rows.length);
  const models: ScoringModel[] = [];
  for (let f = 0; f < k; f++) {
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    folds.forEach((fold, i) => (fold === f ? testIdx : trainIdx).push(i));
    const model = train(kind, subset(set, trainIdx), options);
    models.push(model);
    for (const i of testIdx) out[i] = score(model, set.x, set.rows[i]);
  }
  return { margins: out, models };
}
