import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FeatureRepository } from '../catalog/feature-repository.js';
import type { FileRepository } from '../catalog/file-repository.js';
import { BRANCHES, type RawFeatures } from '../embedding/features.js';
import { fuse } from '../embedding/fuse.js';
import { dbaVector, expansionFor, searchWithQueryExpansion, type ExpansionParams } from '../embedding/query-expansion.js';
import { applyBranchBatch, applyWhitening, fitWhitening, l2normalise, type Whitening } from '../embedding/whitening.js';
import { parseWhitening, serialiseWhitening } from '../embedding/whitening-file.js';
import { chooseWhitening, fitSampleIndices } from '../embedding/whitening-policy.js';
import { LibraryError } from '../errors.js';
import type { SettingsStore } from '../settings.js';
import { openVectorIndex, type VectorIndex } from './vector-index.js';

export interface SimilarHit {
  path: string;
  score: number;
}

export interface SimilarityDeps {
  features: FeatureRepository;
  files: FileRepository;
  settings: SettingsStore;
  /** <home>/index: the vector index and the library's own whitening live here */
  indexDir: string;
  /** the shipped default whitening (resources/models/whitening-default.bin) */
  defaultWhiteningFile: string;
  /** the user's own embedding model: its vectors are used as they are (L2-normalised), no whitening */
  userModel?: { id: string; dims: number; fingerprint: string };
  log: (message: string) => void;
  /** each photo's nearest photos, as the neighbour augmentation finds them (the duplicate finder's candidates) */
  onNeighbours?: (fileId: number, neighbourIds: number[]) => void;
}

/** Neighbours reported per photo through onNeighbours: the search DBA runs anyway, asked for a few more. */
const NEIGHBOURS_REPORTED = 10;

const GENERATION_KEY = 'similarity.generation';
const LAST_FIT_KEY = 'similarity.lastFitPhotos';
const LAST_DBA_KEY = 'similarity.lastDbaPhotos';
const LIBRARY_WHITENING = 'whitening-library.bin';
/** Full database-side augmentation again once the library changed by this fraction. */
const DBA_REFRESH_GROWTH = 0.25;

/**
 * Find-similar over the library. Each photo's stored raw features are whitened (the shipped default, or a fit on
 * the user's own library once it is big enough), fused, augmented with their nearest neighbours (DBA) and kept
 * in an HNSW index on disk; queries are expanded with their top hits (alpha-QE). The catalog is the truth: the
 * index is rebuilt from it whenever its file is missing, corrupt or from another generation.
 */
export class SimilarityService {
  private whitening: Whitening | null = null;
  private defaultWhitening: Whitening | null = null;
  private index: VectorIndex | null = null;
  /** set from the first change until the next save: the file on disk no longer matches the catalog */
  private dirty = false;
  /** the catalog generation the in-memory index reflects (other processes may move the catalog's on) */
  private ownGeneration = -1;

  constructor(private readonly deps: SimilarityDeps) {}

  /** The vector of raw features: whitened per branch, fused, unit length (not augmented); or the user model's
   *  embedding, normalised. */
  project(raw: Record<string, Float32Array>): Float32Array {
    if (this.deps.userModel) return l2normalise(Float32Array.from(raw.user));
    return fuse(applyWhitening(this.currentWhitening(), raw as RawFeatures));
  }

  /**
   * The vector the duplicate finder compares: always the SHIPPED whitening (the near-duplicate cosine thresholds
   * were calibrated on it, bench/duplicates-copydays.ts), whatever the library's own fit; a user model's vector
   * as it comes. Undefined when the features cannot make a vector.
   */
  projectForDuplicates(raw: Record<string, Float32Array>): Float32Array | undefined {
    if (!this.hasFeatures(raw)) return undefined;
    if (this.deps.userModel) return l2normalise(Float32Array.from(raw.user));
    this.defaultWhitening ??= parseWhitening(fs.readFileSync(this.deps.defaultWhiteningFile));
    return fuse(applyWhitening(this.defaultWhitening, raw as RawFeatures));
  }

