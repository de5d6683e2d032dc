// The appearance check of automatic tags and the library-tail cut it shares with learned tags, on synthetic
// photo vectors: clusters of look-alike photos in a library of ordinary ones.
import { describe, expect, it } from 'vitest';
import { checkLabel, MIN_LIBRARY, MIN_SHOWN } from '../../../../src/main/engine/learn/auto-tag-check.js';
import type { Rows } from '../../../../src/main/engine/learn/rows.js';
import { libraryTailThreshold } from '../../../../src/main/engine/learn/threshold.js';
import { seededRandom } from '../../../../src/main/engine/util/seeded-random.js';

const DIM = 64;

/** `n` unit vectors: rows 0..clusterSize-1 around one centre (the "dogs"), rows 300 and 301 facing away from it
 *  (nothing like a dog), the rest scattered. */
function library(n: number, clusterSize: number, seed = 3): Rows {
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const centre = Array.from({ length: DIM }, gauss);
  const data = new Float32Array(n * DIM);
  for (let r = 0; r < n; r++) {
    const side = r < clusterSize ? 1 : r === 300 || r === 301 ? -1 : 0;
    const v = Array.from({ length: DIM }, (_, j) => side * centre[j] + (side === 0 ? 1 : 0.5) * gauss());
    const norm = Math.hypot(...v);
    v.forEach((x, j) => (data[r * DIM + j] = x / norm));
  }
  return { n, dim: DIM, data };
}

describe('libraryTailThreshold', () => {
  it('cuts between a group that stands out and the ordinary photos', () => {
    const rand = seededRandom(5);
    const ordinary = Array.from({ length: 1000 }, () => -Math.log(rand() + 1e-12) * 0.05); // an exponential tail
    const group = Array.from({ length: 8 }, (_, i) => 0.9 + i * 0.01);
    const cut = libraryTailThreshold([...ordinary, ...group], 1);
    expect(cut).toBeGreaterThan(Math.max(...ordinary));
    expect(cut).toBeLessThanOrEqual(Math.min(...group));
  });

  it('tags nothing in a library where nothing stands out, or one too small to fit', () => {
    const rand = seededRandom(6);
    const ordinary = Array.from({ length: 1000 }, () => -Math.log(rand() + 1e-12) * 0.05);
    const cut = libraryTailThreshold(ordinary, 0.5);
    expect(ordinary.filter((s) => s >= cut).length).toBeLessThan(5);
    expect(libraryTailThreshold([0.9, 0.1], 1)).toBe(Infinity);
  });
});

describe('checkLabel: automatic tags against what the photo looks like', () => {
  const x = library(400, 20);
  // the detector showed "dog" on 12 of the 20 dogs and on two ordinary photos; it saw it weakly on 4 more dogs
  // and on 4 ordinary photos
  const shown = [...Array.from({ length: 12 }, (_, i) => i), 300, 301];
  const weak = [12, 13, 14, 15, 310, 311, 312, 313];

  it('hides the tag on photos unlike the others showing it, and shows weak ones that look like them', () => {
    const verdicts = checkLabel(x, { shown, weak });
    const contradicted = verdicts.filter((v) => v.verdict === 'contradicted').map((v) => v.row).sort((a, b) => a - b);
    const supported = verdicts.filter((v) => v.verdict === 'supported').map((v) => v.row).sort((a, b) => a - b);
    expect(contradicted).toEqual([300, 301]);
    expect(supported).toEqual([12, 13, 14, 15]);
  });

  it('never contradicts a tag a person added by hand', () => {
    const verdicts = checkLabel(x, { shown, weak }, new Set([300]));
    expect(verdicts.filter((v) => v.verdict === 'contradicted').map((v) => v.row)).toEqual([301]);
  });

  it('leaves a label alone when too few photos show it, or the library is too small to judge by', () => {
    expect(checkLabel(x, { shown: shown.slice(0, MIN_SHOWN - 1), weak })).toEqual([]);
    const small = { ...x, n: MIN_LIBRARY - 1 };
    expect(checkLabel(small, { shown, weak })).toEqual([]);
  });
});
