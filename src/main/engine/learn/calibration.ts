// Platt scaling: p = sigmoid(a * margin + b), fitted on cross-validated (held-out) margins so that a score of
// 0.9 means about nine in ten photos so scored carry the tag among the examples and negatives seen. Platt's
// smoothed targets ((N+ + 1) / (N+ + 2), 1 / (N- + 2)) keep a handful of examples from producing 0 and 1.

export interface Platt {
  a: number;
  b: number;
}

export function plattProbability(p: Platt, margin: number): number {
  return 1 / (1 + Math.exp(-(p.a * margin + p.b)));
}

/** Newton's method with backtracking on the weighted log-loss; `positive[i]` is the label of `margins[i]`. */
export function fitPlatt(margins: ArrayLike<number>, positive: ArrayLike<boolean>, weight?: ArrayLike<number>): Platt {
  const n = margins.length;
  let pw = 0;
  let nw = 0;
  for (let i = 0; i < n; i++) {
    if (positive[i]) pw += weight?.[i] ?? 1;
    else nw += weight?.[i] ?? 1;
  }
  const hi = (pw + 1) / (pw + 2);
  const lo = 1 / (nw + 2);
  const target = (i: number) => (positive[i] ? hi : lo);
  const loss = (a: number, b: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const f = a * margins[i] + b;
      const t = target(i);
      // log(1 + e^f) - t f, computed stably
      s += (weight?.[i] ?? 1) * ((f > 0 ? f + Math.log1p(Math.exp(-f)) : Math.log1p(Math.exp(f))) - t * f);
    }
    return s;
  };
  let a = 1;
  let b = Math.log((pw + 1) / (nw + 1));
  let current = loss(a, b);
  for (let it = 0; it < 100; it++) {
    let ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
    for (let i = 0; i < n; i++) {
      const w = weight?.[i] ?? 1;
      const m = margins[i];
      const p = 1 / (1 + Math.exp(-(a * m + b)));
      const d = w * (p - target(i));
      const h = w * p * (1 - p);
      ga += d * m;
      gb += d;
      haa += h * m * m;
      hab += h * m;
      hbb += h;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-18) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = loss(a - step * da, b - step * db);
    while (next > current && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > current) break;
    a -= step * da;
    b -= step * db;
    const gain = current - next;
    current = next;
    if (gain < 1e-10 * Math.max(1, Math.abs(current))) break;
  }
  return { a, b };
}
