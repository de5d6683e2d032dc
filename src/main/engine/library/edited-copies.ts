// Which photos that appeared in a run are edited copies of photos that went in the same run (moved AND changed: saved
// elsewhere by an editor, re-encoded by a sync tool), so that the user's decisions on the gone photo can follow. A
// wrong match would put one photo's names and tags on another, which is worse than losing them: only a pair that the
// duplicate finder's own rule calls the same picture, whose keypoints line up under one scale + turn + shift, that
// no camera or capture time tells apart, and that neither side shares with another candidate, is taken.
import { HashIndex, HASH_INDEX_MAX_DISTANCE } from '../duplicates/hash-index.js';
import { extractLocalFeatures, matchLocalFeatures, type LocalFeatures } from '../duplicates/local-features.js';
import { localVerified, matchPair, pairEvidence, type DuplicateSignals } from '../duplicates/near-duplicate-rule.js';
import type { Dihedral } from '../duplicates/perceptual-hash.js';
import type { Similarity } from '../duplicates/pixel-agreement.js';
import type { RgbImage } from '../media/rgb-image.js';

/** Upright RGB pixels of a photo's grid thumbnail. */
export type ThumbPixels = Pick<RgbImage, 'data' | 'width' | 'height'>;

/** A photo as the comparison sees it: its duplicate signals (width and height: its displayed size) and a way to its
 *  thumbnail, read only for the pairs worth a look. */
export interface CopyCandidate {
  id: number;
  signals: DuplicateSignals;
  thumb: () => Promise<ThumbPixels | undefined>;
}

export type Box = [number, number, number, number];

export interface EditedCopy {
  goneId: number;
  newId: number;
  /** why: the duplicate rule that matched and the keypoints that line up */
  rule: string;
  inliers: number;
  /** a box [x, y, w, h] in the gone photo's displayed pixels, where it lies in the new photo's; null when the edit
   *  cut most of it away */
  mapBox: (box: Box) => Box | null;
}

/**
 * The one-to-one pairs (gone, new) that are the same picture. Candidates come from the perceptual hashes (whole,
 * centred window, picture inside a letterbox; every turn and mirror) within the hash index's exact reach, so a run
 * that removed thousands and added thousands compares only the pairs that look alike.
 */
export async function findEditedCopies(gone: readonly CopyCandidate[], fresh: readonly CopyCandidate[]): Promise<EditedCopy[]> {
  if (gone.length === 0 || fresh.length === 0) return [];
  const index = new HashIndex();
  gone.forEach((g, i) => {
    for (const h of [g.signals.phash?.[0], g.signals.phashCentre?.[0], g.signals.phashContent?.[0]]) if (h !== undefined) index.add(i, h);
  });
  const found: EditedCopy[] = [];
  for (const n of fresh) {
    const queries = [...(n.signals.phash ?? []), ...(n.signals.phashCentre ?? []), ...(n.signals.phashContent ?? [])];
    if (queries.length === 0) continue;
    for (const i of index.near(queries, HASH_INDEX_MAX_DISTANCE).keys()) {
      const pair = await samePicture(gone[i], n);
      if (pair) found.push(pair);
    }
  }
  // A gone photo with two look-alikes among the new ones (a burst, two exports), or a new one with two among the gone,
  // is not decided: neither choice is safe.
  const count = (key: 'goneId' | 'newId', id: number) => found.filter((p) => p[key] === id).length;
  return found.filter((p) => count('goneId', p.goneId) === 1 && count('newId', p.newId) === 1);
}

/** Whether `n` is an edit of `g`, and how their pixels correspond. */
async function samePicture(g: CopyCandidate, n: CopyCandidate): Promise<EditedCopy | null> {
  const a = g.signals;
  const b = n.signals;
  // Another camera took another photo, however alike (matchPair itself vetoes another capture time).
  if (a.camera && b.camera && a.camera !== b.camera) return null;
  const turn = pairEvidence(a, b).transform ?? 'identity';
  const [gThumb, nThumb] = await Promise.all([g.thumb(), n.thumb()]);
  if (!gThumb || !nThumb) return null;
  const gLocal = features(gThumb);
  // the new picture turned as the hashes say it was turned, so that its keypoints can line up with the gone one's
  const nTurned = turnPixels(nThumb, turn);
  const nLocal = features(nTurned);
  const verdict = matchPair({ ...a, local: gLocal }, { ...b, local: nLocal });
  if (verdict.level !== 'near') return null;
  const lm = matchLocalFeatures(gLocal, nLocal);
  // Point by point, whatever rule matched: the transform that lines the keypoints up is what moves the faces.
  if (!localVerified(lm)) return null;
  return {
    goneId: g.id,
    newId: n.id,
    rule: verdict.signals.rule,
    inliers: lm.tight,
    mapBox: boxMapper({ a, gThumb, gLocal }, { b, nThumb, nTurned, nLocal, turn }, lm.transform),
  };
}

