import { describe, expect, it } from 'vitest';
import { libraryTailThreshold } from '../../../../src/main/engine/learn/threshold.js';

describe('the library-tail cut', () => {
  // 1,000 ordinary photos whose scores have an exponential upper tail (their quantiles, no randomness), and a few
  // photos of the tag far above them
  const ordinary = Array.from({ length: 1000 }, (_, i) => -Math.log((i + 0.5) / 1000));
  const top = Math.max(...ordinary);

  it('cuts midway in the gap between the photos it takes and the first it leaves, not at the last one taken', () => {
    // trial 32: one photo of the tag left untaught scored far above the rest; the cut sat on its own score, and the
    // held-out examples, scored by models that had not seen them, fell under it ("recall 0.18" for a tag on all)
    const tag = [20, 21, 22];
    const cut = libraryTailThreshold([...ordinary, ...tag]);
    expect(cut).toBeGreaterThan(top); // no ordinary photo passes
    expect(cut).toBeLessThan(Math.min(...tag)); // every photo of the tag does, with room below the lowest
    expect(cut).toBeCloseTo((top + Math.min(...tag)) / 2, 6);
  });

  it('takes one outlier alone the same way', () => {
    const cut = libraryTailThreshold([...ordinary, 30]);
    expect(cut).toBeGreaterThan(top);
    expect(cut).toBeLessThan(30);
  });
});
