// Duplicate groups (exact and near copies) and similar-shot stacks over the catalog, kept up to date
// incrementally: after each index run the photos not yet compared are placed into the stored groups
// (grouper.ts), finding their candidates through a hash index, the similarity index and equal content,
// never by comparing every pair.
import type { DuplicateGroup, DuplicateLevel, DuplicateMember, PairExplanation } from '../../../shared/duplicate-types.js';
import { DuplicateRepository, type DuplicateFileRow, type GroupKind, type StoredGroup } from '../catalog/duplicate-repository.js';
import type { FileRepository } from '../catalog/file-repository.js';
import type { HashRepository, PhotoHashes } from '../catalog/hash-repository.js';
import { LibraryError } from '../errors.js';
import type { SettingsStore } from '../settings.js';
import { explanation, roundScore, signalsFrom, wallClockMs, type PhotoSignals } from './duplicate-signals.js';
import { Grouper, regroup, type Deferred, type Match } from './grouper.js';
import { copyEdits, overlaidMembers, type CopyEdit } from './copy-edits.js';
import type { CopyQualityRepository } from '../catalog/copy-quality-repository.js';
import type { LocalCheckRepository } from '../catalog/local-check-repository.js';
import { HashIndex, indexedHashes } from './hash-index.js';
import { chooseKeeper, type KeepCandidate } from './keep-rules.js';
import { compareKeys, placementKey, type PlacementFacts, type PlacementKey } from './placement-order.js';
import { NOT_ALIGNED, storedLocalCheck, type LocalVerdict } from './local-checks.js';
import { matchLocalFeatures, type LocalFeatures, type LocalMatch } from './local-features.js';
import { bridgedPair, layOver, matchPair, scoreBound, THRESHOLDS, type PairMatch } from './near-duplicate-rule.js';
import { isRawJpegPair } from './raw-jpeg-pair.js';
import { sameFileOnDisk } from '../util/same-file.js';
import { matchSimilarShot, SIMILAR_SHOT } from './similar-shot-rule.js';

export interface DuplicateServiceDeps {
  repo: DuplicateRepository;
  files: FileRepository;
  hashes: HashRepository;
  /** what each copy looks like as a copy (padding, sharpness, JPEG quality...), and the keepers users chose */
  quality?: CopyQualityRepository;
  /** the keypoint checks of pairs made before (local-checks.ts): grouping reads them, and stores those it makes */
  checks?: LocalCheckRepository;
  settings: SettingsStore;
  /** the calibrated embedding of a photo (SimilarityService.projectForDuplicates of its features) */
  embeddingOf: (fileId: number) => Float32Array | undefined;
  /** the same for many photos in one go (much faster per photo) */
  embeddingsOf?: (fileIds: readonly number[]) => Promise<(Float32Array | undefined)[]>;
  /** nearest photos by embedding (candidates for near-duplicates whose hash moved too far: crops, overlays) */
  neighbourIds: (fileId: number, k: number) => Promise<number[]>;
  /** runs `update` only when this process may write to the library now (listing is a read: it never waits for,
   *  or writes beside, another process's index run); default: always */
  whenWriting?: (update: () => Promise<unknown>) => Promise<void>;
  /** a grouping of at least 1 / wideShare of the library reads each table in one pass (default WIDE_SHARE; 0: never) */
  wideShare?: number;
}

/** Embedding neighbours checked per photo: near-duplicates are each other's closest photos by far. */
const EMBEDDING_CANDIDATES = 10;
/** Embeddings kept in memory while placing (each is 2 KB; representatives are asked for again and again). */
const EMBEDDING_CACHE = 20_000;
/** Photos whose embeddings are worked out in one go (their features read in one query, projected in one product). */
const EMBEDDING_BATCH = 1000;

/**
 * A grouping reads each table in one pass when it regroups at least 1 / WIDE_SHARE of the library: a read a photo at
 * a time costs some 10-100 times a row of a pass (bench/duplicates-app-scale.ts), so a pass costs less from there on.
 */
