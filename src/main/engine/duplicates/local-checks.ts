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

/** What the deep pass reads to check a photo's partners (catalog/local-check-repository.ts, and the placement order). */
export interface PartnerSource {
  /** the photos recorded as near `fileId` by embedding, either way round */
  neighbourIds(fileId: number): readonly number[];
  /** the photos whose stored check with `fileId` lines up, either way round */
  alignedWith(fileId: number): readonly number[];
  /** whether the check of a's keypoints against b's is stored */
  checked(a: number, b: number): boolean;
  /** a photo's current keypoints */
  keypointsOf(fileId: number): LocalFeatures | undefined;
  /** whether grouping places a before b (placement-order.ts): then it compares b with a, not a with b */
  before(a: number, b: number): boolean;
}

/** A check one way round: a's keypoints against b's. */
export interface OneWayCheck {
  a: number;
  b: number;
  verdict: LocalVerdict;
}

/**
 * The checks grouping would otherwise make itself, made by the deep pass after a photo's checks with its neighbours
 * (checkNeighbours). Grouping compares a photo with the representative of each group its neighbours are in, and a
 * neighbour joins a group through the copy it lines up with, which is seldom a neighbour of the photo (a photo of the
 * same kind of scene as one copy of a picture, against the picture's original). So for every two photos X, Y whose
 * keypoints line up, X placed before Y (a representative is its group's first), and every recorded neighbour Z of Y
 * placed after X, Z's keypoints are checked against X's, the one way round grouping compares them; at the deep pass
 * of whichever of the three comes last: `fileId` as Z (against what its neighbours line up with), as X (its partners'
 * neighbours against it) and as Y (its neighbours against its partners). Checks stored already are not made again.
 * Grouping still checks a pair this leaves out (a partner found by these checks themselves, a photo placed otherwise
 * than its group's first): a cost, never a different verdict (docs/duplicates.md, Scale).
 */
export function checkPartners(fileId: number, own: LocalFeatures, source: PartnerSource, made: readonly PairCheck[]): OneWayCheck[] {
  const out: OneWayCheck[] = [];
  const done = new Set<string>();
  const features = new Map<number, LocalFeatures | undefined>([[fileId, own]]);
  const keypoints = (id: number): LocalFeatures | undefined => {
    if (!features.has(id)) features.set(id, source.keypointsOf(id));
    return features.get(id);
  };
  const partners = new Set<number>(made.filter((c) => c.toOther || c.fromOther).map((c) => c.otherId));
  // z's keypoints against x's (x placed before z)
  const check = (z: number, x: number): void => {
    const key = `${z}:${x}`;
    if (z === x || done.has(key)) return;
    done.add(key);
    if (source.checked(z, x)) return;
    const fz = keypoints(z);
    const fx = keypoints(x);
    if (!fz || !fx || !checkable(fz, fx)) return;
    const verdict = checkOneWay(fz, fx);
    out.push({ a: z, b: x, verdict });
    if (verdict && z === fileId) partners.add(x);
  };
  const neighbours = source.neighbourIds(fileId);
  // as Z: against what its neighbours line up with, placed before both
  for (const y of neighbours) for (const x of source.alignedWith(y)) if (x !== fileId && source.before(x, y) && source.before(x, fileId)) check(fileId, x);
  for (const y of [...partners]) {
    // as X: its partners' neighbours against it
    if (source.before(fileId, y)) for (const z of source.neighbourIds(y)) if (z !== fileId && source.before(fileId, z)) check(z, fileId);
    // as Y: its neighbours against its partners
    if (source.before(y, fileId)) for (const z of neighbours) if (z !== y && source.before(y, z)) check(z, y);
  }
  return out;
}
