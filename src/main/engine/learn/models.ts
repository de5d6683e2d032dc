// The four kinds of classifier compared on caltech101-dev (bench/learn-caltech.ts): L2-regularised logistic
// regression, a linear SVM (squared hinge, dual coordinate descent as in LIBLINEAR), a one-hidden-layer MLP and a
// nearest-neighbour margin. Hand-written: each is a few dozen lines over at most a few thousand rows of 512 floats,
// and a general library (ml-matrix) would only add copies. Every model scores a row with a raw margin; calibration
// (calibration.ts) turns margins into probabilities.
import { seededRandom } from '../util/seeded-random.js';
import { addRow, dotRow, type Rows, type TrainingSet } from './rows.js';

export type ModelKind = 'logistic' | 'svm' | 'mlp' | 'knn';
export const MODEL_KINDS: readonly ModelKind[] = ['logistic', 'svm', 'mlp', 'knn'];

export interface LinearModel {
  kind: 'logistic' | 'svm';
  w: Float32Array;
  b: number;
}

export interface MlpModel {
  kind: 'mlp';
  hidden: number;
  /** hidden x dim */
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: number;
}

export interface KnnModel {
  kind: 'knn';
  k: number;
  positives: Rows;
  negatives: Rows;
}

export type ScoringModel = LinearModel | MlpModel | KnnModel;

export interface TrainOptions {
  /** L2 strength (logistic, mlp) or 1/C (svm) */
  lambda?: number;
  seed?: number;
}

export function train(kind: ModelKind, set: TrainingSet, options: TrainOptions = {}): ScoringModel {
  switch (kind) {
    case 'logistic':
      return trainLogistic(set, options.lambda ?? DEFAULT_LAMBDA.logistic);
    case 'svm':
      return trainSvm(set, options.lambda ?? DEFAULT_LAMBDA.svm, options.seed ?? 1);
    case 'mlp':
      return trainMlp(set, options.lambda ?? DEFAULT_LAMBDA.mlp, options.seed ?? 1);
    case 'knn':
      return trainKnn(set);
  }
}

export const DEFAULT_LAMBDA: Readonly<Record<ModelKind, number>> = { logistic: 1e-3, svm: 1e-2, mlp: 1e-3, knn: 0 };

export function score(model: ScoringModel, x: Rows, i: number): number {
  switch (model.kind) {
    case 'logistic':
    case 'svm':
      return dotRow(x, i, model.w) + model.b;
    case 'mlp': {
      let s = model.b2;
      for (let h = 0; h < model.hidden; h++) {
        const a = dotHidden(model.w1, h, x, i) + model.b1[h];
        if (a > 0) s += a * model.w2[h];
      }
      return s;
    }
    case 'knn':
      return topMean(model.positives, x, i, model.k) - topMean(model.negatives, x, i, model.k);
  }
}

/** Scores every row of `x` (a linear model over 100,000 x 512 floats is one pass of 51 M multiply-adds). */
export function scoreAll(model: ScoringModel, x: Rows): Float32Array {
  const out = new Float32Array(x.n);
  for (let i = 0; i < x.n; i++) out[i] = score(model, x, i);
  return out;
}

function dotHidden(w1: Float32Array, h: number, x: Rows, i: number): number {
  const off = h * x.dim;
  const xo = i * x.dim;
  let s = 0;
  for (let j = 0; j < x.dim; j++) s += w1[off + j] * x.data[xo + j];
  return s;
}

/** Mean of the k largest cosines between row i of x and the rows of `ref`. */
function topMean(ref: Rows, x: Rows, i: number, k: number): number {
  if (ref.n === 0) return 0;
  const best: number[] = [];
  const xo = i * x.dim;
  for (let r = 0; r < ref.n; r++) {
    const ro = r * ref.dim;
    let s = 0;
    for (let j = 0; j < ref.dim; j++) s += ref.data[ro + j] * x.data[xo + j];
    if (best.length < k) {
      best.push(s);
      best.sort((a, b) => b - a);
    } else if (s > best[k - 1]) {
      best[k - 1] = s;
      best.sort((a, b) => b - a);
    }
  }
  return best.reduce((a, b) => a + b, 0) / best.length;
}

