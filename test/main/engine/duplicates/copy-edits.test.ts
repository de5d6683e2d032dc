// Which copies of a group were turned, mirrored, tilted or captioned: told by how each lines up with the group's
// representative, by the majority of the group (one pair cannot say which of its two was edited).
import { describe, expect, it } from 'vitest';
import { copyEdits, type MemberMatch } from '../../../../src/main/engine/duplicates/copy-edits.js';
import type { PairExplanation } from '../../../../src/shared/duplicate-types.js';

/** A member matched by its hash (`transform` against the representative), with its pixels laid over it when given. */
function hashMatch(id: number, transform: string, pixels?: { ncc: number; low: number; agreeing?: number; rest?: number }): MemberMatch {
  const match: PairExplanation = {
    level: 'near', score: 0.97, rule: 'hash', contentEqual: false, hashDistance: 2, transform, cosine: 0.9, aspectRatio: 1, pixelRatio: 1,
    takenAtDeltaS: null, distanceM: null, nearUniform: false, localInliers: null, fewFeatures: false, message: { code: 'match.hash', params: {} }, text: '',
    ...(pixels && { areas: 16, areasAgreeing: pixels.agreeing ?? 16, pixelNcc: pixels.ncc, pixelNccLow: pixels.low, pixelNccRest: pixels.rest }),
  };
  return { id, match };
}

const rep = (id: number): MemberMatch => ({ id, match: null });
const clean = { ncc: 0.99, low: 0.95 };
/** a caption: one area disagrees outright */
const caption = { ncc: 0.98, low: 0.4, agreeing: 15 };
/** a caption bar across one edge: that row of areas differs, the whole correlates far less than a copy, the rest does */
const band = { ncc: 0.8, low: -0.3, agreeing: 12, rest: 0.998 };
/** a copy whose whole correlates poorly everywhere, an edge row too (a strong colour edit): no band */
const poor = { ncc: 0.8, low: 0.3, agreeing: 13, rest: 0.86 };
/** a dip: the lowest area well below the whole, yet agreeing (a smaller copy of a fine texture, as measured) */
const dip = { ncc: 0.999, low: 0.844 };

