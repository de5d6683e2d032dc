// Re-deriving a fitted whitening for another D and s without refitting (parameter sweeps).
import type { BranchWhitening } from '../src/main/engine/embedding/whitening.js';

/** A fit's D and s changed without refitting: keep the first `dims` rows and rescale them. */
export function derive(w: BranchWhitening, dims: number, shrink: number): BranchWhitening {
  const outDim = Math.min(dims, w.outDim);
  const projection = w.projection.slice(0, outDim * w.dim);
  for (let i = 0; i < outDim; i++) {
    const f = Math.sqrt((w.eigenvalues[i] + w.shrink * w.meanEigenvalue + 1e-12) / (w.eigenvalues[i] + shrink * w.meanEigenvalue + 1e-12));
    for (let j = 0; j < w.dim; j++) projection[i * w.dim + j] *= f;
  }
  return { ...w, outDim, shrink, projection, eigenvalues: w.eigenvalues.slice(0, outDim) };
}