/**
 * Weighted L2-regularised logistic regression, minimised by Nesterov-accelerated gradient descent with the step
 * 1/L from the loss's Lipschitz bound (rows are unit vectors, plus a bias column): convex, so no tuning of rates,
 * and warm from zero it converges in a couple of hundred cheap passes.
 */
export function trainLogistic(set: TrainingSet, lambda: number, iterations = 200): LinearModel {
  const { x, rows, y, weight } = set;
  const d = x.dim;
  const total = weight.reduce((a, b) => a + b, 0) || 1;
  let maxNorm = 0;
  for (const r of rows) maxNorm = Math.max(maxNorm, dotRow(x, r, x.data.subarray(r * d, (r + 1) * d)));
  const step = 1 / (0.25 * (maxNorm + 1) + lambda);
  // parameters: w[0..d-1], w[d] = bias
  let w = new Float64Array(d + 1);
  let prev = new Float64Array(d + 1);
  const v = new Float64Array(d + 1);
  const grad = new Float64Array(d + 1);
  for (let t = 1; t <= iterations; t++) {
    const mom = (t - 1) / (t + 2);
    for (let j = 0; j <= d; j++) v[j] = w[j] + mom * (w[j] - prev[j]);
    grad.fill(0);
    for (let k = 0; k < rows.length; k++) {
      const m = y[k] * (dotRow(x, rows[k], v) + v[d]);
      // d/dm log(1 + e^-m) = -1 / (1 + e^m)
      const g = (-y[k] * weight[k]) / (total * (1 + Math.exp(m)));
      addRow(grad, x, rows[k], g);
      grad[d] += g;
    }
    for (let j = 0; j < d; j++) grad[j] += lambda * v[j];
    const next = prev;
    for (let j = 0; j <= d; j++) next[j] = v[j] - step * grad[j];
    prev = w;
    w = next;
  }
  return { kind: 'logistic', w: Float32Array.from(w.subarray(0, d)), b: w[d] };
}

/**
 * Linear SVM with the squared hinge loss and per-sample costs C_i = weight_i / (lambda * n), solved in the dual by
 * coordinate descent (Hsieh et al. 2008, LIBLINEAR's default solver); the bias is an extra constant feature.
 */
export function trainSvm(set: TrainingSet, lambda: number, seed: number, epochs = 60): LinearModel {
  const { x, rows, y, weight } = set;
  const d = x.dim;
  const n = rows.length;
  const meanWeight = weight.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const w = new Float64Array(d + 1);
  const alpha = new Float64Array(n);
  const diag = Float64Array.from(weight, (wt) => (lambda * n * meanWeight) / (2 * wt));
  const qii = Float64Array.from(rows, (r, k) => dotRow(x, r, x.data.subarray(r * d, (r + 1) * d)) + 1 + diag[k]);
  const order = Array.from({ length: n }, (_, k) => k);
  const rand = seededRandom(seed);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let k = n - 1; k > 0; k--) {
      const j = Math.floor(rand() * (k + 1));
      [order[k], order[j]] = [order[j], order[k]];
    }
    let maxChange = 0;
    for (const k of order) {
      const r = rows[k];
      const g = y[k] * (dotRow(x, r, w) + w[d]) - 1 + diag[k] * alpha[k];
      const pg = alpha[k] === 0 ? Math.min(g, 0) : g;
      if (pg === 0) continue;
      const old = alpha[k];
      alpha[k] = Math.max(0, old - g / qii[k]);
      const delta = (alpha[k] - old) * y[k];
      if (delta !== 0) {
        addRow(w, x, r, delta);
        w[d] += delta;
        maxChange = Math.max(maxChange, Math.abs(pg));
      }
    }
    if (maxChange < 1e-3) break;
  }
  return { kind: 'svm', w: Float32Array.from(w.subarray(0, d)), b: w[d] };
}

