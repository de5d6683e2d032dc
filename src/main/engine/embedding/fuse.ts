// Fusion of the whitened branches into the one vector the vector index stores: each branch scaled by
// sqrt(weight) and concatenated, then L2-normalised, so that the cosine of two fused vectors is the
// weighted mean of the branch cosines (both branches are unit vectors after whitening).
import { BRANCHES, type Branch } from './features.js';
import { l2normalise } from './whitening.js';

export type BranchWeights = Readonly<Record<Branch, number>>;

/** Chosen on caltech101-dev: see bench/retrieval-caltech.ts. */
export const DEFAULT_WEIGHTS: BranchWeights = { mobilenet: 0.5, centernet: 0.5 };

export function fusedDim(branchDims: Readonly<Record<Branch, number>>): number {
  return BRANCHES.reduce((s, b) => s + branchDims[b], 0);
}

export function fuse(whitened: Readonly<Record<Branch, Float32Array>>, weights: BranchWeights = DEFAULT_WEIGHTS): Float32Array {
  const out = new Float32Array(fusedDim({ mobilenet: whitened.mobilenet.length, centernet: whitened.centernet.length }));
  let off = 0;
  for (const b of BRANCHES) {
    const w = Math.sqrt(Math.max(0, weights[b]));
    const v = whitened[b];
    for (let i = 0; i < v.length; i++) out[off + i] = v[i] * w;
    off += v.length;
  }
  return l2normalise(out);
}
