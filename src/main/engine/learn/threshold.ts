// Precision, recall and F1 of a cut-off over held-out scores, and the cut-off the app chooses for a tag.

export interface OperatingPoint {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}

export function prf(tp: number, fp: number, fn: number): { precision: number; recall: number; f1: number } {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/** The figures of one cut-off over labelled scores (negatives may carry a weight: how many photos each stands for). */
export function operatingPoint(scores: ArrayLike<number>, positive: ArrayLike<boolean>, threshold: number, negWeight = 1): OperatingPoint {
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const said = scores[i] >= threshold;
    if (positive[i]) {
      if (said) tp++;
      else fn++;
    } else if (said) fp += negWeight;
  }
  return { threshold, ...prf(tp, fp, fn) };
}

/**
 * The cut-off with the best F-beta over held-out scores (beta < 1 weighs precision more: a wrong tag annoys more
 * than a missing one). Candidates lie midway between consecutive distinct scores; ties go to the higher cut-off.
 */
export function bestThreshold(scores: ArrayLike<number>, positive: ArrayLike<boolean>, beta = 1, negWeight = 1): OperatingPoint {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let pos = 0;
  for (let i = 0; i < scores.length; i++) if (positive[i]) pos++;
  let tp = 0, fp = 0;
  let best: OperatingPoint = { threshold: Infinity, precision: 0, recall: 0, f1: 0 };
  let bestF = -1;
  const b2 = beta * beta;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (positive[i]) tp++;
    else fp += negWeight;
    const next = k + 1 < order.length ? scores[order[k + 1]] : -Infinity;
    if (next === scores[i]) continue;
    const p = tp / (tp + fp);
    const r = pos ? tp / pos : 0;
    const f = p + r > 0 ? ((1 + b2) * p * r) / (b2 * p + r) : 0;
    if (f > bestF) {
      bestF = f;
      const threshold = Number.isFinite(next) ? (scores[i] + next) / 2 : scores[i];
      best = { threshold, ...prf(tp, fp, pos - tp) };
    }
  }
  return best;
}

/**
 * The cut-off chosen with the library itself: at each candidate t, the final model marks N(t) unlabelled library
 * photos (known exactly); the held-out random negatives say what fraction of ordinary photos pass t, so about
 * FPR(t) * U of the N(t) are wrong; the held-out examples give the recall R(t). Precision is estimated as
 * (N(t) - FPR(t) U) / N(t), and the cut-off maximises the estimated F-beta. `library`: calibrated scores of the
 * unlabelled photos; `heldOut`/`positive`: held-out scores of the training samples (negatives = random photos).
 */
export function libraryCountThreshold(
  library: readonly number[],
  heldOut: readonly number[],
  positive: readonly boolean[],
  beta = 1,
): OperatingPoint {
  const lib = [...library].sort((a, b) => b - a);
  const negs = heldOut.filter((_, i) => !positive[i]).sort((a, b) => b - a);
  const poss = heldOut.filter((_, i) => positive[i]).sort((a, b) => b - a);
  const above = (sorted: number[], t: number) => {
    let lo = 0, hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] >= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const b2 = beta * beta;
  let best: OperatingPoint = { threshold: 0.5, precision: 0, recall: 0, f1: 0 };
  let bestF = -1;
  for (let step = 1; step < 100; step++) {
    const t = step / 100;
    const n = above(lib, t);
    if (n === 0) continue;
    const fp = (above(negs, t) / Math.max(1, negs.length)) * lib.length;
    const precision = Math.max(0, n - fp) / n;
    const recall = poss.length ? above(poss, t) / poss.length : 0;
    const f = precision + recall > 0 ? ((1 + b2) * precision * recall) / (b2 * precision + recall) : 0;
    if (f > bestF + 1e-9) {
      bestF = f;
      best = { threshold: t, precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
    }
  }
  return best;
}
