// The confidence Loupe shows for a face's person ("Is this Anna? 87 %", `loupe faces --json`): an estimate of the
// chance that the person is right, not the descriptor's raw similarity. dlib's cosines lie near 1 for nearly every
// pair (0.86-0.99), so a raw 0.91 reads as "sure" while on faces-dev a best match under 0.93 is almost always a
// stranger. One logistic of the similarity (the mean of the face's 3 closest cosines to the person's faces, as
// grouping and suggestions rank them) maps it to a probability; being monotone it keeps every order and every cut
// made on the similarity (SUGGEST_MIN, the joining rule) as it was.

/** p = 1 / (1 + exp(-(intercept + slope * similarity))). Fitted by `fitConfidence` on faces-dev's faces (copied under
 *  neutral names, each face against every labelled person but itself, best person: right or wrong), checked on two
 *  other sets; `npx tsx bench/faces-confidence.ts` prints the fit and the reliability tables (docs/faces.md). */
export const FACE_CONFIDENCE = { intercept: -183.9, slope: 197.8 } as const;

/** The most an estimate from a few hundred faces can claim (faces-dev: 191 of 191 right above 0.945): 1 stays the
 *  user's own decisions. */
export const MAX_FACE_CONFIDENCE = 0.99;

/** The similarity at which the shown confidence is `p` (the logistic's inverse), to cut on the similarity by a chance. */
export function similarityAtConfidence(p: number, params: { intercept: number; slope: number } = FACE_CONFIDENCE): number {
  return (Math.log(p / (1 - p)) - params.intercept) / params.slope;
}

/** The chance that a face is the person it is `similarity` close to (the top-3 mean cosine), 0..0.99, to 3 places. */
export function faceConfidence(similarity: number, params: { intercept: number; slope: number } = FACE_CONFIDENCE): number {
  const p = 1 / (1 + Math.exp(-(params.intercept + params.slope * similarity)));
  return Math.round(Math.min(MAX_FACE_CONFIDENCE, p) * 1000) / 1000;
}

/**
 * Platt scaling: the logistic of maximum likelihood for (similarity, right) pairs, with Platt's targets
 * ((right + 1) / (right + 2) for the right ones, 1 / (wrong + 2) for the wrong ones) instead of 1 and 0, so that
 * a set the similarity separates perfectly still gives a finite slope (a step fitted to one folder would not
 * generalise). Newton's method on a centred, scaled similarity.
 */
export function fitConfidence(pairs: readonly { similarity: number; right: boolean }[]): { intercept: number; slope: number } {
  const positives = pairs.filter((p) => p.right).length;
  const negatives = pairs.length - positives;
  if (positives === 0 || negatives === 0) throw new Error('fitting a confidence needs right and wrong matches');
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  const mean = pairs.reduce((s, p) => s + p.similarity, 0) / pairs.length;
  const scale = 100;
  let a = 0;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    // gradient and Hessian of the negative log-likelihood in (a, b) over x = (s - mean) * scale
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (const p of pairs) {
      const x = (p.similarity - mean) * scale;
      const q = 1 / (1 + Math.exp(-(a + b * x)));
      const d = q - (p.right ? hi : lo);
      const w = Math.max(q * (1 - q), 1e-12);
      ga += d; gb += d * x;
      haa += w; hab += w * x; hbb += w * x * x;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 1e-18)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  // back to the raw similarity: a + b * (s - mean) * scale
  return { intercept: a - b * scale * mean, slope: b * scale };
}
