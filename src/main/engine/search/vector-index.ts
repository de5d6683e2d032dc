import fs from 'node:fs';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { ExactMatrix } from './vector-index-exact.js';
import {
  VECTOR_INDEX_FORMAT,
  fileCrc32,
  fsyncFile,
  readMeta,
  tmpPathFor,
  vectorIndexPaths,
  writeJsonAtomic,
  type VectorIndexMeta,
  type VectorIndexPaths,
} from './vector-index-files.js';
import { scanIndexFile, type ScannedIndex } from './vector-index-scan.js';
import { TopK, compareNeighbours } from './top-k.js';
import { checkId, toPlainArray, unitVector } from './vector-input.js';

export interface Neighbour {
  id: number;
  /** cosine similarity, in [-1, 1] */
  score: number;
}

export interface SearchOptions {
  /** true: brute force over every vector; false: HNSW; default: brute force while size() <= exactThreshold */
  exact?: boolean;
  /** ids never returned (typically the query photo itself); k results are still returned when possible */
  exclude?: ReadonlySet<number>;
}

export interface VectorIndex {
  readonly dim: number;
  size(): number;
  has(id: number): boolean;
  /** every id in the index (for reconciling with the catalog) */
  ids(): number[];
  /** the stored (unit-length) vector of an id */
  get(id: number): Float32Array | undefined;
  /** adds the vector, or replaces it if the id is already present (photo edited) */
  upsert(id: number, vector: Float32Array): void;
  /** photo deleted; unknown ids are ignored */
  remove(id: number): void;
  /** k best neighbours, best first (ties: smaller id first). */
  search(query: Float32Array, k: number, options?: SearchOptions): Neighbour[];
  /** writes the index atomically (tmp + rename) with a small JSON meta beside it */
  save(generation: number): void;
  close(): void;
}

export interface HnswParams {
  M?: number;
  efConstruction?: number;
  efSearch?: number;
}

export interface OpenVectorIndexOptions {
  /** e.g. <home>/index */
  dir: string;
  /** e.g. 'similarity'; files are <dir>/<name>.hnsw and <dir>/<name>.meta.json */
  name: string;
  dim: number;
  /** the catalog's current generation; a saved index with another generation (or dim, params, or an
   * unreadable/corrupt file) is rebuilt */
  generation: number;
  /** yields every current (id, vector) from the catalog, used for rebuilds */
  rebuildFrom: () => Iterable<{ id: number; vector: Float32Array }>;
  /** brute force is used by default while size() <= this (see DEFAULT_EXACT_THRESHOLD) */
  exactThreshold?: number;
  hnsw?: HnswParams;
  /** the brute-force matrix is kept while it fits in this many bytes (see DEFAULT_EXACT_MATRIX_MAX_BYTES) */
  exactMatrixMaxBytes?: number;
  /** says when and why it rebuilt */
  log?: (message: string) => void;
  /** false: a rebuilt index stays in memory and nothing in `dir` is touched (a reading process); default true */
  persist?: boolean;
}

/*
 * Defaults, from bench/vector-search.ts (synthetic dim-512 vectors, 2-core box under load; the numbers
 * are in the bench output):
 * - M 16 / efConstruction 100: efConstruction 200 gave the same recall@10 (0.990 vs 0.990 clustered
 *   at 10k) for 2-2.5x the build time, and a 100k rebuild already takes ~2 min single-threaded.
 * - efSearch 128: the smallest swept value with recall@10 >= 0.95 on clustered (embedding-like) data
 *   at 100k (96: 0.938, 128: 0.950, 256: 0.976); p50 stays ~0.5 ms because the binding's per-call
 *   conversion of the 512 query floats dominates small searches.
 * - exactThreshold 1000: brute force costs ~1 us per vector in JS (1000: 0.98 ms p50 vs 0.27 ms for
 *   HNSW; 250: 0.27 vs 0.17). Below ~1000 both are far under a frame, so the exact answer is free.
 * - exact matrix kept up to 256 MiB (~130k photos at dim 512). It duplicates the vectors HNSW holds
 *   (+~60% memory: 100k photos = ~550 MiB RSS with it, ~350 without), but without it a forced exact
 *   search reads every vector back through getPoint, ~140 us each (10k photos: over a second).
 */
