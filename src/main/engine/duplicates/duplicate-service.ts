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
import { explanation, signalsFrom, wallClockMs, type PhotoSignals } from './duplicate-signals.js';
import { Grouper, type Match } from './grouper.js';
import { HashIndex } from './hash-index.js';
import { chooseKeeper, type KeepCandidate } from './keep-rules.js';
import { matchPair, THRESHOLDS } from './near-duplicate-rule.js';
import { isRawJpegPair } from './raw-jpeg-pair.js';
import { sameFileOnDisk } from '../util/same-file.js';
import { matchSimilarShot, SIMILAR_SHOT } from './similar-shot-rule.js';

export interface DuplicateServiceDeps {
  repo: DuplicateRepository;
  files: FileRepository;
  hashes: HashRepository;
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
}

/** Embedding neighbours checked per photo: near-duplicates are each other's closest photos by far. */
const EMBEDDING_CANDIDATES = 10;
/** Embeddings kept in memory while placing (each is 2 KB; representatives are asked for again and again). */
const EMBEDDING_CACHE = 20_000;

export class DuplicateService {
  private readonly embeddings = new Map<number, Float32Array | undefined>();
  /** signals read during one update (a representative is compared with many photos); cleared after it */
  private readonly signalCache = new Map<number, PhotoSignals>();
  private running: Promise<{ placed: number }> | null = null;

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
    if (level !== 'similar') {
      for (const g of this.deps.repo.groups('duplicate')) {
        const view = this.view(g, 'duplicate');
        if (view && (!level || view.level === level)) out.push(view);
      }
    }
    if (!level || level === 'similar') {
      for (const g of this.deps.repo.groups('similar')) {
        const view = this.view(g, 'similar');
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
    const row = this.deps.repo.file(id);
    if (!row) return null;
    const s = this.signalsOfRow(row);
    if (this.running) {
      if (this.signalCache.size >= EMBEDDING_CACHE) this.signalCache.delete(this.signalCache.keys().next().value!);
      this.signalCache.set(id, s);
    }
    return s;
  }

  private signalsOfRow(row: DuplicateFileRow): PhotoSignals {
    return signalsFrom(row, this.deps.hashes.of(row.id), this.embedding(row.id));
  }

  /** Computes the embeddings of `ids` not cached yet in one batch (placing photos asks for each one at least once). */
  private async prefetchEmbeddings(ids: readonly number[]): Promise<void> {
    const missing = ids.filter((id) => !this.embeddings.has(id));
    if (!missing.length || !this.deps.embeddingsOf) return;
    const vectors = await this.deps.embeddingsOf(missing);
    missing.forEach((id, i) => this.remember(id, vectors[i]));
  }

  private remember(id: number, v: Float32Array | undefined): void {
    if (this.embeddings.size >= EMBEDDING_CACHE) this.embeddings.delete(this.embeddings.keys().next().value!);
    this.embeddings.set(id, v);
  }

  private embedding(id: number): Float32Array | undefined {
    if (this.embeddings.has(id)) return this.embeddings.get(id);
    const v = this.deps.embeddingOf(id);
    this.remember(id, v);
    return v;
  }

  private matchDuplicate(a: PhotoSignals, b: PhotoSignals): PairExplanation {
    const m = matchPair(a, b);
    // Two paths to one file on disk (a symlink or hard link the scanner followed): not a copy to clean up.
    if (m.level === 'exact' && sameFileOnDisk(a.path, b.path)) return explanation('none', 1, { ...m.signals, rule: 'same-file' });
    // One shot in two forms (RAW + its JPEG) is a pair to keep together, never a duplicate to trash.
    if (m.level !== 'none' && isRawJpegPair(a, b)) return explanation('none', m.score, { ...m.signals, rule: 'raw+jpeg' });
    return explanation(m.level, m.score, m.signals);
  }

  private async updateDuplicates(): Promise<number> {
    const { repo } = this.deps;
    repo.prune('duplicate');
    const todo = repo.unplaced('duplicate', false);
    if (todo.length === 0) return 0;
    const grouper = this.loadGrouper('duplicate');
    // Only photos already placed are candidates: biggest first, so the original becomes the representative
    // and its smaller copies join it.
    const placed = repo.placedIds('duplicate');
    // Every current hash, laid out once; each photo's candidates are then filtered to the photos placed before it.
    const index = new HashIndex();
    const todoIds = new Set(todo.map((r) => r.id));
    const todoHashes = new Map<number, PhotoHashes>(); // kept from this one read: queried below
    for (const h of this.deps.hashes.all()) {
      index.add(h.fileId, h.whole[0]);
      if (h.centre.length) index.add(h.fileId, h.centre[0]);
      if (todoIds.has(h.fileId)) todoHashes.set(h.fileId, h);
    }
    const match = (fileId: number, target: number): Match<PairExplanation> | null => {
      const a = this.signalsIfCatalogued(fileId);
      const b = this.signalsIfCatalogued(target);
      if (!a || !b) return null; // removed meanwhile (an index run or a trash beside this update)
      const e = this.matchDuplicate(a, b);
      if (e.level === 'none') return null;
      return { rank: e.level === 'exact' ? 2 : 1, score: e.score, evidence: e };
    };
    let n = 0;
    for (let start = 0; start < todo.length; start += 200) {
      const batch = todo.slice(start, start + 200);
      const candidates = new Map<number, Set<number>>();
      await this.prefetchEmbeddings(batch.map((r) => r.id));
      for (const row of batch) {
        const c = new Set<number>(this.deps.files.idsWithContent(row.content_hash));
        const h = todoHashes.get(row.id);
        // The photo's 8 rotations/mirrors against everyone's whole picture and centred window. (Its own centred
        // window is left out: that would find a crop of this photo, which is smaller, so placed after it, and
        // whose own query finds this photo's centred window.)
        if (h) for (const id of index.near(h.whole, THRESHOLDS.hashSure).keys()) c.add(id);
        // Nearest photos by embedding: recorded while indexing (the similarity index's own neighbour search), or
        // asked for now where none were (a library indexed before, a user model without neighbour augmentation).
        const near = repo.neighboursOf(row.id) ?? (await this.deps.neighbourIds(row.id, EMBEDDING_CANDIDATES));
        for (const id of near) c.add(id);
        candidates.set(row.id, c);
      }
      // the representatives these photos will be compared with, in one batch too
      const targets = new Set<number>();
      for (const c of candidates.values()) {
        for (const id of c) {
          const g = grouper.groupOf(id);
          targets.add(g === undefined ? id : grouper.representativeOf(g)!);
        }
      }
      await this.prefetchEmbeddings([...targets]);
      repo.transaction(() => {
        for (const row of batch) {
          if (!repo.file(row.id)) continue; // removed while the candidates were gathered
          // (inside the write transaction nothing else can remove a file; before it, a trash call could have)
          const change = grouper.place(row.id, [...candidates.get(row.id)!].filter((id) => placed.has(id) && repo.file(id)), match);
          placed.add(row.id);
          this.persist('duplicate', change);
          repo.markPlaced(row.id, 'duplicate', row.content_hash);
          n++;
        }
      });
    }
    return n;
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

  private view(g: StoredGroup, kind: GroupKind): DuplicateGroup | null {
    const rows = g.members.map((m) => ({ m, row: this.deps.repo.file(m.fileId) })).filter((x): x is { m: StoredGroup['members'][number]; row: DuplicateFileRow } => !!x.row);
    if (rows.length < 2) return null;
    const level: DuplicateLevel = kind === 'similar' ? 'similar' : rows.every((x) => x.row.content_hash === rows[0].row.content_hash) ? 'exact' : 'near';
    const decision = chooseKeeper(rows.map((x) => keepCandidate(x.row)), this.deps.settings.get('keepRules'));
    const members: DuplicateMember[] = rows.map(({ m, row }) => ({
      id: row.id,
      path: row.path,
      score: Math.round(m.score * 10000) / 10000,
      width: row.width,
      height: row.height,
      bytes: row.size,
      format: row.format,
      takenAt: row.taken_at,
      match: m.evidence ? (JSON.parse(m.evidence) as PairExplanation) : null,
    }));
    // the keeper first, then the closest copies
    members.sort((a, b) => Number(b.id === decision.keepId) - Number(a.id === decision.keepId) || b.score - a.score || a.id - b.id);
    return { id: g.id, level, representativeId: g.representativeId, keepId: decision.keepId, keepRule: decision.rule, reason: decision.reason, members };
  }
}

function keepCandidate(row: DuplicateFileRow): KeepCandidate {
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
  };
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
