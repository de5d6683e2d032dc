import type { FeatureRepository } from '../catalog/feature-repository.js';
import type { FileRepository } from '../catalog/file-repository.js';
import fs from 'node:fs';
import path from 'node:path';
import { BRANCHES, type RawFeatures } from '../embedding/features.js';
import { EMBEDDING_RECIPE_VERSION, recipeSuffix } from '../embedding/recipe.js';
import type { Whitening } from '../embedding/whitening.js';
import { LibraryError } from '../errors.js';
import type { SettingsStore } from '../settings.js';
import { numberSetting } from './number-setting.js';
import { NeighbourExpansion } from './similarity-expansion.js';
import { SimilarityIndexStore } from './similarity-index-store.js';
import { libraryWhiteningName, SimilarityProjection } from './similarity-projection.js';
import { RecentOriginals } from './recent-originals.js';
import type { VectorIndex } from './vector-index.js';

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
  /** whether this process may write the index file and the catalog now (it holds the library's writer lock);
   *  when not, an index it has to rebuild is used in memory only (default: always) */
  canWrite?: () => boolean;
}

const LAST_DBA_KEY = `similarity.lastDbaPhotos${recipeSuffix()}`;

/** The index file's name (in <home>/index) for a recipe: an index of an earlier recipe's vectors is never opened as
 *  this one's, so a library that re-embeds after a recipe change starts a new index (embedding/recipe.ts). */
export function similarityIndexName(userModelFingerprint?: string, recipe?: number): string {
  return `${userModelFingerprint ? `similarity-user-${userModelFingerprint}` : 'similarity'}${recipeSuffix(recipe)}`;
}
/** Full database-side augmentation again once the library changed by this fraction. */
const DBA_REFRESH_GROWTH = 0.25;

/**
 * Find-similar over the library. Each photo's stored raw features are projected (SimilarityProjection: whitened
 * with the shipped default or the library's own fit, fused), augmented with their nearest neighbours and queries
 * expanded with their top hits (NeighbourExpansion), and the vectors kept in an HNSW index on disk
 * (SimilarityIndexStore, rebuilt from the catalog whenever its file is missing, corrupt or from another
 * generation). This service composes them over the catalog's features.
 */
export class SimilarityService {
  private readonly projection: SimilarityProjection;
  private readonly expansion: NeighbourExpansion;
  private readonly store: SimilarityIndexStore;
  /** the neighbours' un-augmented vectors that augmentation reads, kept for the photos indexed last */
  private readonly originals = new RecentOriginals<Whitening>();

  constructor(private readonly deps: SimilarityDeps) {
    this.projection = new SimilarityProjection(deps);
    const projection = this.projection;
    const canWrite = () => deps.canWrite?.() ?? true;
    this.expansion = new NeighbourExpansion({ source: () => projection.source(), onNeighbours: deps.onNeighbours, canWrite });
    this.store = new SimilarityIndexStore({
      settings: deps.settings,
      indexDir: deps.indexDir,
      name: similarityIndexName(deps.userModel?.fingerprint),
      dim: () => projection.dim(),
      log: deps.log,
      catalogHasVectors: () => deps.features.count() > 0,
      canWrite,
      rebuild: (why) => this.rebuildIndex(why),
    });
  }

  /** The vector of raw features: whitened per branch, fused, unit length (not augmented); or the user model's
   *  embedding, normalised. */
  project(raw: Record<string, Float32Array>): Float32Array {
    return this.projection.project(raw);
  }

  /** The vector the duplicate finder compares (see SimilarityProjection.projectForDuplicates). */
  projectForDuplicates(raw: Record<string, Float32Array>): Float32Array | undefined {
    return this.projection.projectForDuplicates(raw);
  }

  projectManyForDuplicates(raws: readonly Record<string, Float32Array>[]): Promise<(Float32Array | undefined)[]> {
    return this.projection.projectManyForDuplicates(raws);
  }

  /** Ids of the photos nearest to a catalogued photo in the index (no query expansion; candidates only). */
  async neighbourIds(fileId: number, k: number): Promise<number[]> {
    const index = await this.store.open();
    const self = index.get(fileId);
    if (!self) return [];
    return index.search(self, k + 1).map((h) => h.id).filter((id) => id !== fileId);
  }

  /** A photo's features changed (new or edited photo): its vector joins the index now. */
  async onEmbedded(fileId: number, raw: Record<string, Float32Array>): Promise<void> {
    if (!this.projection.hasFeatures(raw)) return;
    const index = await this.store.open();
    this.store.markDirty();
    const original = this.projection.project(raw);
    this.originals.put(fileId, this.projection.inUse(), original);
    index.upsert(fileId, this.expansion.augment(index, fileId, original, (id) => this.originalOf(id)));
  }

