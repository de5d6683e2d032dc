// Similar shots: a burst, or the same scene taken again moments later. Not copies (each frame is its own
// photo) but worth showing together so the user can keep the best; never offered for deletion as
// duplicates. The looser picture test is only allowed because capture time (and camera and place, where
// the photos say) must agree first: across a whole library, two photos this alike are common, two within
// a minute on one camera that are unrelated are rare.
import { hashScore, pairEvidence, type DuplicateSignals, type PairEvidence } from './near-duplicate-rule.js';

export const SIMILAR_SHOT = {
  /** capture times at most this far apart (a burst or a retake) */
  windowS: 60,
  /** GPS positions at most this far apart, when both photos have one */
  maxDistanceM: 100,
  // The picture test, before the time gate: unrelated photos pass it rarely. Measured over 1.59 M pairs of
  // unrelated photos (bench/duplicates-copydays.ts: Caltech-101 and the hires set): cosine >= 0.6 admits 390
  // (0.025%), hash distance <= 12 admits 233 (0.015%); distance 18 would admit 43,039 (2.7%), too many.
  /** embedding cosine (the shipped whitening) ... */
  cosine: 0.6,
  /** ... or perceptual-hash distance */
  hashDistance: 12,
} as const;

export interface SimilarShotMatch {
  similar: boolean;
  score: number;
  evidence: PairEvidence & { distanceM?: number };
}

/** Great-circle distance in metres (haversine; plenty for 100 m). */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function matchSimilarShot(a: DuplicateSignals, b: DuplicateSignals): SimilarShotMatch {
  const ev = pairEvidence(a, b);
  const dist = a.gps && b.gps ? distanceM(a.gps, b.gps) : undefined;
  const score = Math.max(ev.cosine ?? 0, ev.hashDistance !== undefined ? hashScore(ev.hashDistance) : 0);
  const no = (rule: PairEvidence['rule']): SimilarShotMatch => ({ similar: false, score, evidence: { ...ev, rule, distanceM: dist } });
  if (ev.takenAtDeltaS === undefined || ev.takenAtDeltaS > SIMILAR_SHOT.windowS) return no('capture-time');
  if (a.camera && b.camera && a.camera !== b.camera) return no('other-camera');
  if (dist !== undefined && dist > SIMILAR_SHOT.maxDistanceM) return no('far-apart');
  if (ev.nearUniform) return no('flat');
  const byCos = ev.cosine !== undefined && ev.cosine >= SIMILAR_SHOT.cosine;
  const byHash = ev.hashDistance !== undefined && ev.hashDistance <= SIMILAR_SHOT.hashDistance;
  if (!byCos && !byHash) return no('no-match');
  return { similar: true, score, evidence: { ...ev, rule: 'burst', distanceM: dist } };
}
