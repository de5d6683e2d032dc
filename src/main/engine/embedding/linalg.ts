// Linear algebra for fitting the whitening: covariance / Gram matrices and the top eigenpairs of a
// symmetric PSD matrix. The heavy products go through onnxruntime (onnx-matmul.ts); ml-matrix's full
// EVD of a 1344 x 1344 covariance takes ~27 s in V8, but only the top few hundred eigenpairs are
// needed, so a randomised subspace iteration (Halko et al. 2011) plus a small Rayleigh-Ritz step
// gets them in about a second.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { matmul, transpose, type Mat } from './onnx-matmul.js';
import { seededRandom } from '../util/seeded-random.js';

export type { Mat } from './onnx-matmul.js';

/** X^T X / n for the n x d row-major X: d x d. */
export async function covariance(x: Mat): Promise<Mat> {
  const c = await matmul(transpose(x), x);
  for (let i = 0; i < c.data.length; i++) c.data[i] /= x.rows;
  return symmetrise(c);
}

/** X X^T / n for the n x d row-major X: n x n (cheaper than the covariance when n < d). */
export async function gram(x: Mat): Promise<Mat> {
  const g = await matmul(x, transpose(x));
  for (let i = 0; i < g.data.length; i++) g.data[i] /= x.rows;
  return symmetrise(g);
}

function symmetrise(a: Mat): Mat {
  const m = a.rows;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const v = (a.data[i * m + j] + a.data[j * m + i]) / 2;
      a.data[i * m + j] = v;
      a.data[j * m + i] = v;
    }
  }
  return a;
}

export interface EigenPairs {
  /** descending, >= 0 */
  values: Float64Array;
  /** vectors[i]: unit eigenvector of values[i] */
  vectors: Float64Array[];
}

export { seededRandom };

