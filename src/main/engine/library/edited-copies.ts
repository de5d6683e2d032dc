// Which photos that appeared in a run are edited copies of photos that went in the same run (moved AND changed: saved
// elsewhere by an editor, re-encoded by a sync tool), so that the user's decisions on the gone photo can follow. A
// wrong match would put one photo's names and tags on another, which is worse than losing them: only a pair that the
// duplicate finder's own rule calls the same picture, whose keypoints line up under one scale + turn + shift, that
// no camera or capture time tells apart, and that neither side shares with another candidate, is taken.
import { HashIndex, HASH_INDEX_MAX_DISTANCE, indexedHashes } from '../duplicates/hash-index.js';
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

/** The photos of the library that neither went nor came in this run: their hashes, and each one as a candidate. */
export interface KeptPhotos {
  hashes: () => Iterable<{ id: number; hashes: readonly bigint[] }>;
  candidate: (id: number) => CopyCandidate | undefined;
}

/**
 * The pairs (gone, new) that are the same picture, decided only where nothing else looks like either: a gone photo
 * with two look-alikes among the new ones (a burst, two exports), a new one with two among the gone, or a new one that
 * looks like a photo that stays (`kept`: an edit of the other frame of a burst, of a copy the library holds twice) is
 * not decided. "Looks like" is the duplicate rule's whole-picture verdict; a pair decided must also line up point by
 * point. Candidates come from the perceptual hashes (whole, centred window, picture inside a letterbox; every turn and
 * mirror) within the hash index's exact reach, so a run that removed and added thousands compares only look-alikes.
 */
export async function findEditedCopies(gone: readonly CopyCandidate[], fresh: readonly CopyCandidate[], kept?: KeptPhotos): Promise<EditedCopy[]> {
  if (gone.length === 0 || fresh.length === 0) return [];
  const goneIndex = new HashIndex();
  gone.forEach((g, i) => {
    for (const h of hashesOf(g.signals)) goneIndex.add(i, h);
  });
  const alike: [CopyCandidate, CopyCandidate][] = [];
  for (const n of fresh) {
    for (const i of goneIndex.near(queriesOf(n.signals), HASH_INDEX_MAX_DISTANCE).keys()) {
      if (looksAlike(gone[i], n)) alike.push([gone[i], n]);
    }
  }
  const counts = [new Map<number, number>(), new Map<number, number>()];
  for (const pair of alike) for (const side of [0, 1]) counts[side].set(pair[side].id, (counts[side].get(pair[side].id) ?? 0) + 1);
  const oneToOne = alike.filter(([g, n]) => counts[0].get(g.id) === 1 && counts[1].get(n.id) === 1);
  if (oneToOne.length === 0) return [];
  const twins = kept ? keptLookAlike(oneToOne.map(([, n]) => n), new Set([...gone, ...fresh].map((c) => c.id)), kept) : new Set<number>();
  const out: EditedCopy[] = [];
  for (const [g, n] of oneToOne) {
    if (twins.has(n.id)) continue;
    const pair = await samePicture(g, n);
    if (pair) out.push(pair);
  }
  return out;
}

/** The stored hashes the index holds for a photo (each as it lies; queries bring the turns). */
const hashesOf = (s: DuplicateSignals): bigint[] => indexedHashes(s.phash, s.phashCentre, s.phashContent);
const queriesOf = (s: DuplicateSignals): bigint[] => [...(s.phash ?? []), ...(s.phashCentre ?? []), ...(s.phashContent ?? [])];

/** The duplicate rule's verdict on the whole pictures (hash, embedding; capture times that differ veto). */
const looksAlike = (a: CopyCandidate, b: CopyCandidate): boolean => matchPair(a.signals, b.signals).level !== 'none';

/** The new photos (of `fresh`) that look like a photo of the library outside the run. */
function keptLookAlike(fresh: readonly CopyCandidate[], inRun: ReadonlySet<number>, kept: KeptPhotos): Set<number> {
  const index = new HashIndex();
  for (const { id, hashes } of kept.hashes()) if (!inRun.has(id)) for (const h of hashes) index.add(id, h);
  const out = new Set<number>();
  for (const n of fresh) {
    for (const id of index.near(queriesOf(n.signals), HASH_INDEX_MAX_DISTANCE).keys()) {
      const k = kept.candidate(id);
      if (k && looksAlike(k, n)) {
        out.add(n.id);
        break;
      }
    }
  }
  return out;
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