/** One hidden ReLU layer, weighted logistic loss, weight decay, full-batch Adam. */
export function trainMlp(set: TrainingSet, lambda: number, seed: number, hidden = 32, epochs = 120, rate = 0.01): MlpModel {
  const { x, rows, y, weight } = set;
  const d = x.dim;
  const n = rows.length;
  const total = weight.reduce((a, b) => a + b, 0) || 1;
  const rand = seededRandom(seed);
  const scale = Math.sqrt(2 / d);
  const params = new Float64Array(hidden * d + hidden + hidden + 1);
  for (let i = 0; i < hidden * d; i++) params[i] = (rand() * 2 - 1) * scale * Math.sqrt(3);
  for (let h = 0; h < hidden; h++) params[hidden * d + hidden + h] = (rand() * 2 - 1) / Math.sqrt(hidden);
  const W2 = hidden * d + hidden;
  const B2 = W2 + hidden;
  const m1 = new Float64Array(params.length);
  const m2 = new Float64Array(params.length);
  const grad = new Float64Array(params.length);
  const act = new Float64Array(hidden);
  for (let t = 1; t <= epochs; t++) {
    grad.fill(0);
    for (let k = 0; k < n; k++) {
      const r = rows[k];
      const xo = r * d;
      let out = params[B2];
      for (let h = 0; h < hidden; h++) {
        let a = params[hidden * d + h];
        const wo = h * d;
        for (let j = 0; j < d; j++) a += params[wo + j] * x.data[xo + j];
        act[h] = a > 0 ? a : 0;
        out += act[h] * params[W2 + h];
      }
      const g = (-y[k] * weight[k]) / (total * (1 + Math.exp(y[k] * out)));
      grad[B2] += g;
      for (let h = 0; h < hidden; h++) {
        if (act[h] <= 0) continue;
        grad[W2 + h] += g * act[h];
        const gh = g * params[W2 + h];
        grad[hidden * d + h] += gh;
        const wo = h * d;
        for (let j = 0; j < d; j++) grad[wo + j] += gh * x.data[xo + j];
      }
    }
    for (let i = 0; i < B2; i++) grad[i] += lambda * params[i];
    const b1c = 1 - 0.9 ** t;
    const b2c = 1 - 0.999 ** t;
    for (let i = 0; i < params.length; i++) {
      m1[i] = 0.9 * m1[i] + 0.1 * grad[i];
      m2[i] = 0.999 * m2[i] + 0.001 * grad[i] * grad[i];
      params[i] -= (rate * (m1[i] / b1c)) / (Math.sqrt(m2[i] / b2c) + 1e-8);
    }
  }
  return {
    kind: 'mlp',
    hidden,
    w1: Float32Array.from(params.subarray(0, hidden * d)),
    b1: Float32Array.from(params.subarray(hidden * d, hidden * d + hidden)),
    w2: Float32Array.from(params.subarray(W2, B2)),
    b2: params[B2],
  };
}

/** Nearest-neighbour margin: mean cosine to the k most similar positives minus the same for negatives. */
export function trainKnn(set: TrainingSet, k = 3): KnnModel {
  const pick = (sign: number): Rows => {
    const idx = [...set.rows].filter((_, i) => set.y[i] === sign);
    const data = new Float32Array(idx.length * set.x.dim);
    idx.forEach((r, i) => data.set(set.x.data.subarray(r * set.x.dim, (r + 1) * set.x.dim), i * set.x.dim));
    return { n: idx.length, dim: set.x.dim, data };
  };
  return { kind: 'knn', k, positives: pick(1), negatives: pick(-1) };
}
