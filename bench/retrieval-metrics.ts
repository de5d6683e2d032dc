// Retrieval metrics over a labelled set where every item queries all the others: mean average
// precision over the FULL ranking (AP = mean over the relevant items of the precision at their rank),
// precision at 1 and at 10. Also matrix versions of DBA and alpha-QE for fast parameter sweeps (the
// engine-facing versions in src/main/engine/embedding/query-expansion.ts are checked against these).
import { matmul, transpose, type Mat } from '../src/main/engine/embedding/onnx-matmul.js';

export interface Scores {
  mAP: number;
  p1: number;
  p10: number;
}

export function toMat(vectors: readonly Float32Array[]): Mat {
  const d = vectors[0].length;
  const data = new Float32Array(vectors.length * d);
  vectors.forEach((v, i) => data.set(v, i * d));
  return { rows: vectors.length, cols: d, data };
}

export function normaliseRows(m: Mat): Mat {
  for (let r = 0; r < m.rows; r++) {
    let s = 0;
    for (let j = 0; j < m.cols; j++) s += m.data[r * m.cols + j] ** 2;
    s = Math.sqrt(s) || 1;
    for (let j = 0; j < m.cols; j++) m.data[r * m.cols + j] /= s;
  }
  return m;
}

/** queries (q x d) against database (n x d): q x n cosine scores (rows must be unit length). */
export async function similarities(queries: Mat, db: Mat): Promise<Mat> {
  return matmul(queries, transpose(db));
}

/**
 * Scores of a q x n similarity matrix where query i is database item i (excluded from its ranking).
 * Only the ranks of the relevant items matter for AP, P@1 and P@10, so instead of sorting each row we
 * count, for each relevant item, the items scored above it (its 1-based rank in the full ranking).
 */
export function scoreMatrix(sim: Mat, labels: readonly number[]): Scores {
  const n = sim.cols;
  let ap = 0;
  let p1 = 0;
  let p10 = 0;
  for (let q = 0; q < sim.rows; q++) {
    const row = sim.data.subarray(q * n, (q + 1) * n);
    const ranks: number[] = [];
    for (let r = 0; r < n; r++) {
      if (r === q || labels[r] !== labels[q]) continue;
      const s = row[r];
      let above = 0;
      // ties are broken by index, as a stable sort would
      for (let j = 0; j < n; j++) if (j !== q && (row[j] > s || (row[j] === s && j < r))) above++;
      ranks.push(above + 1);
    }
    if (ranks.length === 0) continue;
    ranks.sort((a, b) => a - b);
    ap += ranks.reduce((sum, rank, i) => sum + (i + 1) / rank, 0) / ranks.length;
    if (ranks[0] === 1) p1++;
    p10 += ranks.filter((r) => r <= 10).length / 10;
  }
  return { mAP: ap / sim.rows, p1: p1 / sim.rows, p10: p10 / sim.rows };
}

/** Rows of `base` replaced by base_i + sum over the top-k rows of sim_i (self excluded) of score^alpha * row, L2-normalised. */
export function expandRows(base: Mat, sim: Mat, k: number, alpha: number, selfIndexed: boolean): Mat {
  const d = base.cols;
  const n = sim.cols;
  const out = new Float32Array(sim.rows * d);
  for (let q = 0; q < sim.rows; q++) {
    const row = sim.data.subarray(q * n, (q + 1) * n);
    // partial top-k by selection (k is small)
    const top: number[] = [];
    for (let j = 0; j < n; j++) {
      if (selfIndexed && j === q) continue;
      if (top.length < k) {
        top.push(j);
        top.sort((a, b) => row[b] - row[a]);
      } else if (row[j] > row[top[k - 1]]) {
        top[k - 1] = j;
        top.sort((a, b) => row[b] - row[a]);
      }
    }
    const o = out.subarray(q * d, (q + 1) * d);
    o.set(base.data.subarray(q * d, (q + 1) * d));
    for (const j of top) {
      const w = Math.pow(Math.max(0, row[j]), alpha);
      for (let t = 0; t < d; t++) o[t] += w * base.data[j * d + t];
    }
  }
  return normaliseRows({ rows: sim.rows, cols: d, data: out });
}

export interface PostParams {
  dba?: { k: number; alpha: number };
  qe?: { k: number; alpha: number };
}

/** Full evaluation: optional DBA of the database, then optional alpha-QE of every query. */
export async function evaluate(vectors: readonly Float32Array[], labels: readonly number[], post: PostParams = {}): Promise<Scores> {
  let db = normaliseRows(toMat(vectors));
  if (post.dba && post.dba.k > 0) db = expandRows(db, await similarities(db, db), post.dba.k, post.dba.alpha, true);
  // queries are database items, so after DBA a query is its own augmented vector
  let sim = await similarities(db, db);
  if (post.qe && post.qe.k > 0) {
    const q = expandRows(db, sim, post.qe.k, post.qe.alpha, true);
    sim = await similarities(q, db);
  }
  return scoreMatrix(sim, labels);
}

export const fmt = (s: Scores): string => `${s.mAP.toFixed(3)} / ${s.p1.toFixed(3)} / ${s.p10.toFixed(3)}`;
