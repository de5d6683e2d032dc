// PCA whitening of each branch's raw feature ("PW"): signed square root -> L2 -> subtract the mean ->
// project on the top-D principal directions -> divide each by sqrt(eigenvalue + s * mean eigenvalue)
// -> L2. Fitted without labels, so the app can fit it on the user's own library; until the library
// is large enough a shipped default (fitted on generic photos) is used. Stored features are the raw
// pooled outputs, so a new fit re-projects the whole library without running a model again.
import { BRANCHES, type Branch, type RawFeatures } from './features.js';
import { covariance, gram, topEigen, unitColumns, type Mat } from './linalg.js';
import { matmul } from './onnx-matmul.js';

export interface WhiteningParams {
  /** output dimensions D (reduced automatically when there are too few samples) */
  dims: number;
  /** regulariser s: eigenvalues are floored softly by s * (mean eigenvalue over all dimensions) */
  shrink: number;
}

/**
 * Chosen on caltech101-dev (bench/retrieval-explore.ts pw): s in 3..10 and D in 128..512 are a
 * plateau for both branches; mobilenet s=1 is ~0.01 lower in PW mAP but ~0.005 better after DBA + QE.
 */
export const DEFAULT_PARAMS: Readonly<Record<Branch, WhiteningParams>> = {
  mobilenet: { dims: 256, shrink: 1 },
  centernet: { dims: 256, shrink: 3 },
};

export interface BranchWhitening {
  /** raw input dimensions */
  dim: number;
  /** output dimensions actually used */
  outDim: number;
  shrink: number;
  sampleCount: number;
  /** trace of the covariance / dim: the unit of the regulariser */
  meanEigenvalue: number;
  mean: Float32Array;
  /** outDim x dim, row-major; row i is eigenvector i / sqrt(eigenvalue i + shrink * meanEigenvalue) */
  projection: Float32Array;
  eigenvalues: Float32Array;
}

export type WhiteningSource = 'default' | 'library';

export interface Whitening {
  source: WhiteningSource;
  /** ISO time of the fit */
  fittedAt: string;
  /** photos (or augmented views) the fit saw */
  sampleCount: number;
  branches: Record<Branch, BranchWhitening>;
}

/**
 * The most principal directions a fit on n samples keeps: only n - 1 exist after centring. Keeping
 * all of them is safe because the regulariser (s * mean eigenvalue) bounds how much a tiny trailing
 * eigenvalue is amplified; the notes' collapse (mAP 0.015) came from full-dimension whitening with
 * fewer images than dims and no such floor. Measured on caltech101-dev subsets (fusion, no QE):
 * n=150: D<=0.25n 0.303 / 0.505, D<=0.5n 0.333 / 0.558, D<=n 0.344 / 0.590 (mAP / P@1).
 */
export function maxDimsFor(sampleCount: number, dimsPerSample = DIMS_PER_SAMPLE): number {
  return Math.max(1, Math.floor((sampleCount - 1) * dimsPerSample));
}
export const DIMS_PER_SAMPLE = 1;

/** Signed square root then L2 (the "power normalisation" that tames bursty channels). */
export function prenormalise(raw: Float32Array): Float32Array {
  const out = new Float32Array(raw.length);
  prenormaliseInto(raw, out);
  return out;
}

/**
 * prenormalise written into `out` (a batch's row: no array of its own a photo); returns the norm it divided by (not
 * finite and positive: the raw vector makes no vector, and `out` holds its roots undivided).
 */
function prenormaliseInto(raw: Float32Array, out: Float32Array): number {
  let norm = 0;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    const s = v < 0 ? -Math.sqrt(-v) : Math.sqrt(v);
    out[i] = s;
    norm += s * s;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < raw.length; i++) out[i] /= norm;
  return norm;
}

export function l2normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}