export const DEFAULT_HNSW = { M: 16, efConstruction: 100, efSearch: 128 } as const;
export const DEFAULT_EXACT_THRESHOLD = 1000;
export const DEFAULT_EXACT_MATRIX_MAX_BYTES = 256 * 2 ** 20;

/** hnswlib needs a capacity up front; we start small and grow (resizeIndex) by half each time it fills. */
const INITIAL_CAPACITY = 1024;
/** Above this many live excluded ids, filtering inside hnswlib (a JS callback per candidate) beats over-fetching. */
const MAX_OVERFETCH_FOR_EXCLUDE = 64;

type Hnsw = InstanceType<typeof hnswlib.HierarchicalNSW>;

/** Opens the saved index if it matches the catalog, otherwise rebuilds it from `rebuildFrom` (and saves it). */
export function openVectorIndex(options: OpenVectorIndexOptions): VectorIndex {
  const { dim, generation } = options;
  if (!Number.isInteger(dim) || dim <= 0) throw new Error(`Vector index dim must be a positive integer, got ${dim}`);
  checkGeneration(generation);
  const params = {
    M: options.hnsw?.M ?? DEFAULT_HNSW.M,
    efConstruction: options.hnsw?.efConstruction ?? DEFAULT_HNSW.efConstruction,
    efSearch: options.hnsw?.efSearch ?? DEFAULT_HNSW.efSearch,
  };
  for (const [key, value] of Object.entries(params)) {
    if (!Number.isInteger(value) || value < 2) throw new Error(`hnsw.${key} must be an integer >= 2, got ${value}`);
  }
  const exactThreshold = options.exactThreshold ?? DEFAULT_EXACT_THRESHOLD;
  const exactMatrixMaxBytes = options.exactMatrixMaxBytes ?? DEFAULT_EXACT_MATRIX_MAX_BYTES;
  if (!Number.isInteger(exactThreshold) || exactThreshold < 0) throw new Error(`exactThreshold must be a non-negative integer, got ${exactThreshold}`);
  if (!(exactMatrixMaxBytes >= 0)) throw new Error(`exactMatrixMaxBytes must be >= 0, got ${exactMatrixMaxBytes}`);
  const paths = vectorIndexPaths(options.dir, options.name);
  const log = options.log ?? (() => {});
  const config: IndexConfig = {
    dim,
    params,
    paths,
    exactThreshold,
    exactMatrixMaxBytes,
    log: (message) => log(`vector index "${options.name}": ${message}`),
  };
  const persist = options.persist ?? true;
  if (persist) {
    fs.mkdirSync(options.dir, { recursive: true });
    removeStaleTmpFiles(options.dir, options.name);
  }

  const loaded = loadSaved(config, generation);
  if (typeof loaded !== 'string') return loaded;

  config.log(`rebuilding from the catalog (${loaded})`);
  const started = performance.now();
  const source = options.rebuildFrom();
  // An array tells us the final size: allocate once instead of growing through several resizes.
  const index = HnswVectorIndex.empty(config, Array.isArray(source) ? Math.max(INITIAL_CAPACITY, source.length) : INITIAL_CAPACITY);
  for (const { id, vector } of source) index.upsert(id, vector);
  config.log(`rebuilt ${index.size()} vectors in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // A rebuild of a large library takes minutes: persist it now rather than redo it after a crash.
  if (!persist) return index;
  try {
    index.save(generation);
  } catch (error) {
    config.log(`could not save the rebuilt index, it will be rebuilt next time (${(error as Error).message})`);
  }
  return index;
}

interface IndexConfig {
  dim: number;
  params: { M: number; efConstruction: number; efSearch: number };
  paths: VectorIndexPaths;
  exactThreshold: number;
  exactMatrixMaxBytes: number;
  log: (message: string) => void;
}

/** The saved index when it is present, intact and current; otherwise the reason it cannot be used. */
function loadSaved(config: IndexConfig, generation: number): HnswVectorIndex | string {
  const meta = readMeta(config.paths.meta);
  if (typeof meta === 'string') return meta;
  if (meta.format !== VECTOR_INDEX_FORMAT) return `saved format ${meta.format}, current ${VECTOR_INDEX_FORMAT}`;
  if (meta.dim !== config.dim) return `saved dim ${meta.dim}, wanted ${config.dim}`;
  if (meta.generation !== generation) return `saved generation ${meta.generation}, catalog generation ${generation}`;
  if (meta.params.M !== config.params.M || meta.params.efConstruction !== config.params.efConstruction) {
    return `saved with M=${meta.params.M}/efConstruction=${meta.params.efConstruction}, wanted M=${config.params.M}/efConstruction=${config.params.efConstruction}`;
  }
  let bytes: number;
  try {
    bytes = fs.statSync(config.paths.index).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'index file missing' : `index file unreadable (${(error as Error).message})`;
  }
  if (bytes !== meta.bytes) return `index file is ${bytes} bytes, meta says ${meta.bytes} (truncated or replaced)`;
  const wantMatrix = ExactMatrix.bytesFor(meta.count, config.dim) <= config.exactMatrixMaxBytes;
  let scan: ScannedIndex;
  try {
    scan = scanIndexFile(config.paths.index, config.dim, wantMatrix);
  } catch (error) {
    return `index file unreadable (${(error as Error).message})`;
  }
  if (scan.bytes !== meta.bytes) return `index file changed while being read (${scan.bytes} bytes, meta says ${meta.bytes})`;
  if (scan.crc32 !== meta.crc32) return 'index file checksum mismatch (corrupt)';
  if (scan.live.length !== meta.count) return `index file holds ${scan.live.length} live vectors, meta says ${meta.count}`;
  try {
    return HnswVectorIndex.fromFile(config, scan);
  } catch (error) {
    return `index file rejected by hnswlib (${(error as Error).message})`;
  }
}

/** Leftovers of a save that crashed between write and rename (a live save's tmp is minutes old at most). */
function removeStaleTmpFiles(dir: string, name: string): void {
  const cutoff = Date.now() - 60 * 60 * 1000;
  for (const file of fs.readdirSync(dir)) {
    if (!file.startsWith(`${name}.`) || !file.endsWith('.tmp')) continue;
    const full = path.join(dir, file);
    try {
      if (fs.statSync(full).mtimeMs < cutoff) fs.rmSync(full, { force: true });
    } catch {
      // raced with its owner renaming or removing it: nothing left to clean
    }
  }
}

function checkGeneration(generation: number): void {
  if (!Number.isSafeInteger(generation) || generation < 0) {
    throw new Error(`Vector index generation must be a non-negative integer, got ${generation}`);
  }
}

/**
 * HNSW (hnswlib, inner-product space on unit vectors) plus, while memory allows, an exact matrix.
 *
 * Labels in hnswlib are the photo ids themselves, so the index file is self-describing. Deletion is
 * markDelete; with allowReplaceDeleted the next new id takes over a deleted slot instead of growing
 * the file. One hnswlib trap shapes upsert(): replacing picks *some* deleted slot and evicts that
 * slot's label, and re-adding an id whose own deleted slot still exists must revive that slot
 * instead (else two slots carry one label and a later eviction drops the live one). `maybeDeleted`
 * is the set of ids that may still own a deleted slot: exact when loaded from the file, then it may
 * over-approximate (evictions are invisible from JS) but never misses one.
 */
class HnswVectorIndex implements VectorIndex {
  private hnsw: Hnsw | null;
  private readonly live: Set<number>;
  private readonly maybeDeleted: Set<number>;
  private matrix: ExactMatrix | null;

  private constructor(
    private readonly config: IndexConfig,
    hnsw: Hnsw,
    live: Set<number>,
    maybeDeleted: Set<number>,
    matrix: ExactMatrix | null,
  ) {
    this.hnsw = hnsw;
    this.live = live;
    this.maybeDeleted = maybeDeleted;
    this.matrix = matrix;
    hnsw.setEf(config.params.efSearch);
  }

  get dim(): number {
    return this.config.dim;
  }

  static empty(config: IndexConfig, capacity: number): HnswVectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW('ip', config.dim);
    hnsw.initIndex({
      maxElements: capacity,
      m: config.params.M,
      efConstruction: config.params.efConstruction,
      allowReplaceDeleted: true,
    });
    const matrix = config.exactMatrixMaxBytes > 0 ? new ExactMatrix(config.dim, Math.min(capacity, 1024)) : null;
    return new HnswVectorIndex(config, hnsw, new Set(), new Set(), matrix);
  }

  /** `scan` has already been checked against the meta, so hnswlib only ever reads verified bytes. */
  static fromFile(config: IndexConfig, scan: ScannedIndex): HnswVectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW('ip', config.dim);
    hnsw.readIndexSync(config.paths.index, true);
    if (hnsw.getCurrentCount() !== scan.live.length + scan.deleted.length) {
      throw new Error(`loaded ${hnsw.getCurrentCount()} slots, the file scan found ${scan.live.length + scan.deleted.length}`);
    }
    const matrix = scan.vectors ? ExactMatrix.adopt(config.dim, scan.live, scan.vectors) : null;
    return new HnswVectorIndex(config, hnsw, new Set(scan.live), new Set(scan.deleted), matrix);
  }

  size(): number {
    this.open();
    return this.live.size;
  }

  ids(): number[] {
    this.open();
    return [...this.live];
  }

  get(id: number): Float32Array | undefined {
    const hnsw = this.open();
    if (!this.live.has(id)) return undefined;
    return this.matrix?.get(id) ?? Float32Array.from(hnsw.getPoint(id));
  }

  has(id: number): boolean {
    this.open();
    return this.live.has(id);
  }

  upsert(id: number, vector: Float32Array): void {
    const hnsw = this.open();
    checkId(id);
    const unit = unitVector(vector, this.config.dim, `Vector for id ${id}`);
    const point = toPlainArray(unit);
    if (this.live.has(id)) {
      hnsw.addPoint(point, id, false); // in-place update of its slot
    } else {
      let revived = false;
      if (this.maybeDeleted.delete(id)) {
        try {
          hnsw.unmarkDelete(id); // its old slot still exists: reuse it, then update below
          revived = true;
        } catch {
          // its slot was already handed to another id: it is a new point now
        }
      }
      if (revived) {
        hnsw.addPoint(point, id, false);
      } else {
        const vacant = hnsw.getCurrentCount() - this.live.size;
        if (vacant === 0 && hnsw.getCurrentCount() >= hnsw.getMaxElements()) {
          const capacity = hnsw.getMaxElements();
          hnsw.resizeIndex(Math.max(capacity + INITIAL_CAPACITY, Math.ceil(capacity * 1.5)));
        }
        hnsw.addPoint(point, id, vacant > 0);
      }
      this.live.add(id);
    }
    if (this.matrix) {
      this.matrix.set(id, unit);
      if (this.matrix.bytes > this.config.exactMatrixMaxBytes) {
        this.config.log(
          `dropping the exact-search matrix at ${this.live.size} vectors (over ${this.config.exactMatrixMaxBytes} bytes); ` +
            'forced exact searches now read vectors back from HNSW and are slow',
        );
        this.matrix = null;
      }
    }
  }

  remove(id: number): void {
    const hnsw = this.open();
    if (!this.live.has(id)) return;
    hnsw.markDelete(id);
    this.live.delete(id);
    this.maybeDeleted.add(id);
    this.matrix?.remove(id);
  }

  search(query: Float32Array, k: number, options: SearchOptions = {}): Neighbour[] {
    const hnsw = this.open();
    if (!Number.isInteger(k) || k < 0) throw new Error(`k must be a non-negative integer, got ${k}`);
    const unit = unitVector(query, this.config.dim, 'Query vector');
    if (k === 0 || this.live.size === 0) return [];
    const exclude = options.exclude && options.exclude.size > 0 ? options.exclude : undefined;
    const exact = options.exact ?? this.live.size <= this.config.exactThreshold;
    if (exact) return this.exactSearch(unit, k, exclude);

    let excludedLive = 0;
    if (exclude) for (const id of exclude) if (this.live.has(id)) excludedLive++;
    const reachable = this.live.size - excludedLive;
    if (reachable <= 0) return [];
    const point = toPlainArray(unit);
    // Few exclusions: ask for k + that many and drop them afterwards (no JS callback per candidate).
    // Many: let hnswlib skip them during the walk, so it still fills k results.
    const result =
      excludedLive <= MAX_OVERFETCH_FOR_EXCLUDE
        ? hnsw.searchKnn(point, Math.min(k + excludedLive, this.live.size))
        : hnsw.searchKnn(point, Math.min(k, reachable), (label) => !exclude!.has(label));
    const out: Neighbour[] = [];
    for (let i = 0; i < result.neighbors.length; i++) {
      const id = result.neighbors[i];
      if (exclude?.has(id)) continue;
      out.push({ id, score: 1 - result.distances[i] });
    }
    return out.sort(compareNeighbours).slice(0, k);
  }

  save(generation: number): void {
    const hnsw = this.open();
    checkGeneration(generation);
    const { paths } = this.config;
    const tmp = tmpPathFor(paths.index);
    try {
      hnsw.writeIndexSync(tmp);
      fsyncFile(tmp);
      const check = fileCrc32(tmp);
      const meta: VectorIndexMeta = {
        format: VECTOR_INDEX_FORMAT,
        space: 'ip',
        dim: this.config.dim,
        count: this.live.size,
        generation,
        params: this.config.params,
        bytes: check.bytes,
        crc32: check.crc32,
        savedAt: new Date().toISOString(),
      };
      // Index first, meta second: a crash in between leaves a meta whose size/CRC do not match the
      // new file, which reads as "corrupt" and rebuilds -- never a silently mismatched pair.
      fs.renameSync(tmp, paths.index);
      writeJsonAtomic(paths.meta, meta);
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      throw error;
    }
  }

  close(): void {
    // hnswlib-node has no explicit free: dropping the references lets GC release the native memory.
    this.hnsw = null;
    this.matrix = null;
    this.live.clear();
    this.maybeDeleted.clear();
  }

  private exactSearch(query: Float32Array, k: number, exclude: ReadonlySet<number> | undefined): Neighbour[] {
    if (this.matrix) return this.matrix.search(query, k, exclude);
    // Matrix dropped for memory: read every vector back from HNSW (slow, ~140 us each; see the defaults).
    const hnsw = this.open();
    const top = new TopK(k);
    for (const id of this.live) {
      if (exclude?.has(id)) continue;
      const v = hnsw.getPoint(id);
      let score = 0;
      for (let j = 0; j < v.length; j++) score += v[j] * query[j];
      top.offer(id, score);
    }
    return top.sorted();
  }

  private open(): Hnsw {
    if (!this.hnsw) throw new Error('Vector index is closed');
    return this.hnsw;
  }
}
