// The pairwise decision between two photos: exact duplicate (same bytes), near-duplicate (same picture
// after an edit) or none, with the signals that decided, so every pair in a group can explain itself.
// Pure: the caller supplies the per-photo signals (content hash, pHash variants, flatness, embedding).
//
// Thresholds are CALIBRATED, not guessed: see THRESHOLDS below for the numbers, measured by
// bench/duplicates-copydays.ts (25 hires originals x 16 Copydays-style edits, 1,200 caltech101-dev
// distractors, fused whitened embedding of the engine).
import { keypointCount, matchLocalFeatures, type LocalFeatures, type LocalMatch } from './local-features.js';
import { minDihedralDistance, type Dihedral } from './perceptual-hash.js';
import { pixelAgreement, VIGNETTE_DROP, type PixelAgreement, type Similarity } from './pixel-agreement.js';

export interface DuplicateSignals {
  /** hash of the file's bytes (any strong hash); equal -> exact */
  contentHash?: string;
  /** the 8 dihedral pHash variants (perceptual-hash.ts `dihedralHashes`), [0] = as stored */
  phash?: readonly bigint[];
  /** the 8 dihedral pHash variants of the centred 90% window (perceptual-hash.ts `centreHashes`) */
  phashCentre?: readonly bigint[];
  /** the 8 dihedral pHash variants of the picture inside a letterbox or frame (perceptual-hash.ts `contentHashes`) */
  phashContent?: readonly bigint[];
  /** perceptual-hash.ts `isNearUniform` of the preview */
  nearUniform?: boolean;
  /** unit-length fused embedding (the vector the similarity index stores) */
  embedding?: Float32Array;
  /** keypoints and descriptors (local-features.ts), when found */
  local?: LocalFeatures;
  /** upright pixel size of the full image */
  width: number;
  height: number;
  /** capture time, ms since epoch (unset / 1970 dates must be left undefined by the caller) */
  takenAt?: number;
  /** where it was taken, when the photo says */
  gps?: { lat: number; lon: number };
  /** "make model" of the camera, when the photo says */
  camera?: string;
}

export type MatchLevel = 'exact' | 'near' | 'none';

export interface PairEvidence {
  contentEqual: boolean;
  /** smallest pHash distance over the 8 symmetries of b (0..63), when both have hashes */
  hashDistance?: number;
  /** the symmetry that gave it ('identity' for an unrotated copy) */
  transform?: Dihedral;
  /** which hashes met: both whole pictures, or one picture's centred window against the other whole */
  window?: 'whole' | 'centre' | 'content';
  /** embedding cosine, when both have vectors */
  cosine?: number;
  /** long/short aspect ratio of the larger over the smaller (>= 1; rotation ignored) */
  aspectRatio: number;
  /** pixel count of the larger over the smaller (>= 1) */
  pixelRatio: number;
  /** |takenAt a - takenAt b| in seconds, when both are known */
  takenAtDeltaS?: number;
  /** either picture too flat for perceptual matching */
  nearUniform: boolean;
  /** keypoint matches consistent with one similarity transform, when the local features were compared */
  localInliers?: number;
  /** the scale and rotation (degrees) that lined the keypoints up */
  localScale?: number;
  localRotationDeg?: number;
  /** either picture has too few keypoints to be checked point by point: decided by the other signals */
  fewFeatures?: boolean;
  /** where the keypoints lined up: areas of the overlap with structure, and how many of them agree in their pixels */
  areas?: number;
  areasAgreeing?: number;
  /** the pixels' correlation over the whole overlap, in the area that correlates least, and without a band along one
   *  edge (PixelAgreement.restNcc) */
  pixelNcc?: number;
  pixelNccLow?: number;
  pixelNccRest?: number;
  /** the picture of the pair (a, the first; b, the second) that carries a vignette the other has not (addedVignette),
   *  and how much darker its edge is than the other's (0.3: 30%) */
  vignetted?: 'a' | 'b';
  vignetteDrop?: number;
  /** which rule decided, for the UI / CLI */
  rule: 'content' | 'hash' | 'embedding' | 'hash+embedding' | 'local' | 'look-alike' | 'reshot' | 'burst' | 'flat' | 'capture-time' | 'other-camera' | 'far-apart' | 'raw+jpeg' | 'same-file' | 'no-match';
}