/** Fits one branch. Needs at least 2 samples. */
export async function fitBranch(
  samples: readonly Float32Array[],
  params: WhiteningParams,
  dimsPerSample = DIMS_PER_SAMPLE,
): Promise<BranchWhitening> {
  const n = samples.length;
  if (n < 2) throw new Error(`whitening needs at least 2 samples, got ${n}`);
  const dim = samples[0].length;
  const x: Mat = { rows: n, cols: dim, data: new Float32Array(n * dim) };
  const mean = new Float64Array(dim);
  samples.forEach((s, r) => {
    if (s.length !== dim) throw new Error(`sample ${r} has ${s.length} dims, expected ${dim}`);
    const p = prenormalise(s);
    x.data.set(p, r * dim);
    for (let j = 0; j < dim; j++) mean[j] += p[j] / n;
  });
  let total = 0;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < dim; j++) {
      const v = x.data[r * dim + j] - mean[j];
      x.data[r * dim + j] = v;
      total += v * v;
    }
  }
  const meanEigenvalue = total / n / dim;
  const outDim = Math.min(params.dims, dim, maxDimsFor(n, dimsPerSample));

  // Directions from the smaller of the covariance (dim x dim) and the Gram matrix (n x n).
  let values: Float64Array;
  let vectors: Float64Array[];
  if (n < dim) {
    const eig = await topEigen(await gram(x), outDim);
    values = eig.values;
    // a Gram eigenvector u maps to the covariance eigenvector X^T u / sqrt(n * lambda)
    const u: Mat = { rows: n, cols: outDim, data: new Float32Array(n * outDim) };
    eig.vectors.forEach((v, c) => v.forEach((val, r) => (u.data[r * outDim + c] = val)));
    const xt: Mat = { rows: dim, cols: n, data: new Float32Array(dim * n) };
    for (let r = 0; r < n; r++) for (let j = 0; j < dim; j++) xt.data[j * n + r] = x.data[r * dim + j];
    vectors = unitColumns(await matmul(xt, u));
  } else {
    ({ values, vectors } = await topEigen(await covariance(x), outDim));
  }

  const projection = new Float32Array(outDim * dim);
  const floor = params.shrink * meanEigenvalue;
  vectors.forEach((v, i) => {
    const scale = 1 / Math.sqrt(values[i] + floor + 1e-12);
    for (let j = 0; j < dim; j++) projection[i * dim + j] = v[j] * scale;
  });
  return {
    dim,
    outDim,
    shrink: params.shrink,
    sampleCount: n,
    meanEigenvalue,
    mean: Float32Array.from(mean),
    projection,
    eigenvalues: Float32Array.from(values),
  };
}

export async function fitWhitening(
  samples: readonly RawFeatures[],
  source: WhiteningSource,
  params: Readonly<Record<Branch, WhiteningParams>> = DEFAULT_PARAMS,
): Promise<Whitening> {
  const branches = {} as Record<Branch, BranchWhitening>;
  for (const b of BRANCHES) branches[b] = await fitBranch(samples.map((s) => s[b]), params[b]);
  return { source, fittedAt: new Date().toISOString(), sampleCount: samples.length, branches };
}

/** One raw vector -> its whitened, L2-normalised outDim vector (plain JS: for queries and new photos). */
export function applyBranch(w: BranchWhitening, raw: Float32Array): Float32Array {
  if (raw.length !== w.dim) throw new Error(`raw feature has ${raw.length} dims, whitening expects ${w.dim}`);
  const p = prenormalise(raw);
  for (let j = 0; j < w.dim; j++) p[j] -= w.mean[j];
  const out = new Float32Array(w.outDim);
  for (let i = 0; i < w.outDim; i++) {
    let s = 0;
    const off = i * w.dim;
    for (let j = 0; j < w.dim; j++) s += w.projection[off + j] * p[j];
    out[i] = s;
  }
  return l2normalise(out);
}

/** projection^T (dim x outDim) of each whitening, made once: transposing it cost as much as the product itself for a
 *  batch of 200 photos, and the duplicate finder projects a whole library in such batches. */
const transposed = new WeakMap<BranchWhitening, Mat>();
function transposedProjection(w: BranchWhitening): Mat {
  let pt = transposed.get(w);
  if (!pt) {
    pt = { rows: w.dim, cols: w.outDim, data: new Float32Array(w.dim * w.outDim) };
    for (let i = 0; i < w.outDim; i++) for (let j = 0; j < w.dim; j++) pt.data[j * w.outDim + i] = w.projection[i * w.dim + j];
    transposed.set(w, pt);
  }
  return pt;
}

/**
 * Many raw vectors at once through onnxruntime (re-projecting a whole library after a new fit). `unusable`, when
 * given, gets 1 for each raw vector that cannot make one (a value not finite, or all zero: its norm is not finite and
 * positive), whose output is then meaningless; the others' are as without it.
 */
export async function applyBranchBatch(w: BranchWhitening, raws: readonly Float32Array[], unusable?: Uint8Array): Promise<Float32Array[]> {
  if (raws.length === 0) return [];
  const n = raws.length;
  const { dim, mean } = w;
  const data = new Float32Array(n * dim);
  // prenormalise(raw) - mean written into the batch's row in place, one plain loop a row instead of a new array a
  // photo and a closure (a grouping projects a whole library in such batches)
  for (let r = 0; r < n; r++) {
    const raw = raws[r];
    if (raw.length !== dim) throw new Error(`raw feature has ${raw.length} dims, whitening expects ${dim}`);
    const row = data.subarray(r * dim, (r + 1) * dim);
    const norm = prenormaliseInto(raw, row);
    if (unusable && !(norm > 0 && norm < Infinity)) unusable[r] = 1;
    for (let j = 0; j < dim; j++) row[j] -= mean[j];
  }
  // (on one thread: a batch's product takes milliseconds, and a second thread cost as much CPU again, mostly waiting)
  const y = await matmul({ rows: n, cols: dim, data }, transposedProjection(w), 1);
  return Array.from({ length: n }, (_, r) => l2normalise(y.data.slice(r * w.outDim, (r + 1) * w.outDim)));
}

export function applyWhitening(w: Whitening, raw: RawFeatures): Record<Branch, Float32Array> {
  const out = {} as Record<Branch, Float32Array>;
  for (const b of BRANCHES) out[b] = applyBranch(w.branches[b], raw[b]);
  return out;
}
