import { describe, expect, it } from 'vitest';
import { chooseWhitening, fitSampleIndices, OWN_FIT_MIN_PHOTOS, REFIT_GROWTH } from '../../../../src/main/engine/embedding/whitening-policy.js';
import { expansionFor } from '../../../../src/main/engine/embedding/query-expansion.js';

describe('whitening policy', () => {
  it('uses the shipped default below the threshold, then fits once and refits only after real growth', () => {
    expect(chooseWhitening(OWN_FIT_MIN_PHOTOS - 1, null)).toEqual({ use: 'default' });
    expect(chooseWhitening(OWN_FIT_MIN_PHOTOS, null)).toEqual({ use: 'library', refit: true });
    const base = 1000;
    expect(chooseWhitening(base + 10, base)).toEqual({ use: 'library', refit: false });
    expect(chooseWhitening(Math.ceil(base * (1 + REFIT_GROWTH)), base)).toEqual({ use: 'library', refit: true });
    // a library that shrank back under the threshold goes back to the default
    expect(chooseWhitening(10, base)).toEqual({ use: 'default' });
  });

  it('samples large libraries evenly and without repeats', () => {
    const idx = fitSampleIndices(50_000, 1000);
    expect(idx).toHaveLength(1000);
    expect(new Set(idx).size).toBe(1000);
    expect(idx[0]).toBe(0);
    expect(idx[999]).toBeGreaterThan(49_000);
    expect(fitSampleIndices(5)).toEqual([0, 1, 2, 3, 4]);
  });

  it('expands less with the default whitening than with an own fit', () => {
    expect(expansionFor('default').qe.k).toBeLessThan(expansionFor('library').qe.k);
  });
});