export interface PairMatch {
  level: MatchLevel;
  /** similarity 0..1 (1 = identical); for 'none' how close it came */
  score: number;
  signals: PairEvidence;
}

/**
 * Calibrated with bench/duplicates-copydays.ts (425 originals+edits, 1,360 distractors, 1.59 M negative
 * pairs). d = pHash distance, the min over the 8 symmetries and over whole-vs-whole and
 * centred-90%-window-vs-whole (both ways); always even, since every hash has exactly 31 ones.
 *
 * True pairs, d max and cosine min: jpeg75/resize50/flipH/rot90/jpeg30/jpeg10/resize25/blur+noise
 * d <= 2; bright+-20 and grayscale d <= 4; colour d <= 8 (cos down to 0.21); overlay d p50 4, max 12
 * (cos >= 0.73); crop90 d 2..18, p50 8 (cos 0.80..0.94; without the centre window p50 14, max 20);
 * crop70 d 12..28 and crop50 d 18..28 (cos 0.14..0.85: neither signal finds strong crops). The
 * embedding is NOT rotation or colour invariant (rot90 cos 0.16..0.47, grayscale 0.28..0.68), so it
 * can only confirm, never veto, a close hash.
 *
 * Negatives: d <= 4: 4 pairs, d <= 6: 7, d <= 8: 17, d <= 10: 55; cos >= 0.9: 5, >= 0.85: 12,
 * >= 0.8: 21. Every negative at d <= 6 or cos >= 0.9 is one of 9 pairs of the same picture that
 * Caltech-101 itself holds twice (checked by eye: anchor, garfield, bonsai, one STOP clip-art);
 * at d = 8 come different photos with cos 0.48..0.82 (buddha, revolver, piano, two faces, another
 * STOP sign), hence hashSure 6, not 8.
 *
 * Sweep of 980 settings (hashSure 4..10 x hashLoose 10..22 x cosineWithHash 0.55..0.85 x cosineSure
 * 0.85..off): this one is the first to reach moderate recall >= 0.99 (0.991; strong 0.703) and admits
 * 4 negatives, all between different STOP-sign clip-arts of Caltech. Stricter cosineWithHash 0.85:
 * 2 negatives, moderate 0.973; looser (hashLoose 12): 6 negatives, moderate 0.996.
 */
export const THRESHOLDS = {
  /** pHash alone: a pair this close is the same picture (whatever the embedding says). */
  hashSure: 6,
  /** embedding alone: a pair this close is the same picture. */
  cosineSure: 0.9,
  /** both moderately close: the hash agrees loosely and the embedding confirms (crop90, overlay). */
  hashLoose: 10,
  cosineWithHash: 0.8,
} as const;

/**
 * Local features (local-features.ts). The keypoints of two pictures are *verified* to show the same picture when at
 * least `accept` of them line up to a pixel under one scale+rotation+shift (refitted to all inliers), and these are
 * at least `minShare` of the keypoints that fall where both pictures are: a copy, cropped or turned, lines up
 * wherever the two overlap; two photos of one face or one scene, taken again, line up only on the subject. A pair the
 * whole-picture signals did not match, but close enough on one of them to be worth a look (an embedding neighbour
 * with cosine `gateCosine`, or a hash within `gateHash`), joins when verified (crops to half, turns by a few
 * degrees); a pair matched only through the embedding (alone or with a loose hash) is vetoed when not verified (two
 * drawings of one symbol look alike to a model). Neither is tried when a picture has fewer than `minKeypoints`
 * keypoints (flat, tiny): the other signals decide, and the explanation says so.
 * Measured (bench/duplicates-groups.ts; test/main/engine/duplicates/local-features.test.ts): copies line up 0.13-0.98 of
 * their overlap (crop70 0.13-0.36, crop50 0.09-0.29, rot5 0.20-0.63, every other edit 0.33 or more); two photos of
 * one person (Caltech faces) 0.04-0.09; two different STOP-sign clip-arts and other photos of one Caltech class at
 * most 0.11, bar one pair at 0.16 with under 10 aligned.
 */
