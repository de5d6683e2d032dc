import { describe, expect, it } from 'vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { covariance, seededRandom, topEigen } from '../../../../src/main/engine/embedding/linalg.js';
import {
  applyBranch,
  applyBranchBatch,
  applyWhitening,
  fitBranch,
  fitWhitening,
  l2normalise,
  maxDimsFor,
  prenormalise,
  type BranchWhitening,
} from '../../../../src/main/engine/embedding/whitening.js';
import { parseWhitening, serialiseWhitening } from '../../../../src/main/engine/embedding/whitening-file.js';
import { matmul } from '../../../../src/main/engine/embedding/onnx-matmul.js';

/** Gaussian-ish samples (sum of uniforms) with a strongly decaying, correlated spectrum and an offset. */
function synthetic(n: number, d: number, seed: number): Float32Array[] {
  const rand = seededRandom(seed);
  const gauss = (): number => rand() + rand() + rand() + rand() - 2;
  // a random mixing matrix makes the channels correlated: the fit must find the rotation
  const mix = Array.from({ length: d }, () => Float64Array.from({ length: d }, () => gauss()));
  return Array.from({ length: n }, () => {
    const z = Float64Array.from({ length: d }, (_, j) => gauss() * Math.pow(j + 1, -0.8));
    const x = new Float32Array(d);
    for (let i = 0; i < d; i++) {
      let s = 5; // a positive offset, like pooled post-ReLU activations
      for (let j = 0; j < d; j++) s += mix[i][j] * z[j];
      x[i] = s;
    }
    return x;
  });
}

/** Projected (pre-L2) training data: the quantity whose covariance whitening controls. */
function projected(w: BranchWhitening, raw: Float32Array): Float64Array {
  const p = prenormalise(raw);
  const out = new Float64Array(w.outDim);
  for (let i = 0; i < w.outDim; i++) {
    let s = 0;
    for (let j = 0; j < w.dim; j++) s += w.projection[i * w.dim + j] * (p[j] - w.mean[j]);
    out[i] = s;
  }
  return out;
}

function covarianceOf(rows: Float64Array[]): number[][] {
  const k = rows[0].length;
  const mean = new Float64Array(k);
  for (const r of rows) for (let i = 0; i < k; i++) mean[i] += r[i] / rows.length;
  const c = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const r of rows) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) c[i][j] += ((r[i] - mean[i]) * (r[j] - mean[j])) / rows.length;
  return c;
}

