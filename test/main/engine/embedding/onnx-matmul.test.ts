// Matrix products through onnxruntime: on one thread (a batch of photos projected, whitening.ts applyBranchBatch) the
// same numbers, to the bit, as on two, at the size of a grouping's batch.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../src/main/engine/embedding/linalg.js';
import { matmul } from '../../../../src/main/engine/embedding/onnx-matmul.js';

describe('matmul', () => {
  it('gives the same product on one thread as on two, and as the plain sums to float precision', async () => {
    const rand = seededRandom(21);
    const a = { rows: 1000, cols: 1344, data: Float32Array.from({ length: 1000 * 1344 }, () => rand() - 0.3) };
    const b = { rows: 1344, cols: 256, data: Float32Array.from({ length: 1344 * 256 }, () => rand() - 0.5) };
    const two = await matmul(a, b);
    const one = await matmul(a, b, 1);
    expect(one.rows).toBe(1000);
    expect(one.cols).toBe(256);
    expect(Buffer.from(one.data.buffer, one.data.byteOffset, one.data.byteLength).equals(Buffer.from(two.data.buffer, two.data.byteOffset, two.data.byteLength))).toBe(true);
    for (const [i, j] of [[0, 0], [999, 255], [417, 3]]) {
      let s = 0;
      for (let k = 0; k < 1344; k++) s += a.data[i * 1344 + k] * b.data[k * 256 + j];
      expect(one.data[i * 256 + j]).toBeCloseTo(s, 2);
    }
  });
});