  /** projectForDuplicates for many photos at once: one matrix product per branch through onnxruntime instead of
   *  a JS loop per photo (about 3 ms a photo). */
  async projectManyForDuplicates(raws: readonly Record<string, Float32Array>[]): Promise<(Float32Array | undefined)[]> {
    if (this.deps.userModel) return raws.map((r) => this.projectForDuplicates(r));
    const usable = raws.map((r) => this.hasFeatures(r));
    const rows = raws.filter((_, i) => usable[i]) as RawFeatures[];
    this.defaultWhitening ??= parseWhitening(fs.readFileSync(this.deps.defaultWhiteningFile));
    const projected = await projectAll(this.defaultWhitening, rows);
    let k = 0;
    return raws.map((_, i) => (usable[i] ? projected[k++] : undefined));
  }

  /** Ids of the photos nearest to a catalogued photo in the index (no query expansion; candidates only). */
  async neighbourIds(fileId: number, k: number): Promise<number[]> {
    const index = await this.openIndex();
    const self = index.get(fileId);
    if (!self) return [];
    return index.search(self, k + 1).map((h) => h.id).filter((id) => id !== fileId);
  }

  /** Whether a photo's stored features can make a vector: present, finite, not all zero (a user model can output
   *  zeros for a black frame); such a photo is simply left out of find-similar. */
  private hasFeatures(raw: Record<string, Float32Array>): boolean {
    const parts = this.deps.userModel ? [raw.user] : BRANCHES.map((b) => raw[b]);
    return parts.every((v) => v !== undefined && v.length > 0 && v.every(Number.isFinite) && v.some((x) => x !== 0));
  }

  /** QE and DBA were tuned for the bundled recipe; a user's model is used exactly as it comes. */
  private expansion(): { qe: ExpansionParams; dba: ExpansionParams } {
    if (this.deps.userModel) return { qe: { k: 0, alpha: 1 }, dba: { k: 0, alpha: 1 } };
    return expansionFor(this.currentWhitening().source);
  }

  private indexName(): string {
    return this.deps.userModel ? `similarity-user-${this.deps.userModel.fingerprint}` : 'similarity';
  }

  /** A photo's features changed (new or edited photo): its vector joins the index now. */
  async onEmbedded(fileId: number, raw: Record<string, Float32Array>): Promise<void> {
    if (!this.hasFeatures(raw)) return;
    const index = await this.openIndex();
    this.markDirty();
    const original = this.project(raw);
    index.upsert(fileId, this.augment(index, fileId, original));
  }

  /**
   * After an index run: drops vectors of photos that left the catalog, adds any that are missing, refits the
   * whitening or refreshes DBA when the library grew enough, and saves the index.
   */
  async afterIndexRun(): Promise<void> {
    const count = this.deps.features.count();
    if (!this.deps.userModel) {
      const choice = chooseWhitening(count, numberSetting(this.deps.settings, LAST_FIT_KEY));
      const usingLibrary = this.currentWhitening().source === 'library';
      if (choice.use === 'library' && (choice.refit || !usingLibrary)) {
        await this.refit(count);
        return;
      }
    }
    const index = await this.openIndex();
    const wanted = new Set<number>();
    const missing: number[] = [];
    for (const fileId of this.deps.features.currentIds()) {
      wanted.add(fileId);
      if (!index.has(fileId)) missing.push(fileId);
    }
    const stale = index.ids().filter((id) => !wanted.has(id));
    if (stale.length || missing.length) this.markDirty();
    for (const id of stale) index.remove(id);
    for (const id of missing) await this.onEmbedded(id, this.deps.features.of(id));
    const lastDba = numberSetting(this.deps.settings, LAST_DBA_KEY) ?? 0;
    if (count > 0 && Math.abs(count - lastDba) / Math.max(1, lastDba) >= DBA_REFRESH_GROWTH) {
      await this.rebuildIndex('the library changed enough to refresh neighbour augmentation');
      return;
    }
    this.save();
  }

  /** Photos most similar to a catalogued photo (itself left out). */
  async similarToFile(fileId: number, k: number): Promise<{ id: number; score: number }[]> {
    const index = await this.openIndex();
    const self = index.get(fileId);
    if (!self) throw new LibraryError('not-ready', `${this.deps.files.byId(fileId)?.path ?? `photo ${fileId}`} has no similarity vector yet: run \`loupe index\` (or it could not be read).`);
    return this.query(index, self, k, fileId);
  }