describe('copyEdits', () => {
  it('calls the copies that lie otherwise than most of the group turned or mirrored, never the representative', () => {
    const e = copyEdits([rep(1), hashMatch(2, 'identity'), hashMatch(3, 'identity'), hashMatch(4, 'rot90'), hashMatch(5, 'flipH'), hashMatch(6, 'rot180')]);
    expect(Object.fromEntries(e)).toEqual({ 4: 'turned', 5: 'mirrored', 6: 'turned' });
  });

  it('calls the representative turned when most of the group lies the other way (a turned copy placed first)', () => {
    // the others are turned against it by 270 degrees: the representative is the quarter-turned one
    const e = copyEdits([rep(1), hashMatch(2, 'rot270'), hashMatch(3, 'rot270'), hashMatch(4, 'rot270'), hashMatch(5, 'identity')]);
    expect(Object.fromEntries(e)).toEqual({ 1: 'turned', 5: 'turned' });
  });

  it('says nothing where no way of lying has a majority (an original and its turned copy alone)', () => {
    expect(copyEdits([rep(1), hashMatch(2, 'rot90')]).size).toBe(0);
    expect(copyEdits([rep(1), hashMatch(2, 'identity'), hashMatch(3, 'rot90'), hashMatch(4, 'rot90')]).size).toBe(0);
  });

  it('trusts the keypoints for a small turn, and ignores the symmetry of hashes that are far apart', () => {
    const tilted = hashMatch(3, 'identity');
    tilted.match = { ...tilted.match!, rule: 'local', hashDistance: 18, transform: 'flipV', localInliers: 60, localRotationDeg: 5 };
    const crop = hashMatch(4, 'identity');
    crop.match = { ...crop.match!, rule: 'local', hashDistance: 26, transform: 'rot180', localInliers: 30, localRotationDeg: 0.3 };
    expect(Object.fromEntries(copyEdits([rep(1), hashMatch(2, 'identity'), tilted, crop]))).toEqual({ 3: 'tilted' });
  });

  it('calls a copy with one area that correlates much less than the rest captioned, when the others agree everywhere', () => {
    const e = copyEdits([rep(1), hashMatch(2, 'identity', clean), hashMatch(3, 'identity', caption), hashMatch(4, 'identity', clean)]);
    expect(Object.fromEntries(e)).toEqual({ 3: 'overlay' });
  });

  it('calls the representative captioned when most copies differ from it in one area', () => {
    const e = copyEdits([rep(1), hashMatch(2, 'identity', caption), hashMatch(3, 'identity', caption), hashMatch(4, 'identity', clean)]);
    expect(Object.fromEntries(e)).toEqual({ 1: 'overlay' });
    // two copies, one differing: which one carries the caption is not known
    expect(copyEdits([rep(1), hashMatch(2, 'identity', caption)]).size).toBe(0);
  });

  it('does not call the representative captioned for a caption beside a degraded copy that only dips in one area', () => {
    // the stranger trial's group: the original as representative, its captioned copy, a third-size copy of its fine
    // texture (dipping to 0.844 in one area) and a crop agreeing everywhere. The original was set aside as captioned.
    const e = copyEdits([rep(1), hashMatch(2, 'identity', caption), hashMatch(3, 'identity', dip), hashMatch(4, 'identity', clean)]);
    expect(Object.fromEntries(e)).toEqual({ 2: 'overlay' });
    // dips alone, however many, never set the representative aside
    expect(copyEdits([rep(1), hashMatch(2, 'identity', dip), hashMatch(3, 'identity', dip), hashMatch(4, 'identity', clean)]).has(1)).toBe(false);
  });

  it('calls a copy with a caption bar across one edge captioned, though its whole correlates far less than a copy', () => {
    const e = copyEdits([rep(1), hashMatch(2, 'identity', clean), hashMatch(3, 'identity', band), hashMatch(4, 'identity', clean)]);
    expect(Object.fromEntries(e)).toEqual({ 3: 'overlay' });
    // most copies differ from the representative along one edge: the representative carries the bar
    expect(Object.fromEntries(copyEdits([rep(1), hashMatch(2, 'identity', band), hashMatch(3, 'identity', band), hashMatch(4, 'identity', clean)]))).toEqual({ 1: 'overlay' });
    // poor all over is no mark
    expect(copyEdits([rep(1), hashMatch(2, 'identity', clean), hashMatch(3, 'identity', poor), hashMatch(4, 'identity', clean)]).size).toBe(0);
  });

  it('calls the picture of a pair that darkens towards its edges vignetted, whichever of the two it is', () => {
    const vignetted = (m: MemberMatch, side: 'a' | 'b', drop: number): MemberMatch => ({ ...m, match: { ...m.match!, vignetted: side, vignetteDrop: drop } });
    // the member carries it (a is the member, b the representative)
    expect(Object.fromEntries(copyEdits([rep(1), hashMatch(2, 'identity', clean), vignetted(hashMatch(3, 'identity', clean), 'a', 0.5)]))).toEqual({ 3: 'vignette' });
    // the representative does: one pair says so, without a majority
    expect(Object.fromEntries(copyEdits([rep(1), vignetted(hashMatch(2, 'identity', clean), 'b', 0.5)]))).toEqual({ 1: 'vignette' });
    // a turn found by the group stays the copy's edit
    expect(Object.fromEntries(copyEdits([rep(1), hashMatch(2, 'identity'), hashMatch(3, 'identity'), vignetted(hashMatch(4, 'rot90'), 'a', 0.5)]))).toEqual({ 4: 'turned' });
  });

  it('calls the copies vignetted like a vignetted representative so, and those lighter than it by less than the clean ones', () => {
    const vignetted = (m: MemberMatch, side: 'a' | 'b', drop: number): MemberMatch => ({ ...m, match: { ...m.match!, vignetted: side, vignetteDrop: drop } });
    // the representative darkened 75% in its corners: the original and its JPEG copy are 75% lighter there, a copy
    // darkened 35% only 62% lighter, a copy darkened alike not lighter at all; a copy matched without its pixels says nothing
    const e = copyEdits([
      rep(1),
      vignetted(hashMatch(2, 'identity', clean), 'b', 0.75),
      vignetted(hashMatch(3, 'identity', clean), 'b', 0.72),
      vignetted(hashMatch(4, 'identity', clean), 'b', 0.615),
      hashMatch(5, 'identity', clean),
      hashMatch(6, 'identity'),
    ]);
    expect(Object.fromEntries(e)).toEqual({ 1: 'vignette', 4: 'vignette', 5: 'vignette' });
    // the vignette's corners correlate least: no caption for it (here the clean copies' lowest area is a corner's)
    const corner = { ncc: 0.99, low: 0.62 };
    const f = copyEdits([rep(1), vignetted(hashMatch(2, 'identity', corner), 'b', 0.25), vignetted(hashMatch(3, 'identity', corner), 'b', 0.25), hashMatch(4, 'identity', clean), hashMatch(5, 'identity', clean), hashMatch(6, 'identity', clean)]);
    expect(Object.fromEntries(f)).toEqual({ 1: 'vignette', 4: 'vignette', 5: 'vignette', 6: 'vignette' });
  });
});
