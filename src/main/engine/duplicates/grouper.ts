// Places photos into groups one at a time, so that a new photo is compared with what exists instead of
// regrouping the library. Groups never chain: a photo joins a group only if it matches the group's
// REPRESENTATIVE (A~B and B~C never pull an unrelated C in with A; a copy of a member is held to the
// representative too, at a lower bar: regroup's bridge). Pure and in memory; the service
// persists what changed. Photos leaving groups is handled in the catalog (DuplicateRepository.prune)
// before the stored groups are loaded here.

export interface Match<E> {
  /** higher is better (exact copies should outrank near ones) */
  rank: number;
  /** similarity to the representative, 0..1 */
  score: number;
  evidence: E;
}

/**
 * A match not decided yet because deciding costs (a keypoint check never made): the best it could be, and how to
 * decide it. regroup() decides it only when that best could beat the match found so far.
 */
export interface Deferred<E> {
  /** no less than the match finish() returns (rank, then score) */
  bound: { rank: number; score: number };
  finish: () => Match<E> | null;
}

export interface Membership<E> {
  groupId: number;
  score: number;
  /** null for the representative */
  evidence: E | null;
}

export interface GroupChange<E> {
  /** a new group (its representative joins as a member with score 1) */
  created?: { groupId: number; representativeId: number };
  joined: { fileId: number; membership: Membership<E> };
}

export class Grouper<E> {
  private readonly groupOfFile = new Map<number, number>();
  private readonly reps = new Map<number, number>();
  private nextId: number;

  constructor(nextGroupId = 1) {
    this.nextId = nextGroupId;
  }

  /** Loads a stored group (before placing new photos). */
  load(groupId: number, representativeId: number, memberIds: readonly number[]): void {
    this.reps.set(groupId, representativeId);
    for (const id of memberIds) this.groupOfFile.set(id, groupId);
    this.nextId = Math.max(this.nextId, groupId + 1);
  }

  groupOf(fileId: number): number | undefined {
    return this.groupOfFile.get(fileId);
  }

  representativeOf(groupId: number): number | undefined {
    return this.reps.get(groupId);
  }

  /** A group's members (derived from the file -> group map; for inspection, not for a hot path). */
  membersOf(groupId: number): number[] {
    return [...this.groupOfFile].filter(([, g]) => g === groupId).map(([id]) => id);
  }

  get groupCount(): number {
    return this.reps.size;
  }

  /**
   * Compares `fileId` with the representative of each candidate's group (or the candidate itself, when it is in
   * no group yet) and joins the best match. Returns what changed, or null when it matched nothing.
   */
  place(fileId: number, candidates: Iterable<number>, match: (fileId: number, representativeId: number) => Match<E> | null): GroupChange<E> | null {
    if (this.groupOfFile.has(fileId)) return null;
    const tried = new Set<number>();
    let best: { target: number; groupId: number | undefined; m: Match<E> } | null = null;
    for (const c of candidates) {
      if (c === fileId) continue;
      const groupId = this.groupOfFile.get(c);
      const target = groupId === undefined ? c : this.reps.get(groupId)!;
      if (tried.has(target)) continue;
      tried.add(target);
      const m = match(fileId, target);
      if (!m) continue;
      if (!best || m.rank > best.m.rank || (m.rank === best.m.rank && m.score > best.m.score)) best = { target, groupId, m };
    }
    if (!best) return null;
    let groupId = best.groupId;
    let created: GroupChange<E>['created'];
    if (groupId === undefined) {
      groupId = this.nextId++;
      this.reps.set(groupId, best.target);
      this.groupOfFile.set(best.target, groupId);
      created = { groupId, representativeId: best.target };
    }
    this.groupOfFile.set(fileId, groupId);
    return { created, joined: { fileId, membership: { groupId, score: best.m.score, evidence: best.m.evidence } } };
  }
}

export interface RegroupResult<E> {
  groups: Regrouped<E>[];
  /** photos that joined a group outside the regrouped set (its representative ranks before them) */
  joinedOutside: { fileId: number; representativeId: number; score: number; evidence: E }[];
}

/** A group as regroup() returns it: its representative first in `members`. */
export interface Regrouped<E> {
  representativeId: number;
  members: { fileId: number; score: number; evidence: E | null }[];
}