export const LOCAL = {
  accept: 10,
  minShare: 0.12,
  minKeypoints: 30,
  gateCosine: 0.3,
  gateHash: 20,
  /**
   * A photo verified as a copy of one member of a group (grouper.ts's bridge) joins it when this many of its keypoints
   * line up with the representative (and its pixels agree there): a crop of a crop of a kite in an empty sky lines up
   * 9 with the whole picture. Unrelated photos of one subject line up under 10 (above), but are no verified copy of
   * a member, and their pixels do not agree.
   */
  bridgeAccept: 6,
} as const;

/** Whether a local match shows one picture (see LOCAL). */
export function localVerified(m: { tight: number; overlap: number }): boolean {
  return m.tight >= LOCAL.accept && m.tight >= LOCAL.minShare * m.overlap;
}

/**
 * Where the keypoints line up, the pixels must agree too (pixel-agreement.ts): a copy agrees all over the overlap (a
 * caption or a rotation's edge spoils a cell), a photo taken again of a still scene (the same shelves, the person
 * moved) agrees only where nothing moved. Measured on the pairs keypoints verify (bench/duplicates-pixel-agreement.ts:
 * the seed-1 edits of bench/duplicates-groups.ts, and every pair of photos of one subject in
 * ../shared/data/caltech101-dev and faces-crop-pairs, both ways round; 980-pixel thumbnails, 4 x 4 cells, a cell
 * agrees at a correlation of 0.6). Copies: 81-100% of the cells agree (rot5 and crop50 lowest, most 94% or more),
 * 0.86-1.00 over the whole overlap (colour, rot5 and crop90 of a meadow lowest). 63 keypoint-verified pairs of two
 * shots of one person before one background (Caltech faces): at 80% of the cells 6 still passed (13-14 of 16 cells,
 * 0.88-0.94 overall), so 90% is asked: a rot5 or a tight face crop at 13-14 of 16 cells is lost with them. Thin
 * margins on both sides: see docs/duplicates.md.
 */
export const PIXELS = {
  /** share of the overlap's cells (with structure) whose pixels correlate */
  minAgreeing: 0.9,
  /** correlation of the pixels over the whole overlap */
  minNcc: 0.85,
  /**
   * A caption or a logo spoils the areas it covers (2-3 of 13-16: 0.77-0.93 agree), but everything else lines up, so
   * the whole overlap still correlates like a copy (0.97-0.99, bench/duplicates-groups.ts seeds 1-3, and the crops
   * whose edge spoils an area); a re-shot's moved subject pulls the whole down (keypoint-verified re-shots of one
   * person with three quarters of their areas agreeing: 0.93 at most, bench/duplicates-pixel-agreement.ts). So a pair
   * with this share of agreeing areas passes when the whole correlates at `overlayNcc`, the middle of that gap.
   */
  overlayAgreeing: 0.75,
  overlayNcc: 0.95,
  /**
   * A caption bar, a date strip or a watermark band across one edge spoils every area along it (a white strip at the
   * bottom of a landscape: 12 of 16 agree, 0.3-0.9 overall), more than `overlayAgreeing` allows, while the rest of the
   * picture is untouched: without that outer row or column (`restNcc`) it correlates as a clean copy does. Measured
   * (bands of four kinds over the hires originals, 25 street scenes and the kphotoalbum photos, 592 pairs): 0.993-1.000
   * for the copies; the keypoint-verified photos of one subject that are not one picture reach 0.974 (an engraving of
   * an octopus redrawn with another head), two shots of a stop sign 0.968-0.972. A band copy that is also heavily
   * degraded stays apart: a missing link, not a wrong merge.
   */
  bandNcc: 0.985,
  /**
   * A vignette (a filter darkening the corners) spoils the corner areas and the whole correlation (75% black in the
   * corners: 0.77-0.94 overall), though the picture is untouched: with the light of each ring around the vignetted
   * picture's centre fitted and divided out (`PixelAgreement.vignette`), it correlates as a copy does. It counts
   * only when that picture really darkens towards its edges (`vignetteDrop`); measured in docs/duplicates.md.
   */
  vignetteDrop: VIGNETTE_DROP,
  vignetteNcc: 0.95,
} as const;

/**
 * Whether the pixels where two pictures overlap agree (true when they could not be compared: no thumbnail).
 * `wholeMatch`: the whole pictures already match (hash or embedding). Then only areas that disagree veto the pair: the
 * correlation over the whole overlap of a low-contrast picture (a meadow under a sky: copies at 0.77-0.89) is held
 * down by its noise and says nothing on its own, while a re-shot disagrees where something moved. A pair found by its
 * keypoints alone needs both (a re-shot face before one background agreed in 16 of 16 areas at 0.73 overall).
 */
