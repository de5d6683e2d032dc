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

/** The share of the library, by rank from the top, on which the null tail is fitted (above: where the tag is). */
export const TAIL_FIT = { from: 0.02, to: 0.1 } as const;

/**
 * The cut-off chosen from the library's own scores, no labels needed: the unlabelled photos' scores, ranked,
 * hold the tag's photos at the top and everything else below. The upper tail of the "everything else" scores is
 * close to exponential, so the number of ordinary photos scoring above t is estimated by a straight line through
 * log(rank) against score, fitted on ranks 2%..10% of the library (photos the tag is not about, unless the tag is
 * on more than 2% of the library, and then the cut only errs towards precision). At each candidate cut above the
 * fitted band, the photos it tags N(t) less the expected ordinary ones FP(t) estimate the true ones TP(t); the
 * tag's size is the most TP reaches; the cut maximises the estimated F-beta. Measured on caltech101-dev
 * (bench/learn-caltech.ts --compare): it keeps most of the ranking's hindsight F1 at both 5 and 10 examples,
 * where a cut from a handful of held-out examples (their prior is not the library's) fell apart at 10.
 * `scores`: the unlabelled photos' scores (any monotone scale); returns the cut midway between the last photo it
 * takes and the first it leaves (the same photos pass it), or Infinity when nothing stands out.
 */
export function libraryTailThreshold(scores: ArrayLike<number>, beta = 1): number {
  const u = Float64Array.from(scores).sort().reverse();
  const n = u.length;
  const a = Math.max(3, Math.floor(TAIL_FIT.from * n));
  const b = Math.min(n, Math.max(a + 8, Math.floor(TAIL_FIT.to * n)));
  if (b - a < 3) return Infinity;
  // least squares of log(rank) on score over the band
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let r = a; r < b; r++) {
    const yv = Math.log(r + 1);
    sx += u[r];
    sy += yv;
    sxx += u[r] * u[r];
    sxy += u[r] * yv;
  }
  const m = b - a;
  const varX = sxx - (sx * sx) / m;
  if (!(varX > 1e-18)) return Infinity;
  const slope = (sxy - (sx * sy) / m) / varX;
  const icpt = (sy - slope * sx) / m;
  const tp = new Float64Array(a);
  let size = 0;
  for (let k = 0; k < a; k++) {
    const fp = Math.min(k + 1, Math.exp(icpt + slope * u[k]));
    tp[k] = Math.max(0, k + 1 - fp);
    size = Math.max(size, tp[k]);
  }
  const b2 = beta * beta;
  let best = 0;
  let cut = Infinity;
  for (let k = 0; k < a; k++) {
    if (k + 1 < a && u[k + 1] === u[k]) continue;
    const f = ((1 + b2) * tp[k]) / (k + 1 + b2 * size);
    if (f > best) {
      best = f;
      // Midway between the last photo in and the first one out: any cut in that gap tags the same photos, and its
      // top edge (the last photo's own score) was the most extreme. Trial 32: one motorbike left untaught scored
      // 0.999, the cut sat there, and the held-out figures at it said recall 0.18 for a tag on all 12 motorbikes.
      cut = (u[k] + u[k + 1]) / 2;
    }
  }
  return cut;
}
