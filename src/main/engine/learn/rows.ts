// A dense row-major float32 matrix of photo vectors (one row per photo), and the few kernels the learners need.
// Training sets are index lists into one library matrix, so no vector is copied per fold or per retrain.

export interface Rows {
  n: number;
  dim: number;
  data: Float32Array;
}

export function rowsOf(vectors: readonly Float32Array[], dim = vectors[0]?.length ?? 0): Rows {
  const data = new Float32Array(vectors.length * dim);
  vectors.forEach((v, i) => {
    if (v.length !== dim) throw new Error(`row ${i} has ${v.length} dims, expected ${dim}`);
    data.set(v, i * dim);
  });
  return { n: vectors.length, dim, data };
}

export function dotRow(x: Rows, i: number, w: ArrayLike<number>): number {
  const off = i * x.dim;
  const d = x.data;
  let s = 0;
  for (let j = 0; j < x.dim; j++) s += d[off + j] * w[j];
  return s;
}

/** w += a * x_i */
export function addRow(w: Float64Array | Float32Array, x: Rows, i: number, a: number): void {
  const off = i * x.dim;
  const d = x.data;
  for (let j = 0; j < x.dim; j++) w[j] += a * d[off + j];
}

/** A labelled training set: rows of `x` with label +1 / -1 and a sample weight. */
export interface TrainingSet {
  x: Rows;
  rows: Int32Array;
  /** +1 or -1 */
  y: Int8Array;
  weight: Float64Array;
}

/** Per-sample weights that give both classes the same total (few positives against many negatives). */
export function balancedWeights(y: Int8Array, extra?: Float64Array): Float64Array {
  let pos = 0;
  let neg = 0;
  y.forEach((v, i) => (v > 0 ? (pos += extra?.[i] ?? 1) : (neg += extra?.[i] ?? 1)));
  const n = y.length;
  return Float64Array.from(y, (v, i) => ((extra?.[i] ?? 1) * n) / (2 * (v > 0 ? Math.max(pos, 1e-9) : Math.max(neg, 1e-9))));
}

export function subset(set: TrainingSet, keep: readonly number[]): TrainingSet {
  return {
    x: set.x,
    rows: Int32Array.from(keep, (k) => set.rows[k]),
    y: Int8Array.from(keep, (k) => set.y[k]),
    weight: Float64Array.from(keep, (k) => set.weight[k]),
  };
}
