// Turns catalog rows into the per-photo signals the pair rules compare, and pair evidence into the
// explanation the UI and CLI show.
import type { DupMessage, PairExplanation } from '../../../shared/duplicate-types.js';
import type { DuplicateFileRow } from '../catalog/duplicate-repository.js';
import type { PhotoHashes } from '../catalog/hash-repository.js';
import type { DuplicateSignals, PairEvidence } from './near-duplicate-rule.js';
import type { LocalFeatures } from './local-features.js';
import { LOCAL } from './near-duplicate-rule.js';
import { MIN_RESIDUAL_RMS } from './perceptual-hash.js';

export interface PhotoSignals extends DuplicateSignals {
  id: number;
  path: string;
  format: string | null;
}

/** Wall-clock milliseconds of an ISO local time (the zone suffix ignored: cameras rarely record one). */
export function wallClockMs(iso: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(iso);
  if (!m) return undefined;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

export function signalsFrom(
  row: DuplicateFileRow,
  hashes: PhotoHashes | undefined,
  embedding: Float32Array | undefined,
  local?: LocalFeatures,
): PhotoSignals {
  const camera = [row.camera_make, row.camera_model].filter(Boolean).join(' ').trim();
  return {
    id: row.id,
    path: row.path,
    format: row.format,
    contentHash: row.content_hash,
    phash: hashes?.whole,
    phashCentre: hashes?.centre,
    phashContent: hashes?.content.length ? hashes.content : undefined,
    nearUniform: hashes ? hashes.residualRms < MIN_RESIDUAL_RMS : undefined,
    embedding,
    local,
    width: row.width ?? 0,
    height: row.height ?? 0,
    // Only a capture time the camera wrote may veto or gate a match; a file time says when it was copied.
    takenAt: row.taken_at_source === 'exif' && row.taken_at ? wallClockMs(row.taken_at) : undefined,
    gps: row.gps_lat !== null && row.gps_lon !== null ? { lat: row.gps_lat, lon: row.gps_lon } : undefined,
    camera: camera || undefined,
  };
}

const round = (x: number | undefined, digits: number): number | null => (x === undefined ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** A pair's score as shown and as grouping compares it (4 digits). */
export const roundScore = (score: number): number => round(score, 4) ?? 0;

const TRANSFORM_WORDS: Record<string, string> = {
  rot90: 'turned a quarter',
  rot180: 'turned upside down',
  rot270: 'turned a quarter the other way',
  flipH: 'mirrored',
  flipV: 'flipped upside down',
  transpose: 'mirrored and turned',
  antiTranspose: 'mirrored and turned',
};

/** The verdict as a sentence: a code with parameters (worded by the UI in the user's language) and English. */
export function pairSentence(ev: PairEvidence & { distanceM?: number }): { message: DupMessage; text: string } {
  const base = pairVerdict(ev);
  let { code } = base.message;
  let { text } = base;
  // decided without the point-by-point check: say so (a flat or tiny picture has too few details for it)
  if (ev.fewFeatures && ev.rule !== 'content' && ev.rule !== 'same-file') {
    code += '+few-features';
    text += ' Too few details to check point by point (a plain or tiny picture); decided by the other signals.';
  }
  if (ev.vignetted) {
    code += '+vignette';
    text += ' One of the two has darkened edges (a vignette), taken out before the pixels were compared.';
  }
  return { message: { code, params: base.message.params }, text };
}

function pairVerdict(ev: PairEvidence & { distanceM?: number }): { message: DupMessage; text: string } {
  const transform = ev.transform && ev.transform !== 'identity' ? (TRANSFORM_WORDS[ev.transform] ?? ev.transform) : '';
  const pct = ev.cosine !== undefined ? Math.round(ev.cosine * 100) : 0;
  const s = (code: string, params: DupMessage['params'], text: string) => ({ message: { code, params }, text });
  switch (ev.rule) {
    case 'content':
      return s('match.content', {}, 'The two files are identical, byte for byte.');
    case 'same-file':
      return s('match.same-file', {}, 'Both paths lead to one file on disk (a link): nothing to clean up.');
    case 'hash':
      return s('match.hash', { distance: ev.hashDistance ?? 0, transform, turn: transform ? ev.transform! : '' }, `The two pictures look the same${transform ? ` once one is ${transform}` : ''}: their fingerprints differ in ${ev.hashDistance} of 64 points.`);
    case 'embedding':
      return s('match.embedding', { percent: pct }, `The image model sees the same picture (similarity ${pct}%).`);
    case 'hash+embedding':
      return s('match.hash+embedding', { distance: ev.hashDistance ?? 0, percent: pct }, `The fingerprints are close (${ev.hashDistance} of 64) and the image model agrees (${pct}%).`);
    case 'local':
      return s('match.local', { inliers: ev.localInliers ?? 0, how: '' }, `${ev.localInliers ?? 0} details of one picture line up with the other: one is a crop, rotation or edit of the other.`);
    case 'look-alike':
      return s('match.look-alike', { inliers: ev.localInliers ?? 0, needed: LOCAL.accept }, `Alike at a glance, but their details do not line up (${ev.localInliers ?? 0} of ${LOCAL.accept} needed): different pictures.`);
    case 'reshot': {
      const areas = ev.areas ?? 0;
      const differ = areas - (ev.areasAgreeing ?? 0);
      return s('match.reshot', { differ, areas }, `Their details line up, but the pictures differ in ${differ} of ${areas} areas: another shot of the same scene, not a copy.`);
    }
    case 'burst':
      return s('match.burst', { seconds: Math.round(ev.takenAtDeltaS ?? 0) }, `Taken ${Math.round(ev.takenAtDeltaS ?? 0)} s apart with the same camera, and the pictures are alike.`);
    case 'flat':
      return s('match.flat', {}, 'Too plain to compare by picture (sky, a wall): only identical files are grouped.');
    case 'capture-time':
      return s('match.capture-time', { seconds: Math.round(ev.takenAtDeltaS ?? 0) }, `Taken ${Math.round(ev.takenAtDeltaS ?? 0)} s apart: different shots.`);
    case 'other-camera':
      return s('match.other-camera', {}, 'Taken with different cameras.');
    case 'far-apart':
      return s('match.far-apart', { metres: Math.round(ev.distanceM ?? 0) }, `Taken ${Math.round(ev.distanceM ?? 0)} m apart.`);
    case 'raw+jpeg':
      return s('match.raw+jpeg', {}, 'A RAW file and the JPEG the camera wrote beside it: one shot in two forms, kept together.');
    default:
      return s('match.no-match', {}, 'The pictures differ.');
  }
}

export function explanation(
  level: PairExplanation['level'],
  score: number,
  ev: PairEvidence & { distanceM?: number },
): PairExplanation {
  // (the sentence's two fields named, not spread: an object spread first and then grown field by field cost 20 µs a
  // call, most of a grouping's words; the same fields in the same order)
  const { message, text } = pairSentence(ev);
  return {
    message,
    text,
    level,
    score: roundScore(score),
    rule: ev.rule,
    contentEqual: ev.contentEqual,
    hashDistance: ev.hashDistance ?? null,
    transform: ev.transform ?? null,
    cosine: round(ev.cosine, 4),
    aspectRatio: round(ev.aspectRatio, 4) ?? 1,
    pixelRatio: round(ev.pixelRatio, 4) ?? 1,
    takenAtDeltaS: round(ev.takenAtDeltaS, 1),
    distanceM: round(ev.distanceM, 1),
    nearUniform: ev.nearUniform,
    localInliers: ev.localInliers ?? null,
    fewFeatures: ev.fewFeatures ?? false,
    ...(ev.localRotationDeg !== undefined && { localRotationDeg: ev.localRotationDeg }),
    ...(ev.areas !== undefined && { areas: ev.areas, areasAgreeing: ev.areasAgreeing, pixelNcc: round(ev.pixelNcc, 3) ?? undefined, pixelNccLow: round(ev.pixelNccLow, 3) ?? undefined, pixelNccRest: round(ev.pixelNccRest, 3) ?? undefined }),
    ...(ev.vignetted && { vignetted: ev.vignetted, vignetteDrop: round(ev.vignetteDrop, 3) ?? undefined }),
  };
}
