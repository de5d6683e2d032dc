// The keypoint check of a pair of photos, made once. Grouping compares each photo with the representatives of its
// candidates' groups, and most candidates are the photo's nearest photos by embedding: at 100,000 photos about 750,000
// such pairs are close enough to be checked point by point, 100-500 µs each, several times the grouping's budget
// (docs/duplicates.md, Scale). So a photo's keypoints are checked against its recorded neighbours' when they are found
// (the deep pass: about 20 checks, a few ms a photo), a pair met later (a neighbour recorded after both were checked,
// a representative that is no neighbour) is checked when grouping first compares it, and grouping reads the verdicts.
// A stored verdict gives the pair rule the same answer the check would: the same match where the keypoints line up,
// and where they do not, nothing lined up (near-duplicate-rule.ts asks no more of a pair that does not verify).
import { keypointCount, matchLocalFeatures, type LocalFeatures, type LocalMatch } from './local-features.js';
import { LOCAL, localVerified } from './near-duplicate-rule.js';

/** One way round (a's keypoints against b's): the match where the keypoints line up (localVerified), null where not. */
export type LocalVerdict = LocalMatch | null;

/** A check of both ways round, between a photo and another. */
export interface PairCheck {
  otherId: number;
  /** the photo's keypoints against the other's */
  toOther: LocalVerdict;
  /** the other's against the photo's */
  fromOther: LocalVerdict;
}

/** What a stored "does not line up" reads back as. */
export const NOT_ALIGNED: LocalMatch = Object.freeze({ inliers: 0, matches: 0, scale: 1, rotationDeg: 0, tight: 0, overlap: 0, transform: [1, 0, 0, 0] as const });

/** Where the verdicts are kept (catalog/local-check-repository.ts; a Map in benches). */
export interface LocalCheckStore {
  /** a's keypoints against b's: undefined when the check was never made (or made on keypoints found again since) */
  verdict(a: number, b: number): LocalVerdict | undefined;
}

/** The check one way round, as near-duplicate-rule.ts makes it, reduced to what is kept. */
export function checkOneWay(a: LocalFeatures, b: LocalFeatures): LocalVerdict {
  const m = matchLocalFeatures(a, b);
  return localVerified(m) ? m : null;
}

/** Whether the pair rule would ever compare these two point by point (both have enough keypoints). */
export function checkable(a: LocalFeatures, b: LocalFeatures): boolean {
  return keypointCount(a) >= LOCAL.minKeypoints && keypointCount(b) >= LOCAL.minKeypoints;
}

/** A photo's keypoints against each neighbour's, both ways round (the deep pass, once per photo found). */
export function checkNeighbours(own: LocalFeatures, neighbours: readonly { id: number; features: LocalFeatures }[]): PairCheck[] {
  const out: PairCheck[] = [];
  for (const n of neighbours) {
    if (!checkable(own, n.features)) continue;
    out.push({ otherId: n.id, toOther: checkOneWay(own, n.features), fromOther: checkOneWay(n.features, own) });
  }
  return out;
}

/**
 * The pair rule's point-by-point check for the pair (a, b) of photos `aId`, `bId`: the stored verdict where there is
 * one, the check itself otherwise (its verdict handed to `learned`, to be stored).
 */
export function storedLocalCheck(
  store: LocalCheckStore | undefined,
  aId: number,
  bId: number,
  learned?: (a: number, b: number, v: LocalVerdict) => void,
): (a: LocalFeatures, b: LocalFeatures) => LocalMatch {
  return (a, b) => {
    const known = store?.verdict(aId, bId);
    if (known !== undefined) return known ?? NOT_ALIGNED;
    const m = matchLocalFeatures(a, b);
    learned?.(aId, bId, localVerified(m) ? m : null);
    return m;
  };
}