/**
 * Groups `photos` from scratch, best copy first, so that the result depends on the photos and not on the order
 * they arrived in: each photo (in `order`, the best copies first) joins the best-matching representative among
 * its candidates placed before it, or starts a group of its own. A representative is thus always the best copy of
 * its group, two representatives never match (the later one would have joined), and a photo that only matched a
 * representative now outranked is compared again, with the new one. `candidatesOf` must be symmetric (the caller
 * adds each edge both ways). `outside` gives, for a candidate not in `order`, the representative of its group
 * (kept as it is) when that representative ranks before the photo, and undefined otherwise. `match` may defer a
 * costly decision (Deferred): it is made after the others, only when its bound could still beat the best found.
 *
 * `bridge`, for a photo that matched no representative: a copy of a copy. A crop of a crop can line up with the
 * crop it was cut from and too little with the whole picture (a kite in an empty sky: 13 keypoints with the 90% crop,
 * 9 with the original, 10 needed), and would start a group of its own beside its picture's. So such a photo is
 * offered each member placed before it among its candidates (in candidate order, until one of a group bridges), with
 * the member's representative; `bridge` says whether it joins that group, and with what match. It is asked only
 * here, so a photo that matches a representative never joins through a member, and groups still never chain: the
 * bridge must verify the photo against the representative too (at a lower bar, given the copy of its member).
 */
export function regroup<E>(
  order: readonly number[],
  candidatesOf: (fileId: number) => Iterable<number>,
  outside: (candidateId: number, fileId: number) => number | undefined,
  match: (fileId: number, representativeId: number) => Match<E> | Deferred<E> | null,
  bridge?: (fileId: number, memberId: number, representativeId: number) => Match<E> | null,
): RegroupResult<E> {
  const position = new Map<number, number>();
  order.forEach((id, i) => position.set(id, i));
  const repOf = new Map<number, number>(); // placed photo -> its representative (itself for a representative)
  const groups = new Map<number, Regrouped<E>>();
  const joinedOutside: { fileId: number; representativeId: number; score: number; evidence: E }[] = [];
  for (const id of order) {
    const tried = new Set<number>();
    // the first of the best matches in candidate order (ties go the same way every time); `at` is that order
    let best: { target: number; inside: boolean; m: Match<E>; at: number } | null = null;
    const deferred: { target: number; inside: boolean; d: Deferred<E>; at: number }[] = [];
    const beats = (m: { rank: number; score: number }, at: number): boolean =>
      !best || m.rank > best.m.rank || (m.rank === best.m.rank && (m.score > best.m.score || (m.score === best.m.score && at < best.at)));
    // candidates in a fixed order (by rank), so ties between equally good matches go the same way every time
    const cands = [...candidatesOf(id)].sort((a, b) => (position.get(a) ?? -1) - (position.get(b) ?? -1) || a - b);
    for (const c of cands) {
      if (c === id) continue;
      let target: number | undefined;
      let inside = true;
      if (position.has(c)) {
        if (position.get(c)! >= position.get(id)!) continue; // ranks after: it will compare with this one
        target = repOf.get(c);
      } else {
        target = outside(c, id);
        inside = false;
      }
      if (target === undefined || tried.has(target)) continue;
      tried.add(target);
      const m = match(id, target);
      if (m && 'finish' in m) deferred.push({ target, inside, d: m, at: tried.size });
      else if (m && beats(m, tried.size)) best = { target, inside, m, at: tried.size };
    }
    // the costly ones last, and only those that could still win: the result is the one deciding all in order gives
    for (const { target, inside, d, at } of deferred) {
      if (!beats(d.bound, at)) continue;
      const m = d.finish();
      if (m && beats(m, at)) best = { target, inside, m, at };
    }
    if (!best && bridge) {
      const joined = new Set<number>(); // groups already bridged to: their other members are not asked
      let at = 0;
      for (const c of cands) {
        if (c === id || !position.has(c) || position.get(c)! >= position.get(id)!) continue;
        const rep = repOf.get(c)!;
        if (rep === c || joined.has(rep)) continue;
        const m = bridge(id, c, rep);
        at++;
        if (!m) continue;
        joined.add(rep);
        if (beats(m, at)) best = { target: rep, inside: true, m, at };
      }
    }
    if (!best) {
      repOf.set(id, id);
      continue;
    }
    if (!best.inside) {
      joinedOutside.push({ fileId: id, representativeId: best.target, score: best.m.score, evidence: best.m.evidence });
      continue;
    }
    repOf.set(id, best.target);
    let g = groups.get(best.target);
    if (!g) groups.set(best.target, (g = { representativeId: best.target, members: [{ fileId: best.target, score: 1, evidence: null }] }));
    g.members.push({ fileId: id, score: best.m.score, evidence: best.m.evidence });
  }
  return { groups: [...groups.values()], joinedOutside };
}