  /** Photos most similar to an image outside the library, given its raw features. */
  async similarToFeatures(raw: Record<string, Float32Array>, k: number): Promise<{ id: number; score: number }[]> {
    return this.query(await this.openIndex(), this.project(raw), k);
  }

  async size(): Promise<number> {
    return (await this.openIndex()).size();
  }

  /** `save`: false for a process that does not hold the library's writer lock (its copy is dropped). */
  close(save = true): void {
    if (this.index && save) this.save();
    this.index?.close();
    this.index = null;
  }

  private query(index: VectorIndex, vector: Float32Array, k: number, selfId?: number): { id: number; score: number }[] {
    const { qe } = this.expansion();
    const search = (v: Float32Array, n: number) => index.search(v, n);
    return searchWithQueryExpansion(search, (id) => index.get(id), vector, k, qe, selfId);
  }

  /** DBA for one photo: mixes in its nearest neighbours' ORIGINAL vectors (recomputed from raw features, so
   *  repeated runs never drift). */
  private augment(index: VectorIndex, fileId: number, original: Float32Array): Float32Array {
    const { dba } = this.expansion();
    if (index.size() === 0) return original;
    return dbaVector(fileId, original, this.reportingSearch(fileId, (v, n) => index.search(v, n)), (id) => this.originalOf(id), dba);
  }

  /** Wraps a neighbour search so that the neighbours of `fileId` it finds are also reported (one search, two uses). */
  private reportingSearch(fileId: number, search: (v: Float32Array, n: number) => { id: number; score: number }[]) {
    const report = this.deps.onNeighbours;
    if (!report) return search;
    return (v: Float32Array, n: number) => {
      const hits = search(v, Math.max(n, NEIGHBOURS_REPORTED + 1));
      report(fileId, hits.filter((h) => h.id !== fileId).slice(0, NEIGHBOURS_REPORTED).map((h) => h.id));
      return hits.slice(0, n);
    };
  }

  private originalOf(fileId: number): Float32Array | undefined {
    const raw = this.deps.features.of(fileId);
    return this.hasFeatures(raw) ? this.project(raw) : undefined;
  }

  /** The whitening vectors are projected with now (learned tags train in the same space). */
  whiteningInUse(): Whitening {
    return this.currentWhitening();
  }

  private currentWhitening(): Whitening {
    if (this.whitening) return this.whitening;
    const own = path.join(this.deps.indexDir, LIBRARY_WHITENING);
    for (const file of [own, this.deps.defaultWhiteningFile]) {
      try {
        this.whitening = parseWhitening(fs.readFileSync(file));
        return this.whitening;
      } catch (err) {
        if (file === own && fs.existsSync(own)) this.deps.log(`ignoring an unreadable ${own}: ${(err as Error).message}`);
      }
    }
    throw new Error(`the shipped whitening ${this.deps.defaultWhiteningFile} is missing or unreadable`);
  }

  /** Fits the whitening on the library's own raw features and re-projects everything (no model runs). */
  private async refit(count: number): Promise<void> {
    const all = [...this.deps.features.all()].filter((x) => BRANCHES.every((b) => x.features[b]));
    const samples = fitSampleIndices(all.length).map((i) => all[i].features as RawFeatures);
    this.deps.log(`fitting the similarity whitening on ${samples.length} of this library's ${count} photos`);
    const w = await fitWhitening(samples, 'library');
    fs.mkdirSync(this.deps.indexDir, { recursive: true });
    const file = path.join(this.deps.indexDir, LIBRARY_WHITENING);
    fs.writeFileSync(`${file}.tmp`, serialiseWhitening(w, `library fit on ${samples.length} photos`));
    fs.renameSync(`${file}.tmp`, file);
    this.whitening = w;
    this.deps.settings.setRaw(LAST_FIT_KEY, String(count));
    await this.rebuildIndex('the whitening was refitted on this library', all);
  }

