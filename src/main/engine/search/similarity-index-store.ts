// The find-similar vector index on disk, kept in step with the catalog across processes. A generation counter in
// the catalog's settings says which index is current: every change bumps it; a process whose in-memory index is
// behind (another `loupe index` ran beside this `loupe watch`) loads the newer file, and a file from an older
// generation, missing or damaged is rebuilt from the catalog (the truth; the index is a cache).
import type { SettingsStore } from '../settings.js';
import { numberSetting } from './number-setting.js';
import { openVectorIndex, type VectorIndex } from './vector-index.js';

const GENERATION_KEY = 'similarity.generation';

/**
 * The find-similar index keeps its exact-search copy of the vectors (vector-index.ts) only while it is this small:
 * 16,384 photos at the bundled recipe's 512 dims. The app never forces an exact search on a larger index (it walks
 * the graph above DEFAULT_EXACT_THRESHOLD photos); the copy only made reading back a stored vector faster (query
 * expansion reads its top few, at most 10, a query: ~140 us each without it). At 100,000 photos the copy is 195 MiB (bench/vector-search.ts:
 * a process holding the index ~550 MiB with it, ~350 without), against the 1 GB a library of that size should be
 * indexed and served in (issue #15). The faces' index keeps the default: its grouping reads every vector back.
 */
export const SIMILARITY_EXACT_MATRIX_MAX_BYTES = 32 * 2 ** 20;

export interface SimilarityIndexStoreDeps {
  settings: SettingsStore;
  /** <home>/index */
  indexDir: string;
  /** the index file's name (one per model: a user's own model gets its own) */
  name: string;
  /** the length of the vectors */
  dim: () => number;
  log: (message: string) => void;
  /** whether the catalog holds any vectors (an empty index then needs no rebuild) */
  catalogHasVectors: () => boolean;
  /** builds the whole index from the catalog again, through replace() */
  rebuild: (why: string) => Promise<VectorIndex>;
  /** whether this process may write the index file and the catalog's generation now (it holds the writer lock;
   *  default: always) */
  canWrite?: () => boolean;
}

export class SimilarityIndexStore {
  private index: VectorIndex | null = null;
  /** set from the first change until the next save: the file on disk no longer matches the catalog */
  private dirty = false;
  /** the catalog generation the in-memory index reflects (other processes may move the catalog's on) */
  private ownGeneration = -1;
  /** the open() in progress, if any */
  private opening: Promise<VectorIndex> | null = null;

  constructor(private readonly deps: SimilarityIndexStoreDeps) {}

  /** The current index: the one in memory, a newer one another process saved, or one rebuilt from the catalog. */
  open(): Promise<VectorIndex> {
    // One open (with the rebuild it may start) at a time: a caller that comes meanwhile waits for its index, rather
    // than taking the empty one a rebuild is about to close and replace.
    this.opening ??= this.openNow().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async openNow(): Promise<VectorIndex> {
    const generation = numberSetting(this.deps.settings, GENERATION_KEY) ?? 0;
    if (this.index && (this.dirty || generation === this.ownGeneration)) return this.index;
    // Another process (a `loupe index` beside this `loupe watch`) saved a newer index: load that one.
    this.index?.close();
    this.index = null;
    this.ownGeneration = generation;
    let rebuilt = false;
    const index = openVectorIndex({
      dir: this.deps.indexDir,
      name: this.deps.name,
      dim: this.deps.dim(),
      generation,
      log: this.deps.log,
      persist: this.canWrite(),
      exactMatrixMaxBytes: SIMILARITY_EXACT_MATRIX_MAX_BYTES,
      rebuildFrom: () => {
        rebuilt = true;
        return [];
      },
    });
    this.index = index;
    // A missing or stale index file: the catalog is the truth, so build it again from there.
    if (rebuilt && this.deps.catalogHasVectors()) return this.deps.rebuild('the index file was missing, damaged or out of date');
    return index;
  }

  /** Replaces the whole index with these vectors, as a new generation (saved by the next save()). */
  replace(dim: number, items: readonly { id: number; vector: Float32Array }[]): VectorIndex {
    this.index?.close();
    // A process that may not write keeps the rebuilt index in memory, for the catalog's current generation.
    const write = this.canWrite();
    const generation = write ? this.bumpGeneration() : (numberSetting(this.deps.settings, GENERATION_KEY) ?? 0);
    this.ownGeneration = generation;
    this.dirty = write;
    this.index = openVectorIndex({
      dir: this.deps.indexDir, name: this.deps.name, dim, generation, log: this.deps.log, persist: write,
      exactMatrixMaxBytes: SIMILARITY_EXACT_MATRIX_MAX_BYTES,
      rebuildFrom: () => [...items],
    });
    return this.index;
  }

  /** The in-memory index is about to change: the file on disk (and other processes' copies) fall behind. */
  markDirty(): void {
    if (this.dirty) return;
    this.dirty = true;
    this.ownGeneration = this.bumpGeneration();
  }

  /** Writes the index if it changed. If another process changed the catalog's vectors meanwhile, neither copy is
   *  complete: the file is left stale (a newer generation) so the next open rebuilds it from the catalog. */
  save(): void {
    if (!this.index || !this.dirty) return;
    const current = numberSetting(this.deps.settings, GENERATION_KEY) ?? 0;
    if (current === this.ownGeneration) this.index.save(current);
    else this.deps.log('another Loupe process changed the library meanwhile: the similarity index will be rebuilt');
    this.dirty = false;
  }

  /** `save`: false for a process that does not hold the library's writer lock (its copy is dropped). */
  close(save = true): void {
    if (this.index && save) this.save();
    this.index?.close();
    this.index = null;
  }

  private canWrite(): boolean {
    return this.deps.canWrite?.() ?? true;
  }

  private bumpGeneration(): number {
    const next = (numberSetting(this.deps.settings, GENERATION_KEY) ?? 0) + 1;
    this.deps.settings.setRaw(GENERATION_KEY, String(next));
    return next;
  }
}
