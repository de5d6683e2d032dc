// Places photos into groups one at a time, so that a new photo is compared with what exists instead of
// regrouping the library. Groups never chain: a photo joins a group only if it matches the group's
// REPRESENTATIVE (A~B and B~C never pull an unrelated C in with A). Pure and in memory; the service
// persists what changed. Photos leaving groups is handled in the catalog (DuplicateRepository.prune)
// before the stored groups are loaded here.

export interface Match<E> {
  /** higher is better (exact copies should outrank near ones) */
  rank: number;
  /** similarity to the representative, 0..1 */
  score: number;
  evidence: E;
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