export function pixelsAgree(p: PixelAgreement | undefined, wholeMatch = false): boolean {
  if (!p || p.cells === 0) return true;
  // a caption or logo: a few areas differ, the rest correlates like a copy (see PIXELS.overlayNcc)
  if (p.agreeing >= PIXELS.overlayAgreeing * p.cells && p.ncc >= PIXELS.overlayNcc) return true;
  // a band along one edge: the areas in one outer row or column differ, the rest correlates like a clean copy
  if ((p.restNcc ?? -1) >= PIXELS.bandNcc) return true;
  // a vignette: once the corners' darkening is taken out, the whole correlates like a copy
  if (addedVignette(p)) return true;
  return p.agreeing >= PIXELS.minAgreeing * p.cells && (wholeMatch || p.ncc >= PIXELS.minNcc);
}

/**
 * The picture of the pair that carries a vignette the other has not: it darkens towards its own edges
 * (PIXELS.vignetteDrop) and, with that darkening taken out, the two correlate like copies (PIXELS.vignetteNcc) at
 * least as well as before. None of the 2,316 keypoint-verified pairs of the groups bench's 16 edits of the hires
 * originals (3 seeds, both ways round) qualifies, and every vignetted copy (35-75% black in the corners) does, on the
 * right side (docs/duplicates.md).
 */
export function addedVignette(p: PixelAgreement): 'a' | 'b' | undefined {
  const v = p.vignette;
  return v && v.drop >= PIXELS.vignetteDrop && v.ncc >= PIXELS.vignetteNcc && v.ncc >= p.ncc ? v.side : undefined;
}

/** Verifies a local match: its keypoints (localVerified), then its pixels (pixelsAgree). */
function verifyLocal(a: LocalFeatures, b: LocalFeatures, lm: LocalMatch, ev: Omit<PairEvidence, 'rule'>, wholeMatch: boolean): 'verified' | 'unaligned' | 'reshot' {
  if (!localVerified(lm)) return 'unaligned';
  return pixelsAgree(laidOver(a, b, lm.transform, ev), wholeMatch) ? 'verified' : 'reshot';
}

/** The pixel agreement of `a` laid over `b` by `t`, kept with the pair's evidence (the explanation and keep rules read it). */
function laidOver(a: LocalFeatures, b: LocalFeatures, t: Similarity, ev: Omit<PairEvidence, 'rule'>): PixelAgreement | undefined {
  const px = pixelAgreement(a, b, t);
  if (px) {
    ev.areas = px.cells;
    ev.areasAgreeing = px.agreeing;
    ev.pixelNcc = px.ncc;
    ev.pixelNccLow = px.cellNcc[0];
    ev.pixelNccRest = px.restNcc;
    const vignetted = addedVignette(px);
    if (vignetted) {
      ev.vignetted = vignetted;
      ev.vignetteDrop = px.vignette!.drop;
    }
  }
  return px;
}

/** What a keypoint check found, kept with the pair's evidence. */
function recordLocal(ev: Omit<PairEvidence, 'rule'>, lm: LocalMatch): void {
  ev.localInliers = lm.tight;
  ev.localScale = Math.round(lm.scale * 1000) / 1000;
  ev.localRotationDeg = Math.round(lm.rotationDeg * 10) / 10;
}

/** How close the whole pictures are (the hash's score or the embedding's cosine, the closer): a pair's base score. */
function closenessOf(ev: Omit<PairEvidence, 'rule'>): number {
  return Math.max(0, Math.min(1, Math.max(ev.hashDistance !== undefined ? hashScore(ev.hashDistance) : 0, ev.cosine ?? 0)));
}

/** A pair matched by `tight` keypoints lining up: at least its closeness, more the more line up (under 1: no copy is sure). */
const localScore = (closeness: number, tight: number): number => Math.max(closeness, Math.min(0.99, 0.8 + tight / 500));

/**
 * The pair rule for a photo already verified as a copy of a member of `rep`'s group (grouper.ts's bridge), where
 * matchPair found no match (rule 'no-match'; its vetoes stand): its keypoints against the representative's at the
 * bridge's lower bar (LOCAL.bridgeAccept, the same share of the overlap), then its pixels, as for a local match.
 */