function features(t: ThumbPixels): LocalFeatures {
  return extractLocalFeatures(t.data, t.width, t.height, 3);
}

/**
 * Where a point of the picture turned by `turn` comes from in the picture as it was (w x h before the turn), with the
 * image-space definitions of perceptual-hash.ts (I'(x, y) = I(source)). `edge` 1 for pixel indices, 0 for positions.
 */
export function sourceOf(turn: Dihedral, x: number, y: number, w: number, h: number, edge = 0): [number, number] {
  switch (turn) {
    case 'identity': return [x, y];
    case 'flipH': return [w - edge - x, y];
    case 'flipV': return [x, h - edge - y];
    case 'rot180': return [w - edge - x, h - edge - y];
    case 'transpose': return [y, x];
    case 'rot90': return [y, h - edge - x];
    case 'rot270': return [w - edge - y, x];
    case 'antiTranspose': return [w - edge - y, h - edge - x];
  }
}

const swapsSides = (turn: Dihedral) => turn === 'transpose' || turn === 'rot90' || turn === 'rot270' || turn === 'antiTranspose';

/** The pixels turned by `turn` (the symmetry that, applied to them, gives the picture the hashes compared). */
export function turnPixels(p: ThumbPixels, turn: Dihedral): ThumbPixels {
  if (turn === 'identity') return p;
  const [w, h] = swapsSides(turn) ? [p.height, p.width] : [p.width, p.height];
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [sx, sy] = sourceOf(turn, x, y, p.width, p.height, 1);
      const s = 3 * (sy * p.width + sx);
      const o = 3 * (y * w + x);
      out[o] = p.data[s];
      out[o + 1] = p.data[s + 1];
      out[o + 2] = p.data[s + 2];
    }
  }
  return { data: out, width: w, height: h };
}

/** A box the edit kept less of than this (cropped away) is not carried. */
const MIN_KEPT = 0.5;

function boxMapper(
  gone: { a: DuplicateSignals; gThumb: ThumbPixels; gLocal: LocalFeatures },
  now: { b: DuplicateSignals; nThumb: ThumbPixels; nTurned: ThumbPixels; nLocal: LocalFeatures; turn: Dihedral },
  [c, d, tx, ty]: Similarity,
): (box: Box) => Box | null {
  const { a, gLocal } = gone;
  const { b, nThumb, nTurned, nLocal, turn } = now;
  const point = (x: number, y: number): [number, number] => {
    // displayed pixels of the gone photo -> its keypoint image -> the new one's, turned -> its thumbnail -> displayed
    const gx = (x * gLocal.width) / Math.max(1, a.width);
    const gy = (y * gLocal.height) / Math.max(1, a.height);
    const kx = c * gx - d * gy + tx;
    const ky = d * gx + c * gy + ty;
    const [sx, sy] = sourceOf(turn, (kx * nTurned.width) / nLocal.width, (ky * nTurned.height) / nLocal.height, nThumb.width, nThumb.height);
    return [(sx * b.width) / nThumb.width, (sy * b.height) / nThumb.height];
  };
  return ([x, y, w, h]) => {
    const corners = [point(x, y), point(x + w, y), point(x, y + h), point(x + w, y + h)];
    const x0 = Math.min(...corners.map((p) => p[0]));
    const x1 = Math.max(...corners.map((p) => p[0]));
    const y0 = Math.min(...corners.map((p) => p[1]));
    const y1 = Math.max(...corners.map((p) => p[1]));
    const cx0 = Math.max(0, x0);
    const cy0 = Math.max(0, y0);
    const cx1 = Math.min(b.width, x1);
    const cy1 = Math.min(b.height, y1);
    if (cx1 <= cx0 || cy1 <= cy0) return null;
    if ((cx1 - cx0) * (cy1 - cy0) < MIN_KEPT * (x1 - x0) * (y1 - y0)) return null;
    return [cx0, cy0, cx1 - cx0, cy1 - cy0];
  };
}