function fullEigen(a: Mat, k: number): EigenPairs {
  const rows: number[][] = [];
  for (let i = 0; i < a.rows; i++) rows.push(Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const vals = evd.realEigenvalues;
  const vecs = evd.eigenvectorMatrix;
  const order = vals.map((_, i) => i).sort((i, j) => vals[j] - vals[i]).slice(0, k);
  return {
    values: Float64Array.from(order, (i) => Math.max(0, vals[i])),
    vectors: order.map((i) => Float64Array.from(vecs.getColumn(i))),
  };
}

/** Modified Gram-Schmidt on the columns of the m x w row-major `z` (float64, in JS): the robust fallback. */
function mgs(z: Mat, rand: () => number): Mat {
  const { rows: m, cols: w } = z;
  const cols = Array.from({ length: w }, (_, c) => Float64Array.from({ length: m }, (_, r) => z.data[r * w + c]));
  for (let c = 0; c < w; c++) {
    const v = cols[c];
    for (let attempt = 0; attempt < 3; attempt++) {
      for (let pass = 0; pass < 2; pass++) {
        for (let p = 0; p < c; p++) {
          const u = cols[p];
          let dot = 0;
          for (let i = 0; i < m; i++) dot += u[i] * v[i];
          for (let i = 0; i < m; i++) v[i] -= dot * u[i];
        }
      }
      let norm = 0;
      for (let i = 0; i < m; i++) norm += v[i] * v[i];
      norm = Math.sqrt(norm);
      if (norm > 1e-6) {
        for (let i = 0; i < m; i++) v[i] /= norm;
        break;
      }
      // the column lay in the span of the previous ones (a rank-deficient matrix): replace it
      for (let i = 0; i < m; i++) v[i] = rand() - 0.5;
    }
  }
  const out = new Float32Array(m * w);
  for (let c = 0; c < w; c++) for (let r = 0; r < m; r++) out[r * w + c] = cols[c][r];
  return { rows: m, cols: w, data: out };
}

/** Upper-triangular R^-1 with R^T R = G (Cholesky), or null when G is not safely positive definite. */
function choleskyInverse(g: Mat): Float64Array | null {
  const w = g.rows;
  const l = new Float64Array(w * w); // lower, G = L L^T
  let maxDiag = 0;
  for (let i = 0; i < w; i++) maxDiag = Math.max(maxDiag, g.data[i * w + i]);
  for (let j = 0; j < w; j++) {
    let s = g.data[j * w + j];
    for (let k = 0; k < j; k++) s -= l[j * w + k] * l[j * w + k];
    if (!(s > maxDiag * 1e-10)) return null;
    const d = Math.sqrt(s);
    l[j * w + j] = d;
    for (let i = j + 1; i < w; i++) {
      let t = g.data[i * w + j];
      for (let k = 0; k < j; k++) t -= l[i * w + k] * l[j * w + k];
      l[i * w + j] = t / d;
    }
  }
  // invert L (lower) by forward substitution; R^-1 = (L^T)^-1 = (L^-1)^T
  const inv = new Float64Array(w * w);
  for (let c = 0; c < w; c++) {
    for (let i = c; i < w; i++) {
      let s = i === c ? 1 : 0;
      for (let k = c; k < i; k++) s -= l[i * w + k] * inv[k * w + c];
      inv[i * w + c] = s / l[i * w + i];
    }
  }
  const rInv = new Float64Array(w * w);
  for (let i = 0; i < w; i++) for (let j = 0; j < w; j++) rInv[i * w + j] = inv[j * w + i];
  return rInv;
}

/** Orthonormal basis of the columns of z: CholeskyQR2 through onnxruntime, MGS when that is unstable. */
async function orthonormalise(z: Mat, rand: () => number): Promise<Mat> {
  let q = z;
  for (let pass = 0; pass < 2; pass++) {
    const g = await matmul(transpose(q), q);
    const rInv = choleskyInverse(g);
    if (!rInv) return mgs(q, rand);
    q = await matmul(q, { rows: g.rows, cols: g.rows, data: Float32Array.from(rInv) });
  }
  return q;
}

/**
 * The top-k eigenpairs of the symmetric PSD matrix `a`. Exact (ml-matrix) for small matrices;
 * above, a randomised subspace iteration with `oversample` extra columns and `iterations` power steps.
 */
export async function topEigen(
  a: Mat,
  k: number,
  opts: { iterations?: number; oversample?: number; seed?: number } = {},
): Promise<EigenPairs> {
  const m = a.rows;
  k = Math.min(k, m);
  const w = Math.min(m, k + (opts.oversample ?? 32));
  if (m <= 300 || w >= m * 0.6) return fullEigen(a, k);
  const rand = seededRandom(opts.seed ?? 1);
  let q = await orthonormalise({ rows: m, cols: w, data: Float32Array.from({ length: m * w }, () => rand() - 0.5) }, rand);
  for (let it = 0; it < (opts.iterations ?? 8); it++) q = await orthonormalise(await matmul(a, q), rand);
  // Rayleigh-Ritz: eigenpairs of Q^T A Q, lifted back by Q
  const t = symmetrise(await matmul(transpose(q), await matmul(a, q)));
  const small = fullEigen(t, k);
  const wMat: Mat = { rows: w, cols: k, data: new Float32Array(w * k) };
  small.vectors.forEach((v, c) => v.forEach((x, r) => (wMat.data[r * k + c] = x)));
  const vectors = unitColumns(await matmul(q, wMat));
  return { values: small.values, vectors };
}

/** The columns of `m` as unit-length vectors (a zero column stays zero). */
export function unitColumns(m: Mat): Float64Array[] {
  return Array.from({ length: m.cols }, (_, c) => {
    const v = new Float64Array(m.rows);
    let norm = 0;
    for (let r = 0; r < m.rows; r++) {
      v[r] = m.data[r * m.cols + c];
      norm += v[r] * v[r];
    }
    norm = Math.sqrt(norm) || 1;
    for (let r = 0; r < m.rows; r++) v[r] /= norm;
    return v;
  });
}