const WIDE_SHARE = 16;

interface WideReads {
  /** every file in the catalog */
  present: Set<number>;
  rows: Map<number, DuplicateFileRow>;
  hashes: Map<number, PhotoHashes>;
  /** every photo's local features, their keypoints read when first used */
  keypoints: Map<number, LocalFeatures> | undefined;
}

export class DuplicateService {
  private readonly embeddings = new Map<number, Float32Array | undefined>();
  /** signals read during one update (a representative is compared with many photos); cleared after it */
  private readonly signalCache = new Map<number, PhotoSignals>();
  private running: Promise<{ placed: number }> | null = null;
  /** raised while an update compares a large set (a first grouping), so its embeddings stay in memory */
  private embeddingCacheLimit = EMBEDDING_CACHE;
  /** while a grouping of much of the library compares photos: what it read in one pass over each table */
  private wide: WideReads | null = null;

  constructor(private readonly deps: DuplicateServiceDeps) {}

  /**
   * Places every photo not yet compared; returns how many were placed. One update at a time: a second caller
   * (the UI listing groups while an index run ends) waits for the running one and then looks again.
   */
  async update(): Promise<{ placed: number }> {
    while (this.running) await this.running.catch(() => {});
    this.running = (async () => {
      try {
        return { placed: (await this.updateDuplicates()) + this.updateSimilar() };
      } finally {
        this.embeddings.clear();
        this.signalCache.clear();
        this.wide = null;
        this.deps.checks?.clearCache();
      }
    })();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  async groups(level?: DuplicateLevel): Promise<DuplicateGroup[]> {
    if (this.deps.whenWriting) await this.deps.whenWriting(() => this.update());
    else await this.update();
    const out: DuplicateGroup[] = [];
    // A picture's copies belong to one place: a copy that clean-up would trash is not also a frame of a stack.
    const trashable = new Set<number>();
    for (const g of this.deps.repo.groups('duplicate')) {
      const view = this.view(g, 'duplicate');
      if (!view) continue;
      for (const m of view.members) if (m.id !== view.keepId) trashable.add(m.id);
      if (level !== 'similar' && (!level || view.level === level)) out.push(view);
    }
    if (!level || level === 'similar') {
      for (const g of this.deps.repo.groups('similar')) {
        const view = this.view({ ...g, members: g.members.filter((m) => !trashable.has(m.fileId)) }, 'similar');
        if (view) out.push(view);
      }
    }
    return out;
  }

  /** One group as shown (null when it no longer exists). */
  group(groupId: number): DuplicateGroup | null {
    const g = this.deps.repo.group(groupId);
    return g ? this.view(g, g.kind) : null;
  }

  /** The suggested keeper of the exact/near-duplicate group a photo is in (undefined when in none). */
  keeperOf(fileId: number): number | undefined {
    const groupId = this.deps.repo.groupOfFile(fileId, 'duplicate');
    return groupId === undefined ? undefined : (this.group(groupId)?.keepId ?? undefined);
  }

  /** Whether the photo is the representative of a group or stack: when it leaves, the others are placed again. */
  leadsGroup(fileId: number): boolean {
    return (['duplicate', 'similar'] as const).some((kind) => {
      const groupId = this.deps.repo.groupOfFile(fileId, kind);
      return groupId !== undefined && this.deps.repo.group(groupId)?.representativeId === fileId;
    });
  }

  /** Why two photos are (or are not) duplicates or similar shots, with every signal. */
  explain(a: number, b: number): PairExplanation {
    const sa = this.signals(a);
    const sb = this.signals(b);
    const dup = this.matchDuplicate(sa, sb);
    if (dup.level !== 'none') return dup;
    const shot = matchSimilarShot(sa, sb);
    if (shot.similar) return explanation('similar', shot.score, shot.evidence);
    return dup;
  }

  private signals(id: number): PhotoSignals {
    const row = this.deps.repo.file(id);
    if (!row) throw new LibraryError('not-found', `No photo with id ${id} in the catalog.`);
    return this.signalsOfRow(row);
  }

  /** The signals of a catalogued photo, cached while an update runs (null once the photo left the catalog). */
  private signalsIfCatalogued(id: number): PhotoSignals | null {
    const cached = this.signalCache.get(id);
    if (cached) return cached;
    const row = this.wide ? (this.wide.present.has(id) ? (this.wide.rows.get(id) ?? this.deps.repo.file(id)) : undefined) : this.deps.repo.file(id);
    if (!row) return null;
    const s = this.signalsOfRow(row);
    if (this.running) {
      // (a wide grouping's signals are light, their keypoints read when used: kept for the whole grouping)
      if (!this.wide && this.signalCache.size >= EMBEDDING_CACHE) this.signalCache.delete(this.signalCache.keys().next().value!);
      this.signalCache.set(id, s);
    }
    return s;
  }

  private signalsOfRow(row: DuplicateFileRow): PhotoSignals {
    if (this.wide) return signalsFrom(row, this.wide.hashes.get(row.id), this.embedding(row.id), this.wide.keypoints?.get(row.id));
    return signalsFrom(row, this.deps.hashes.of(row.id), this.embedding(row.id), this.deps.quality?.keypointsOf(row.id));
  }

  /** Whether a photo is still in the catalog (not removed by an index run or a trash beside this update). */
  private catalogued(id: number): boolean {
    return this.wide ? this.wide.present.has(id) : this.deps.repo.file(id) !== undefined;
  }

  /** Computes the embeddings of `ids` not cached yet in one batch (placing photos asks for each one at least once). */
  private async prefetchEmbeddings(ids: readonly number[]): Promise<void> {
    const missing = ids.filter((id) => !this.embeddings.has(id));
    if (!missing.length || !this.deps.embeddingsOf) return;
    const vectors = await this.deps.embeddingsOf(missing);
    missing.forEach((id, i) => this.remember(id, vectors[i]));
  }

  private remember(id: number, v: Float32Array | undefined): void {
    if (this.embeddings.size >= this.embeddingCacheLimit) this.embeddings.delete(this.embeddings.keys().next().value!);
    this.embeddings.set(id, v);
  }

  private embedding(id: number): Float32Array | undefined {
    if (this.embeddings.has(id)) return this.embeddings.get(id);
    const v = this.deps.embeddingOf(id);
    this.remember(id, v);
    return v;
  }

  private matchDuplicate(a: PhotoSignals, b: PhotoSignals, localCheck?: (a: LocalFeatures, b: LocalFeatures) => LocalMatch): PairExplanation {
    const m = this.duplicatePair(a, b, localCheck);
    return explanation(m.level, m.score, m.signals);
  }

  /** The pair rule with the catalog's own exceptions, before it is put in words (grouping words only the matches). */
  private duplicatePair(a: PhotoSignals, b: PhotoSignals, localCheck?: (a: LocalFeatures, b: LocalFeatures) => LocalMatch, withLayOver = true): PairMatch {
    const m = matchPair(a, b, localCheck, withLayOver);
    // Two paths to one file on disk (a symlink or hard link the scanner followed): not a copy to clean up.
    if (m.level === 'exact' && sameFileOnDisk(a.path, b.path)) return { level: 'none', score: 1, signals: { ...m.signals, rule: 'same-file' } };
    // One shot in two forms (RAW + its JPEG) is a pair to keep together, never a duplicate to trash.
    if (m.level !== 'none' && isRawJpegPair(a, b)) return { level: 'none', score: m.score, signals: { ...m.signals, rule: 'raw+jpeg' } };
    return m;
  }

  /**
   * Places the photos not yet compared. Incremental, yet equal to grouping the library from scratch: the new photos,
   * the photos they are candidates of and the groups those are in are grouped again together, best copy first
   * (regroup), so a better copy arriving later becomes its group's representative, groups whose representatives
   * match become one, and a member that only matched a demoted representative is compared again.
   */
  private async updateDuplicates(): Promise<number> {
    const { repo } = this.deps;
    repo.prune('duplicate');
    const todo = repo.unplaced('duplicate', false);
    if (todo.length === 0) return 0;
    const stored = repo.groups('duplicate');
    const groupOfFile = new Map<number, StoredGroup>();
    for (const g of stored) for (const m of g.members) groupOfFile.set(m.fileId, g);
    const placed = repo.placedIds('duplicate');
    // A grouping of much of the library (the first, after a large index run) reads what it compares in one pass over
    // each table; a few new photos, a photo at a time (never the whole library).
    const wide = todo.length * (this.deps.wideShare ?? WIDE_SHARE) >= todo.length + placed.size;
    const neighbours = wide ? repo.allNeighbours() : undefined;
    const byContent = wide ? repo.idsByContent() : undefined;
    // Every current hash, laid out once.
    const index = new HashIndex();
    const hashesOf = new Map<number, PhotoHashes>();
    for (const h of this.deps.hashes.all()) {
      for (const x of indexedHashes(h.whole, h.centre, h.content)) index.add(h.fileId, x);
      hashesOf.set(h.fileId, h);
    }
    const todoIds = new Set(todo.map((r) => r.id));
    const known = (id: number): boolean => todoIds.has(id) || placed.has(id);
    const candidatesFor = async (id: number, contentHash: string): Promise<Set<number>> => {
      const c = new Set<number>(byContent ? (byContent.get(contentHash) ?? []) : this.deps.files.idsWithContent(contentHash));
      const h = hashesOf.get(id);
      // The photo's 8 rotations/mirrors against everyone's whole picture and centred window (its own centred window
      // is found by the other photo's query: edges are made symmetric below).
      if (h) for (const other of index.near(h.whole, THRESHOLDS.hashSure).keys()) c.add(other);
      // A letterboxed copy's picture against everyone's whole picture: the original may be placed already, and then
      // it asks no query of its own.
      if (h?.content.length) for (const other of index.near(h.content, THRESHOLDS.hashSure).keys()) c.add(other);
      // Nearest photos by embedding: recorded while indexing, or asked for now where none were.
      const near = (neighbours ? neighbours.get(id) : repo.neighboursOf(id)) ?? (await this.deps.neighbourIds(id, EMBEDDING_CANDIDATES));
      for (const other of near) c.add(other);
      c.delete(id);
      for (const other of c) if (!known(other)) c.delete(other);
      return c;
    };
    // The set grouped again: the new photos, their candidates, and every member of the groups those are in.
    const regroupIds = new Set<number>(todoIds);
    const cands = new Map<number, Set<number>>();
    for (const row of todo) {
      const c = await candidatesFor(row.id, row.content_hash);
      cands.set(row.id, c);
      for (const other of c) regroupIds.add(other);
    }
    for (const id of [...regroupIds]) for (const m of groupOfFile.get(id)?.members ?? []) regroupIds.add(m.fileId);
    const rows = new Map<number, DuplicateFileRow>();
    const todoRows = new Map(todo.map((r) => [r.id, r]));
    for (const id of regroupIds) {
      const row = todoRows.get(id) ?? repo.file(id);
      if (row) rows.set(id, row);
      else regroupIds.delete(id);
    }
    for (const id of regroupIds) if (!cands.has(id)) cands.set(id, await candidatesFor(id, rows.get(id)!.content_hash));
    // A photo that matched nothing when it was placed is placed again beside a candidate whose group is regrouped: the
    // new representative (its original, arriving after its copies) may be what it copies. From scratch it would be
    // compared; without this a screenshot of a picture whose copies came first stayed alone (the stranger trial 9).
    for (const c of [...cands.values()]) {
      for (const id of c) {
        if (regroupIds.has(id) || groupOfFile.has(id)) continue;
        const row = repo.file(id);
        if (!row) continue;
        regroupIds.add(id);
        rows.set(id, row);
        cands.set(id, await candidatesFor(id, row.content_hash));
      }
    }
    // symmetric edges: a pair is compared whichever of the two found the other
    for (const [id, c] of [...cands]) for (const other of c) if (cands.has(other)) cands.get(other)!.add(id);
    // what decides the order, read once a photo (the sort compares each many times)
    const facts = new Map<number, PlacementKey>();
    const qualities = wide ? this.deps.quality?.all() : undefined;
    const factsOf = (id: number, row: DuplicateFileRow): PlacementKey => {
      let f = facts.get(id);
      if (!f) facts.set(id, (f = placementKey(qualities ? { row, quality: qualities.get(id) } : this.placementOf(row))));
      return f;
    };
    const order = [...regroupIds].sort((a, b) => compareKeys(factsOf(a, rows.get(a)!), factsOf(b, rows.get(b)!)));
    // embeddings of everyone compared, in batches (one at a time costs three times as much)
    const outsideReps = new Set<number>();
    for (const c of cands.values()) for (const other of c) if (!regroupIds.has(other)) outsideReps.add(groupOfFile.get(other)?.representativeId ?? other);
    // (in id order, so that each batch reads neighbouring rows of the catalog)
    const needed = [...regroupIds, ...outsideReps].sort((a, b) => a - b);
    this.embeddingCacheLimit = Math.max(EMBEDDING_CACHE, needed.length + 1000);
    for (let start = 0; start < needed.length; start += EMBEDDING_BATCH) await this.prefetchEmbeddings(needed.slice(start, start + EMBEDDING_BATCH));
    // keypoint checks read where they were made before (most pairs: when the keypoints were found); those made now are
    // stored with the groups
    const checks = this.deps.checks;
    checks?.clearCache();
    const mark = checks?.mark() ?? 0;
    const learned: [number, number, LocalVerdict][] = [];
    const learn = (a: number, b: number, v: LocalVerdict): void => void learned.push([a, b, v]);
    // Most pairs compared are no copies, and of a photo's matches only the best is kept: the rule's answer is put in
    // words (with a hash-matched copy's lay-over) only for the matches kept. A pair whose keypoints were never checked
    // against each other is decided last, and only when it could still be the best (regroup's Deferred).
    const ranked = (m: PairMatch): Match<PairMatch> | null =>
      m.level === 'none' ? null : { rank: m.level === 'exact' ? 2 : 1, score: roundScore(m.score), evidence: m };
    const match = (fileId: number, target: number): Match<PairMatch> | Deferred<PairMatch> | null => {
      const a = this.signalsIfCatalogued(fileId);
      const b = this.signalsIfCatalogued(target);
      if (!a || !b) return null; // removed meanwhile (an index run or a trash beside this update)
      let unchecked = false;
      const stored = (): LocalMatch => {
        const v = checks?.verdict(fileId, target);
        if (v === undefined) unchecked = true;
        return v ?? NOT_ALIGNED;
      };
      const m = this.duplicatePair(a, b, stored, false);
      if (!unchecked) return ranked(m);
      return {
        bound: { rank: 1, score: roundScore(scoreBound(m, a, b)) },
        finish: () => ranked(this.duplicatePair(a, b, storedLocalCheck(checks, fileId, target, learn), false)),
      };
    };
    // A photo that matched no representative but is a copy of a member (a crop of a crop) joins the member's group
    // when it is also a copy of the representative at the bridge's lower bar (regroup's bridge). Where it matched the
    // representative otherwise, or was vetoed, nothing.
    // (the representative's part, decided once a photo and representative: a photo offered several members of one
    // group, which did not bridge, asks it again for each; it depends on the two photos alone)
    let bridgedTo = { fileId: -1, reps: new Map<number, Match<PairMatch> | null>() };
    const bridge = (fileId: number, memberId: number, representativeId: number): Match<PairMatch> | null => {
      if (checks?.verdict(fileId, memberId) === null) return null; // checked, and nothing lined up
      const a = this.signalsIfCatalogued(fileId);
      const member = this.signalsIfCatalogued(memberId);
      const rep = this.signalsIfCatalogued(representativeId);
      if (!a?.local || !member || !rep?.local) return null;
      if (!ranked(this.duplicatePair(a, member, storedLocalCheck(checks, fileId, memberId, learn), false))) return null;
      if (bridgedTo.fileId !== fileId) bridgedTo = { fileId, reps: new Map() };
      const known = bridgedTo.reps.get(representativeId);
      if (known !== undefined) return known;
      // against the representative, match() decided (and learned) this pair already: its keypoints are compared once
      // more here, for the count a stored verdict does not keep, and that one check serves the rule and the bridge
      let lm: LocalMatch | undefined;
      const direct = this.duplicatePair(a, rep, (x, y) => (lm ??= matchLocalFeatures(x, y)), false);
      let out: Match<PairMatch> | null = null;
      if (direct.signals.rule === 'no-match') {
        const m = bridgedPair(a, rep, lm ?? matchLocalFeatures(a.local, rep.local));
        out = m && ranked(m);
      }
      bridgedTo.reps.set(representativeId, out);
      return out;
    };
    const worded = (fileId: number, representativeId: number, m: PairMatch): string => {
      if (m.signals.rule === 'hash') layOver(this.signalsIfCatalogued(fileId)!, this.signalsIfCatalogued(representativeId)!, m.signals);
      return JSON.stringify(explanation(m.level, m.score, m.signals));
    };
    // a candidate outside the set: its group's representative (or itself, alone), when it ranks before the photo
    const outside = (c: number, fileId: number): number | undefined => {
      const rep = groupOfFile.get(c)?.representativeId ?? c;
      const repRow = rows.get(rep) ?? repo.file(rep);
      if (!repRow) return undefined;
      rows.set(rep, repRow);
      return compareKeys(factsOf(rep, repRow), factsOf(fileId, rows.get(fileId)!)) < 0 ? rep : undefined;
    };
    repo.transaction(() => {
      // read here, in the transaction that writes the groups: what a photo removed meanwhile left is gone
      if (wide) {
        this.wide = { present: repo.fileIds(), rows, hashes: hashesOf, keypoints: this.deps.quality?.allKeypointsLazily() };
        checks?.readAll();
      }
      const result = regroup(order, (id) => cands.get(id) ?? [], outside, match, bridge);
      // the groups grouped again are replaced; one keeps its id while its representative stays
      const touched = new Map<number, StoredGroup>();
      for (const id of regroupIds) {
        const g = groupOfFile.get(id);
        if (g) touched.set(g.representativeId, g);
      }
      for (const g of touched.values()) repo.deleteGroup(g.id);
      let next = repo.nextGroupId();
      for (const g of result.groups) {
        // (a photo removed meanwhile, by a trash beside this update, leaves; a group without its representative is none)
        const members = g.members.filter((m) => this.catalogued(m.fileId));
        if (members.length < 2 || members[0].fileId !== g.representativeId) continue;
        const groupId = touched.get(g.representativeId)?.id ?? next++;
        repo.createGroup(groupId, 'duplicate', g.representativeId);
        for (const m of members.slice(1)) repo.addMember(m.fileId, 'duplicate', groupId, m.score, worded(m.fileId, g.representativeId, m.evidence!));
      }
      for (const j of result.joinedOutside) {
        let groupId = repo.groupOfFile(j.representativeId, 'duplicate');
        if (groupId === undefined) repo.createGroup((groupId = next++), 'duplicate', j.representativeId);
        repo.addMember(j.fileId, 'duplicate', groupId, j.score, worded(j.fileId, j.representativeId, j.evidence));
      }
      repo.saveNextGroupId(next);
      for (const row of todo) if (this.catalogued(row.id)) repo.markPlaced(row.id, 'duplicate', row.content_hash);
      for (const [a, b, v] of learned) if (this.catalogued(a) && this.catalogued(b)) checks?.save(a, b, v, mark);
    });
    this.wide = null;
    checks?.clearCache();
    this.embeddingCacheLimit = EMBEDDING_CACHE;
    return todo.length;
  }

  /** What decides which copy of a picture is placed first (and so is its group's representative). */
  private placementOf(row: DuplicateFileRow): PlacementFacts {
    return { row, quality: this.deps.quality?.of(row.id) };
  }

  private updateSimilar(): number {
    const { repo } = this.deps;
    repo.prune('similar');
    const todo = repo.unplaced('similar', true);
    if (todo.length === 0) return 0;
    const grouper = this.loadGrouper('similar');
    // Every photo with a camera time, sorted: a photo's candidates are the ones within the time window.
    const timeline = repo
      .exifDated()
      .map((r) => ({ id: r.id, t: wallClockMs(r.taken_at) }))
      .filter((r): r is { id: number; t: number } => r.t !== undefined)
      .sort((a, b) => a.t - b.t);
    const times = Float64Array.from(timeline, (r) => r.t);
    const windowMs = SIMILAR_SHOT.windowS * 1000;
    const placed = repo.placedIds('similar');
    const match = (fileId: number, target: number): Match<PairExplanation> | null => {
      const a = this.signalsIfCatalogued(fileId);
      const b = this.signalsIfCatalogued(target);
      if (!a || !b || isRawJpegPair(a, b)) return null;
      const m = matchSimilarShot(a, b);
      return m.similar ? { rank: 1, score: m.score, evidence: explanation('similar', m.score, m.evidence) } : null;
    };
    let n = 0;
    repo.transaction(() => {
      for (const row of todo) {
        if (!repo.file(row.id)) continue;
        const t = row.taken_at ? wallClockMs(row.taken_at) : undefined;
        const candidates: number[] = [];
        if (t !== undefined) {
          for (let i = lowerBound(times, t - windowMs); i < times.length && times[i] <= t + windowMs; i++) {
            if (placed.has(timeline[i].id)) candidates.push(timeline[i].id);
          }
        }
        this.persist('similar', grouper.place(row.id, candidates, match));
        placed.add(row.id);
        repo.markPlaced(row.id, 'similar', row.content_hash);
        n++;
      }
    });
    return n;
  }

  private loadGrouper(kind: GroupKind): Grouper<PairExplanation> {
    const grouper = new Grouper<PairExplanation>(this.deps.repo.nextGroupId());
    for (const g of this.deps.repo.groups(kind)) grouper.load(g.id, g.representativeId, g.members.map((m) => m.fileId));
    return grouper;
  }

  private persist(kind: GroupKind, change: ReturnType<Grouper<PairExplanation>['place']>): void {
    if (!change) return;
    if (change.created) {
      this.deps.repo.createGroup(change.created.groupId, kind, change.created.representativeId);
      this.deps.repo.saveNextGroupId(change.created.groupId + 1);
    }
    const { fileId, membership } = change.joined;
    this.deps.repo.addMember(fileId, kind, membership.groupId, membership.score, membership.evidence ? JSON.stringify(membership.evidence) : null);
  }

  /**
   * The user keeps `fileId` of its duplicate group, whatever the rules say; stored, so no re-run or regrouping undoes
   * it (the choice goes with the file). Returns the group as now shown.
   */
  async chooseKeeper(fileId: number): Promise<DuplicateGroup> {
    await this.update();
    const groupId = this.deps.repo.groupOfFile(fileId, 'duplicate');
    if (groupId === undefined || !this.deps.quality) throw new LibraryError('not-found', `Photo ${this.deps.repo.file(fileId)?.path ?? fileId} is in no duplicate group.`);
    const g = this.deps.repo.group(groupId)!;
    this.deps.quality.chooseKeeper(fileId, g.members.map((m) => m.fileId));
    return this.group(groupId)!;
  }

  private view(g: StoredGroup, kind: GroupKind): DuplicateGroup | null {
    const rows = g.members.map((m) => ({ m, row: this.deps.repo.file(m.fileId) })).filter((x): x is { m: StoredGroup['members'][number]; row: DuplicateFileRow } => !!x.row);
    if (rows.length < 2) return null;
    const chosen = kind === 'duplicate' ? this.deps.quality?.chosenAmong(rows.map((x) => x.row.id)) : undefined;
    const matches = rows.map(({ m }) => ({ id: m.fileId, match: m.evidence ? (JSON.parse(m.evidence) as PairExplanation) : null }));
    // turned, mirrored or captioned copies, told by how each lines up with the group's representative (frames of a
    // burst are not copies of one another)
    const edits = kind === 'duplicate' ? copyEdits(matches) : new Map<number, CopyEdit>();
    const overlaid = kind === 'duplicate' ? overlaidMembers(matches) : new Set<number>();
    const decision = chosen !== undefined
      ? { keepId: chosen, rule: 'user' as const, reason: 'you chose to keep this copy', message: { code: 'keep.user', params: {} }, steps: [] }
      : chooseKeeper(rows.map((x) => this.keepCandidate(x.row, edits.get(x.row.id), overlaid.has(x.row.id))), this.deps.settings.get('keepRules'));
    const keeper = rows.find((x) => x.row.id === decision.keepId)!.row;
    // exact: every copy that clean-up would trash has the keeper's bytes (nothing is lost); near otherwise. Each copy
    // says its own level too, so an identical copy in a group of edits is shown as identical, not as edited.
    const level: DuplicateLevel = kind === 'similar' ? 'similar' : rows.every((x) => x.row.content_hash === keeper.content_hash) ? 'exact' : 'near';
    const members: DuplicateMember[] = rows.map(({ m, row }, i) => ({
      id: row.id,
      path: row.path,
      score: Math.round(m.score * 10000) / 10000,
      width: row.width,
      height: row.height,
      bytes: row.size,
      format: row.format,
      takenAt: row.taken_at,
      level: kind === 'similar' ? 'similar' : row.content_hash === keeper.content_hash ? 'exact' : 'near',
      match: matches[i].match,
    }));
    // the keeper first, then the closest copies
    members.sort((a, b) => Number(b.id === decision.keepId) - Number(a.id === decision.keepId) || b.score - a.score || a.id - b.id);
    return {
      id: g.id,
      level,
      representativeId: g.representativeId,
      keepId: decision.keepId,
      keepRule: decision.rule,
      reason: decision.reason,
      reasonMessage: decision.message,
      keepSteps: decision.steps,
      members,
    };
  }

  private keepCandidate(row: DuplicateFileRow, edit: CopyEdit | undefined, overlaid: boolean): KeepCandidate {
    const fields = [row.camera_make ?? row.camera_model, row.lens, row.gps_lat, row.taken_at_source === 'exif' ? row.taken_at : null];
    return {
      id: row.id,
      path: row.path,
      width: row.width,
      height: row.height,
      bytes: row.size,
      format: row.format,
      // a date from the file's own time stamp is when it was copied, not taken
      takenAt: row.taken_at_source === 'mtime' ? null : row.taken_at,
      metadataFields: fields.filter((x) => x !== null && x !== undefined).length,
      mtimeMs: row.mtime_ms,
      quality: this.deps.quality?.of(row.id),
      ...(row.damage && { damage: row.damage }),
      ...(edit && { edit }),
      ...(overlaid && { overlaid }),
    };
  }
}

function lowerBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
