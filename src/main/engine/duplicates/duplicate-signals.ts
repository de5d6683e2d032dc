// Turns catalog rows into the per-photo signals the pair rules compare, and pair evidence into the
// explanation the UI and CLI show.
import type { PairExplanation } from '../../../shared/duplicate-types.js';
import type { DuplicateFileRow } from '../catalog/duplicate-repository.js';
import type { PhotoHashes } from '../catalog/hash-repository.js';
import type { DuplicateSignals, PairEvidence } from './near-duplicate-rule.js';
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

export function signalsFrom(row: DuplicateFileRow, hashes: PhotoHashes | undefined, embedding: Float32Array | undefined): PhotoSignals {
  const camera = [row.camera_make, row.camera_model].filter(Boolean).join(' ').trim();
  return {
    id: row.id,
    path: row.path,
    format: row.format,
    contentHash: row.content_hash,
    phash: hashes?.whole,
    phashCentre: hashes?.centre,
    nearUniform: hashes ? hashes.residualRms < MIN_RESIDUAL_RMS : undefined,
    embedding,
    width: row.width ?? 0,
    height: row.height ?? 0,
    // Only a capture time the camera wrote may veto or gate a match; a file time says when it was copied.
    takenAt: row.taken_at_source === 'exif' && row.taken_at ? wallClockMs(row.taken_at) : undefined,
    gps: row.gps_lat !== null && row.gps_lon !== null ? { lat: row.gps_lat, lon: row.gps_lon } : undefined,
    camera: camera || undefined,
  };
}

const round = (x: number | undefined, digits: number): number | null => (x === undefined ? null : Math.round(x * 10 ** digits) / 10 ** digits);

export function explanation(
  level: PairExplanation['level'],
  score: number,
  ev: PairEvidence & { distanceM?: number },
): PairExplanation {
  return {
    level,
    score: round(score, 4) ?? 0,
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
  };
}