describe('whitening fit', () => {
  it('decorrelates the training data: its projected covariance is the identity shrunk by the regulariser', async () => {
    const samples = synthetic(600, 40, 1);
    const w = await fitBranch(samples, { dims: 12, shrink: 0.5 });
    expect(w.outDim).toBe(12);
    const c = covarianceOf(samples.map((s) => projected(w, s)));
    for (let i = 0; i < 12; i++) {
      // diagonal = lambda / (lambda + s * mean eigenvalue): strictly between 0 and 1, larger for larger lambda
      const expected = w.eigenvalues[i] / (w.eigenvalues[i] + 0.5 * w.meanEigenvalue);
      expect(c[i][i]).toBeCloseTo(expected, 3);
      for (let j = 0; j < 12; j++) if (j !== i) expect(Math.abs(c[i][j])).toBeLessThan(1e-3);
    }
    // with (almost) no regulariser the projection is a true whitening
    const w0 = await fitBranch(samples, { dims: 12, shrink: 1e-9 });
    const c0 = covarianceOf(samples.map((s) => projected(w0, s)));
    for (let i = 0; i < 12; i++) expect(c0[i][i]).toBeCloseTo(1, 3);
  });

  it('finds the same leading eigenpairs as a full decomposition on the randomised path', async () => {
    const d = 320; // above the size where topEigen switches to subspace iteration
    const samples = synthetic(400, d, 2);
    const x = { rows: samples.length, cols: d, data: new Float32Array(samples.length * d) };
    samples.forEach((s, r) => {
      const p = prenormalise(s);
      x.data.set(p, r * d);
    });
    const mean = new Float64Array(d);
    for (let r = 0; r < x.rows; r++) for (let j = 0; j < d; j++) mean[j] += x.data[r * d + j] / x.rows;
    for (let r = 0; r < x.rows; r++) for (let j = 0; j < d; j++) x.data[r * d + j] -= mean[j];
    const c = await covariance(x);
    const fast = await topEigen(c, 20);
    const rows: number[][] = [];
    for (let i = 0; i < d; i++) rows.push(Array.from(c.data.subarray(i * d, (i + 1) * d)));
    const exact = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true }).realEigenvalues.sort((a, b) => b - a);
    for (let i = 0; i < 20; i++) expect(fast.values[i]).toBeCloseTo(exact[i], 5);
  });

  it('never collapses with fewer samples than dimensions: fewer dims, finite, distinct unit vectors', async () => {
    const samples = synthetic(10, 300, 3);
    const w = await fitBranch(samples, { dims: 256, shrink: 1 });
    expect(w.outDim).toBe(maxDimsFor(10));
    expect(w.outDim).toBeLessThan(10);
    const out = samples.map((s) => applyBranch(w, s));
    for (const v of out) {
      expect(v.every(Number.isFinite)).toBe(true);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    const cos = out[0].reduce((s, v, i) => s + v * out[1][i], 0);
    expect(cos).toBeLessThan(0.99);
  });

  it('batch application (onnxruntime) equals single application (JS)', async () => {
    const samples = synthetic(200, 60, 4);
    const w = await fitBranch(samples, { dims: 16, shrink: 1 });
    const batch = await applyBranchBatch(w, samples.slice(0, 5));
    samples.slice(0, 5).forEach((s, i) => {
      const single = applyBranch(w, s);
      single.forEach((v, j) => expect(batch[i][j]).toBeCloseTo(v, 5));
    });
  });

  it('batch application gives, to the bit, what prenormalise, the mean and one product give (its in-place loop)', async () => {
    const samples = synthetic(120, 40, 9);
    // signs, zeros and an all-zero row: every branch of the signed root and of the norm
    samples[3] = samples[3].map((v, i) => (i % 3 === 0 ? -v : i % 5 === 0 ? 0 : v));
    samples[4] = new Float32Array(40);
    const w = await fitBranch(samples, { dims: 12, shrink: 1 });
    const raws = samples.slice(0, 30);
    const x = new Float32Array(raws.length * w.dim);
    raws.forEach((raw, r) => {
      const p = prenormalise(raw);
      for (let j = 0; j < w.dim; j++) x[r * w.dim + j] = p[j] - w.mean[j];
    });
    const pt = new Float32Array(w.dim * w.outDim);
    for (let i = 0; i < w.outDim; i++) for (let j = 0; j < w.dim; j++) pt[j * w.outDim + i] = w.projection[i * w.dim + j];
    const y = await matmul({ rows: raws.length, cols: w.dim, data: x }, { rows: w.dim, cols: w.outDim, data: pt });
    const expected = raws.map((_, r) => l2normalise(y.data.slice(r * w.outDim, (r + 1) * w.outDim)));
    const batch = await applyBranchBatch(w, raws);
    batch.forEach((v, r) => expect(Array.from(v)).toEqual(Array.from(expected[r])));
  });
});

describe('whitening file', () => {
  it('round-trips: a loaded whitening projects exactly like the fitted one', async () => {
    const mobilenet = synthetic(80, 48, 5);
    const centernet = synthetic(80, 24, 6);
    const w = await fitWhitening(mobilenet.map((v, i) => ({ mobilenet: v, centernet: centernet[i] })), 'library', {
      mobilenet: { dims: 16, shrink: 1 },
      centernet: { dims: 8, shrink: 3 },
    });
    const buf = serialiseWhitening(w, 'test');
    const back = parseWhitening(buf);
    expect(back.source).toBe('library');
    expect(back.note).toBe('test');
    expect(back.branches.centernet.outDim).toBe(8);
    const probe = { mobilenet: synthetic(1, 48, 7)[0], centernet: synthetic(1, 24, 8)[0] };
    const a = applyWhitening(w, probe);
    const b = applyWhitening(back, probe);
    expect(Array.from(b.mobilenet)).toEqual(Array.from(a.mobilenet));
    expect(Array.from(b.centernet)).toEqual(Array.from(a.centernet));
  });

  it('rejects a truncated or foreign file', async () => {
    const s = synthetic(30, 20, 9);
    const w = await fitWhitening(s.map((v) => ({ mobilenet: v, centernet: v })), 'default', {
      mobilenet: { dims: 4, shrink: 1 },
      centernet: { dims: 4, shrink: 1 },
    });
    const buf = serialiseWhitening(w);
    expect(() => parseWhitening(buf.subarray(0, buf.length - 8))).toThrow(/truncated/);
    expect(() => parseWhitening(Buffer.from('not a whitening file'))).toThrow(/not a Loupe whitening/);
  });
});