export function bridgedPair(a: DuplicateSignals, rep: DuplicateSignals, lm: LocalMatch): PairMatch | null {
  if (!a.local || !rep.local || lm.tight < LOCAL.bridgeAccept || lm.tight < LOCAL.minShare * lm.overlap) return null;
  const ev = pairEvidence(a, rep);
  recordLocal(ev, lm);
  const px = laidOver(a.local, rep.local, lm.transform, ev);
  if (!px || !pixelsAgree(px, false)) return null;
  return { level: 'near', score: localScore(closenessOf(ev), lm.tight), signals: { ...ev, rule: 'local' } };
}

/**
 * Capture times further apart than this are different shots (a burst is a 'similar' stack, not a duplicate). The times
 * are whole seconds and a copy keeps its original's to the second, so any difference is another exposure: a burst
 * one second apart, its scene barely moved, had passed as a copy when a second was allowed (the stranger trial 9).
 */
const SAME_SHOT_S = 0.5;

function dot(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

/** Camera clocks get shifted by whole time-zone steps (15 min) when people fix them; treat as same shot. */
function sameShotTime(deltaS: number): boolean {
  if (deltaS <= SAME_SHOT_S) return true;
  const q = 15 * 60;
  const r = deltaS % q;
  return deltaS <= 14 * 3600 && (r <= SAME_SHOT_S || q - r <= SAME_SHOT_S);
}

function aspectRatioBetween(a: DuplicateSignals, b: DuplicateSignals): number {
  const ra = Math.max(a.width, a.height) / Math.max(1, Math.min(a.width, a.height));
  const rb = Math.max(b.width, b.height) / Math.max(1, Math.min(b.width, b.height));
  return Math.max(ra, rb) / Math.min(ra, rb);
}

export function pairEvidence(a: DuplicateSignals, b: DuplicateSignals): Omit<PairEvidence, 'rule'> {
  const ev: Omit<PairEvidence, 'rule'> = {
    contentEqual: a.contentHash !== undefined && a.contentHash === b.contentHash,
    aspectRatio: aspectRatioBetween(a, b),
    pixelRatio: Math.max(a.width * a.height, b.width * b.height) / Math.max(1, Math.min(a.width * a.height, b.width * b.height)),
    nearUniform: a.nearUniform === true || b.nearUniform === true,
  };
  if (a.phash?.length && b.phash?.length) {
    const m = minDihedralDistance(a.phash[0], b.phash);
    ev.hashDistance = m.distance;
    ev.transform = m.transform;
    ev.window = 'whole';
    // a small crop of the other picture: its whole hash against this one's centred window, both ways; and a
    // letterboxed copy (a phone's screenshot): the picture inside its bands against the other's whole picture
    const tries: [bigint | undefined, readonly bigint[] | undefined, 'centre' | 'content'][] = [
      [a.phashCentre?.[0], b.phash, 'centre'],
      [a.phash[0], b.phashCentre, 'centre'],
      [a.phashContent?.[0], b.phash, 'content'],
      [a.phash[0], b.phashContent, 'content'],
    ];
    for (const [h, variants, window] of tries) {
      if (h === undefined || !variants?.length) continue;
      const c = minDihedralDistance(h, variants);
      if (c.distance < ev.hashDistance) {
        ev.hashDistance = c.distance;
        ev.transform = c.transform;
        ev.window = window;
      }
    }
  }
  if (a.embedding && b.embedding) ev.cosine = dot(a.embedding, b.embedding);
  if (a.takenAt !== undefined && b.takenAt !== undefined) ev.takenAtDeltaS = Math.abs(a.takenAt - b.takenAt) / 1000;
  return ev;
}

/** Maps a pHash distance onto 0..1 so that hashSure lands near the cosineSure score. */
export function hashScore(d: number): number {
  return Math.max(0, 1 - d / 64);
}

/**
 * `localCheck`: the point-by-point check of a's keypoints against b's; grouping passes one that reads the verdict
 * stored when the keypoints were found (local-checks.ts), which gives the same answer.
 */
export function matchPair(
  a: DuplicateSignals,
  b: DuplicateSignals,
  localCheck: (a: LocalFeatures, b: LocalFeatures) => LocalMatch = matchLocalFeatures,
  /** false: leave the hash-matched copy's lay-over (evidence only) to the caller (layOver), e.g. for the matches it keeps */
  withLayOver = true,
): PairMatch {
  const ev = pairEvidence(a, b);
  if (ev.contentEqual) return { level: 'exact', score: 1, signals: { ...ev, rule: 'content' } };
  const closeness = closenessOf(ev);
  // Flat pictures: pHash bits are threshold noise and embeddings of two skies are alike, so no
  // perceptual signal can tell copies from different photos; only byte equality groups them.
  if (ev.nearUniform) return { level: 'none', score: closeness, signals: { ...ev, rule: 'flat' } };
  if (ev.takenAtDeltaS !== undefined && !sameShotTime(ev.takenAtDeltaS)) {
    return { level: 'none', score: closeness, signals: { ...ev, rule: 'capture-time' } };
  }
  const d = ev.hashDistance;
  const T = THRESHOLDS;
  let rule: PairEvidence['rule'] | null = null;
  if (d !== undefined && d <= T.hashSure) rule = 'hash';
  else if (ev.cosine !== undefined && ev.cosine >= T.cosineSure) rule = 'embedding';
  else if (d !== undefined && ev.cosine !== undefined && d <= T.hashLoose && ev.cosine >= T.cosineWithHash) rule = 'hash+embedding';
  const checkable = a.local !== undefined && b.local !== undefined;
  const enough = checkable && keypointCount(a.local!) >= LOCAL.minKeypoints && keypointCount(b.local!) >= LOCAL.minKeypoints;
  if (checkable && !enough) ev.fewFeatures = true;
  const worthALook =
    rule === 'embedding' || rule === 'hash+embedding' || (!rule && ((ev.cosine ?? -1) >= LOCAL.gateCosine || (d ?? 64) <= LOCAL.gateHash));
  if (enough && worthALook) {
    const lm = localCheck(a.local!, b.local!);
    recordLocal(ev, lm);
    const verdict = verifyLocal(a.local!, b.local!, lm, ev, rule !== null);
    // keypoints that line up but pixels that do not: another shot of one still scene (vetoes a whole-picture match too)
    if (verdict === 'reshot') return { level: 'none', score: closeness, signals: { ...ev, rule: 'reshot' } };
    const verified = verdict === 'verified';
    if (rule && !verified) return { level: 'none', score: closeness, signals: { ...ev, rule: 'look-alike' } };
    if (!rule && verified) {
      return { level: 'near', score: localScore(closeness, lm.tight), signals: { ...ev, rule: 'local' } };
    }
  }
  if (!rule) return { level: 'none', score: closeness, signals: { ...ev, rule: 'no-match' } };
  if (rule === 'hash' && withLayOver) layOver(a, b, ev);
  return { level: 'near', score: closeness, signals: { ...ev, rule } };
}

/**
 * The highest score matchPair can give a pair whose point-by-point check is still to be made, from `unchecked`, its
 * answer with a check that lined nothing up (a near match at most, never an exact one: that needs equal bytes). The
 * check keeps or vetoes a match the whole-picture signals made, its score unchanged, or makes a near match of a pair
 * they did not, scored by the keypoints that line up, which are no more than the fewer keypoints of the two.
 */
export function scoreBound(unchecked: PairMatch, a: DuplicateSignals, b: DuplicateSignals): number {
  if (unchecked.signals.rule === 'look-alike') return unchecked.score;
  const fewer = Math.min(a.local ? keypointCount(a.local) : 0, b.local ? keypointCount(b.local) : 0);
  return localScore(unchecked.score, fewer);
}

/**
 * A copy the hash matched as it lies (no turn or mirror, whole picture against whole picture, one shape): its small
 * grey picture laid over the other's, scaled, so that the keep rules can see a caption or logo one of the two carries
 * (copy-edits.ts). Evidence only: the hash decided. A thousand pixels compared, for pairs that match.
 */
export function layOver(a: DuplicateSignals, b: DuplicateSignals, ev: Omit<PairEvidence, 'rule'>): void {
  if (ev.transform !== 'identity' || ev.window !== 'whole' || ev.aspectRatio > 1.01 || !a.local?.thumb || !b.local?.thumb) return;
  laidOver(a.local, b.local, [b.local.width / a.local.width, 0, 0, 0], ev);
}