  /**
   * After an index run: drops vectors of photos that left the catalog, adds any that are missing, refits the
   * whitening or refreshes DBA when the library grew enough, and saves the index.
   */
  async afterIndexRun(): Promise<void> {
    // kept for one run only: between runs another process holding the writer lock may have embedded photos again
    this.originals.clear();
    const count = this.deps.features.count();
    if (this.projection.wantsRefit(count)) {
      await this.refit(count);
      return;
    }
    const index = await this.store.open();
    const wanted = new Set<number>();
    const missing: number[] = [];
    for (const fileId of this.deps.features.currentIds()) {
      wanted.add(fileId);
      if (!index.has(fileId)) missing.push(fileId);
    }
    const stale = index.ids().filter((id) => !wanted.has(id));
    if (stale.length || missing.length) this.store.markDirty();
    for (const id of stale) index.remove(id);
    for (const id of missing) await this.onEmbedded(id, this.deps.features.of(id));
    const lastDba = numberSetting(this.deps.settings, LAST_DBA_KEY) ?? 0;
    if (count > 0 && Math.abs(count - lastDba) / Math.max(1, lastDba) >= DBA_REFRESH_GROWTH) {
      await this.rebuildIndex('the library changed enough to refresh neighbour augmentation');
      return;
    }
    this.store.save();
  }

  /** Photos most similar to a catalogued photo (itself left out). */
  async similarToFile(fileId: number, k: number): Promise<{ id: number; score: number }[]> {
    const index = await this.store.open();
    const self = index.get(fileId);
    if (!self) {
      const name = this.deps.files.byId(fileId)?.path ?? `photo ${fileId}`;
      // a photo that could not be read says why (its reason is in the catalog), not "yet" (trial 17: a broken HEIC)
      const failure = this.deps.files.errorsOf(fileId)[0];
      if (failure) throw new LibraryError('not-ready', `${name} could not be indexed: ${failure.reason}`);
      throw new LibraryError('not-ready', `${name} has no similarity vector yet: run \`loupe index\`.`);
    }
    return this.expansion.query(index, self, k, fileId);
  }

  /** Photos most similar to an image outside the library, given its raw features. */
  async similarToFeatures(raw: Record<string, Float32Array>, k: number): Promise<{ id: number; score: number }[]> {
    return this.expansion.query(await this.store.open(), this.projection.project(raw), k);
  }

  async size(): Promise<number> {
    return (await this.store.open()).size();
  }

  /** `save`: false for a process that does not hold the library's writer lock (its copy is dropped). */
  close(save = true): void {
    this.store.close(save);
  }

  private originalOf(fileId: number): Float32Array | undefined {
    return this.originals.get(fileId, this.projection.inUse(), () => {
      const raw = this.deps.features.of(fileId);
      return this.projection.hasFeatures(raw) ? this.projection.project(raw) : undefined;
    });
  }

  /** The whitening vectors are projected with now (learned tags train in the same space). */
  whiteningInUse(): Whitening {
    return this.projection.inUse();
  }

  /** Fits the whitening on the library's own raw features and re-projects everything (no model runs). */
  private async refit(count: number): Promise<void> {
    const all = [...this.deps.features.all()].filter((x) => BRANCHES.every((b) => x.features[b]));
    await this.projection.refit(all.map((x) => x.features as RawFeatures), count);
    await this.rebuildIndex('the whitening was refitted on this library', all);
  }

  /** Rebuilds the index from the catalog: originals first (for neighbour search), then augmented vectors. */
  private async rebuildIndex(why: string, rows?: { fileId: number; features: Record<string, Float32Array> }[]): Promise<VectorIndex> {
    this.deps.log(`rebuilding the similarity index: ${why}`);
    const items = (rows ?? [...this.deps.features.all()]).filter((x) => this.projection.hasFeatures(x.features));
    const originals = await this.projection.projectMany(items.map((x) => x.features));
    const ids = items.map((x) => x.fileId);
    const dim = originals[0]?.length ?? this.projection.dim();
    const augmented = this.expansion.augmentAll(ids, originals, dim);
    const index = this.store.replace(dim, ids.map((id, i) => ({ id, vector: augmented[i] })));
    // A reader keeps the rebuilt index in memory only (SimilarityIndexStore.replace) and records nothing.
    if (this.deps.canWrite?.() ?? true) {
      this.deps.settings.setRaw(LAST_DBA_KEY, String(ids.length));
      this.store.save();
      this.removeEarlierRecipes();
    }
    return index;
  }

  /** The index and the library's own whitening of earlier embedding recipes: never read again (their features are
   *  re-embedded), so a writer deletes them once it has an index of its own. */
  private removeEarlierRecipes(): void {
    for (let recipe = 1; recipe < EMBEDDING_RECIPE_VERSION; recipe++) {
      const index = similarityIndexName(this.deps.userModel?.fingerprint, recipe);
      for (const name of [`${index}.hnsw`, `${index}.meta.json`, libraryWhiteningName(recipe)]) {
        try {
          fs.rmSync(path.join(this.deps.indexDir, name), { force: true });
        } catch (err) {
          this.deps.log(`could not remove ${name} of an earlier embedding recipe: ${(err as Error).message}`);
        }
      }
    }
  }
}