  /** Rebuilds the index from the catalog: originals first (for neighbour search), then augmented vectors. */
  private async rebuildIndex(why: string, rows?: { fileId: number; features: Record<string, Float32Array> }[]): Promise<VectorIndex> {
    this.deps.log(`rebuilding the similarity index: ${why}`);
    const items = (rows ?? [...this.deps.features.all()]).filter((x) => this.hasFeatures(x.features));
    const originals = this.deps.userModel
      ? items.map((x) => this.project(x.features))
      : await projectAll(this.currentWhitening(), items.map((x) => x.features as RawFeatures));
    const ids = items.map((x) => x.fileId);
    const byId = new Map(ids.map((id, i) => [id, originals[i]]));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-dba-'));
    const dim = originals[0]?.length ?? this.dim();
    let plain: VectorIndex;
    try {
      plain = openVectorIndex({
        dir: tmp, name: 'originals', dim, generation: 0, log: () => {},
        rebuildFrom: () => ids.map((id, i) => ({ id, vector: originals[i] })),
      });
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
    const { dba } = this.expansion();
    let augmented: Float32Array[];
    try {
      augmented = ids.map((id, i) => dbaVector(id, originals[i], this.reportingSearch(id, (v, n) => plain.search(v, n)), (x) => byId.get(x), dba));
    } finally {
      plain.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }

    this.index?.close();
    const generation = this.bumpGeneration();
    this.ownGeneration = generation;
    this.dirty = true;
    const index = openVectorIndex({
      dir: this.deps.indexDir, name: this.indexName(), dim, generation, log: this.deps.log,
      rebuildFrom: () => ids.map((id, i) => ({ id, vector: augmented[i] })),
    });
    this.index = index;
    this.deps.settings.setRaw(LAST_DBA_KEY, String(ids.length));
    this.save();
    return index;
  }

  private async openIndex(): Promise<VectorIndex> {
    const generation = numberSetting(this.deps.settings, GENERATION_KEY) ?? 0;
    if (this.index && (this.dirty || generation === this.ownGeneration)) return this.index;
    // Another process (a `loupe index` beside this `loupe watch`) saved a newer index: load that one.
    this.index?.close();
    this.index = null;
    this.ownGeneration = generation;
    let rebuilt = false;
    const index = openVectorIndex({
      dir: this.deps.indexDir,
      name: this.indexName(),
      dim: this.dim(),
      generation,
      log: this.deps.log,
      rebuildFrom: () => {
        rebuilt = true;
        return [];
      },
    });
    this.index = index;
    // A missing or stale index file: the catalog is the truth, so build it again from there.
    if (rebuilt && this.deps.features.count() > 0) return this.rebuildIndex('the index file was missing, damaged or out of date');
    return index;
  }

  private dim(): number {
    if (this.deps.userModel) return this.deps.userModel.dims;
    const w = this.currentWhitening();
    return BRANCHES.reduce((n, b) => n + w.branches[b].outDim, 0);
  }

  private markDirty(): void {
    if (this.dirty) return;
    this.dirty = true;
    this.ownGeneration = this.bumpGeneration();
  }

  private bumpGeneration(): number {
    const next = (numberSetting(this.deps.settings, GENERATION_KEY) ?? 0) + 1;
    this.deps.settings.setRaw(GENERATION_KEY, String(next));
    return next;
  }

  /** Writes the index if it changed. If another process changed the catalog's vectors meanwhile, neither copy is
   *  complete: the file is left stale (a newer generation) so the next open rebuilds it from the catalog. */
  private save(): void {
    if (!this.index || !this.dirty) return;
    const current = numberSetting(this.deps.settings, GENERATION_KEY) ?? 0;
    if (current === this.ownGeneration) this.index.save(current);
    else this.deps.log('another Loupe process changed the library meanwhile: the similarity index will be rebuilt');
    this.dirty = false;
  }
}

/** Re-projects many photos at once (a matrix product through onnxruntime, not one JS loop per photo). */
async function projectAll(w: Whitening, raws: RawFeatures[]): Promise<Float32Array[]> {
  if (raws.length === 0) return [];
  const nsfw = await applyBranchBatch(w.branches.nsfw, raws.map((r) => r.nsfw));
  const centernet = await applyBranchBatch(w.branches.centernet, raws.map((r) => r.centernet));
  return raws.map((_, i) => fuse({ nsfw: nsfw[i], centernet: centernet[i] }));
}

function numberSetting(settings: SettingsStore, key: string): number | null {
  const raw = settings.getRaw(key);
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(n) ? n : null;
}
