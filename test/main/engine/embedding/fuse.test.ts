import { describe, expect, it } from 'vitest';
import { fuse, fusedDim } from '../../../../src/main/engine/embedding/fuse.js';
import { seededRandom } from '../../../../src/main/engine/embedding/linalg.js';

const rand = seededRandom(11);
const unitVec = (d: number): Float32Array => {
  const v = Float32Array.from({ length: d }, () => rand() - 0.5);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, v, i) => s + v * b[i], 0);

describe('fuse', () => {
  it('makes the fused cosine the weighted mean of the branch cosines', () => {
    const a = { mobilenet: unitVec(16), centernet: unitVec(8) };
    const b = { mobilenet: unitVec(16), centernet: unitVec(8) };
    const weights = { mobilenet: 0.7, centernet: 0.3 };
    const fa = fuse(a, weights);
    const fb = fuse(b, weights);
    expect(fa).toHaveLength(fusedDim({ mobilenet: 16, centernet: 8 }));
    expect(Math.hypot(...fa)).toBeCloseTo(1, 6);
    expect(dot(fa, fb)).toBeCloseTo(0.7 * dot(a.mobilenet, b.mobilenet) + 0.3 * dot(a.centernet, b.centernet), 5);
  });

  it('a zero weight removes a branch from the similarity', () => {
    const a = { mobilenet: unitVec(4), centernet: unitVec(4) };
    const b = { mobilenet: a.mobilenet, centernet: unitVec(4) };
    expect(dot(fuse(a, { mobilenet: 1, centernet: 0 }), fuse(b, { mobilenet: 1, centernet: 0 }))).toBeCloseTo(1, 6);
  });
});
