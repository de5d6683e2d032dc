import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { openVectorIndex, type VectorIndex } from '../search/vector-index.js';
import type { ClusterFace } from './face-repository.js';

/** Finds, for some faces, every face whose descriptor is within a cosine similarity. */
export interface NeighbourSearch {
  /** for each id in `ids`, the ids of faces with similarity >= threshold (itself included or not) */
  linksOf(ids: readonly number[], threshold: number): number[][];
}

/** Up to this many faces, neighbours are found exactly (every pair); above it, through the face graph. */
export const EXACT_SEARCH_LIMIT = 1500;

/** Neighbours examined per face in the graph: more than a person has faces in a few photos, enough to chain the rest. */
const GRAPH_K = 16;
/** Candidate search runs on a fixed random projection of the descriptors (fast to build); links are then checked on
 *  the full descriptors, so the projection can only miss a link, never invent one. A descriptor no wider than the
 *  projection (dlib's, 128-d) is indexed as it is: a random projection would only blur it (its cosines lie near 1, the
 *  same person and the closest other a few hundredths apart). */
const PROJECTED_DIMS = 128;
const PROJECTION_SEED = 0x5eed;
/** Faces added or removed before the graph is written again (see FaceGraph.save). */
const SAVE_AFTER_CHANGES = 1000;
/** Smaller than the photo index's (bench/faces-grouping-scale.ts): candidates are re-checked anyway. */
const GRAPH_PARAMS = { M: 12, efConstruction: 40, efSearch: 40 } as const;

/** Every pair, for a small library. */
export function neighbourSearch(faces: readonly ClusterFace[]): NeighbourSearch {
  return new ExactSearch(faces);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

class ExactSearch implements NeighbourSearch {
  private readonly byId: Map<number, Float32Array>;

  constructor(private readonly faces: readonly ClusterFace[]) {
    this.byId = new Map(faces.map((f) => [f.id, f.descriptor]));
  }

  linksOf(ids: readonly number[], threshold: number): number[][] {
    return ids.map((id) => {
      const q = this.byId.get(id)!;
      const out: number[] = [];
      for (const f of this.faces) if (f.id !== id && dot(q, f.descriptor) >= threshold) out.push(f.id);
      return out;
    });
  }
}

/**
 * The neighbour graph of a library's faces: an HNSW index (the photo index's, src/main/engine/search/vector-index.ts)
 * over a seeded random projection of the descriptors, kept on disk beside the photo index. Faces are added as the
 * face stage stores them, so the first grouping after indexing a large library finds the graph built, and an update
 * costs what its new faces cost. Before each grouping the graph is brought in line with the catalog (faces gone are
 * marked deleted, faces missing are added), so a graph saved by another process or before a crash is still right.
 */
export class FaceGraph {
  private index: VectorIndex | null = null;
  private dims = 0;
  private projection: Float32Array | null = null;
  /** faces added or removed since the graph was last saved */
  private changes = 0;

  constructor(private readonly options: {
    dir: string;
    /** the descriptor model version the faces come from (a graph of another is rebuilt) */
    model: string;
    log?: (message: string) => void;
    /** up to this many faces, grouping searches exactly (default EXACT_SEARCH_LIMIT) */
    exactLimit?: number;
  }) {}

  /** Faces just stored by the face stage: added now, so grouping finds them in the graph. */
  add(faces: readonly Pick<ClusterFace, 'id' | 'descriptor'>[], all: () => readonly ClusterFace[]): void {
    if (faces.length === 0) return;
    const index = this.open(faces[0].descriptor.length, all);
    for (const f of faces) index.upsert(f.id, this.project(f.descriptor));
    this.changes += faces.length;
  }

  /** The search for one grouping run over `faces` (all the clusterable faces): exact for a small library. */
  searchFor(faces: readonly ClusterFace[]): NeighbourSearch {
    if (faces.length <= (this.options.exactLimit ?? EXACT_SEARCH_LIMIT)) return new ExactSearch(faces);
    const index = this.open(faces[0].descriptor.length, () => faces);
    const current = new Set(faces.map((f) => f.id));
    for (const id of index.ids()) {
      if (current.has(id)) continue;
      index.remove(id);
      this.changes++;
    }
    for (const f of faces) {
      if (index.has(f.id)) continue;
      index.upsert(f.id, this.project(f.descriptor));
      this.changes++;
    }
    return new GraphSearch(index, faces, (v) => this.project(v));
  }

  /**
   * Writes the graph once enough changed since the last save (after a grouping run), or whenever it changed with
   * `force`. Writing a 100,000-face graph costs more than adding a thousand faces again, and whatever was not saved
   * is added again when the graph is next opened (searchFor), so an update of a few photos does not rewrite it.
   */
  save(options: { force?: boolean } = {}): void {
    if (!this.index || this.changes === 0 || (!options.force && this.changes < SAVE_AFTER_CHANGES)) return;
    this.index.save(this.generation());
    this.changes = 0;
  }

  close(): void {
    this.index?.close();
    this.index = null;
  }

  private open(dims: number, all: () => readonly ClusterFace[]): VectorIndex {
    if (this.index && dims === this.dims) return this.index;
    this.index?.close();
    this.dims = dims;
    this.projection = dims > PROJECTED_DIMS ? randomProjection(dims, PROJECTED_DIMS, PROJECTION_SEED) : null;
    fs.mkdirSync(this.options.dir, { recursive: true });
    this.index = openVectorIndex({
      dir: this.options.dir,
      name: 'faces',
      dim: this.projection ? PROJECTED_DIMS : dims,
      generation: this.generation(),
      // a saved graph of another model (or projection) is rebuilt from the catalog's faces
      rebuildFrom: () => all().map((f) => ({ id: f.id, vector: this.project(f.descriptor) })),
      // always the graph (a small library is searched exactly above); the index keeps the projected vectors in
      // memory, so a face's query point is read back, not projected again
      exactThreshold: 0,
      hnsw: GRAPH_PARAMS,
      log: this.options.log,
    });
    return this.index;
  }

  /** Names what the graph holds: the descriptor model and the projection. */
  private generation(): number {
    const key = this.projection ? `${this.options.model}|${this.dims}|${PROJECTED_DIMS}|${PROJECTION_SEED}` : `${this.options.model}|${this.dims}|as-is`;
    return createHash('sha256').update(key).digest().readUInt32BE(0);
  }

  /** The projection (dims x PROJECTED_DIMS, row-major by input dimension). */
  private project(v: Float32Array): Float32Array {
    const m = this.projection;
    if (!m) return Float32Array.from(v); // unit length already
    const out = new Float32Array(PROJECTED_DIMS);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === 0) continue; // faceres descriptors are ReLU outputs: about a third are zeros
      const row = i * PROJECTED_DIMS;
      for (let j = 0; j < PROJECTED_DIMS; j++) out[j] += x * m[row + j];
    }
    let n = 0;
    for (const x of out) n += x * x;
    n = Math.sqrt(n) || 1;
    for (let j = 0; j < PROJECTED_DIMS; j++) out[j] /= n;
    return out;
  }
}

class GraphSearch implements NeighbourSearch {
  private readonly byId: Map<number, Float32Array>;

  constructor(
    private readonly index: VectorIndex,
    faces: readonly ClusterFace[],
    private readonly project: (v: Float32Array) => Float32Array,
  ) {
    this.byId = new Map(faces.map((f) => [f.id, f.descriptor]));
  }

  linksOf(ids: readonly number[], threshold: number): number[][] {
    return ids.map((id) => {
      const q = this.byId.get(id)!;
      const out: number[] = [];
      for (const n of this.index.search(this.index.get(id) ?? this.project(q), GRAPH_K + 1)) {
        if (n.id === id) continue;
        const d = this.byId.get(n.id);
        if (d && dot(q, d) >= threshold) out.push(n.id);
      }
      return out;
    });
  }
}

/** A dims x out Gaussian matrix from a small seeded generator (the same on every run and machine). */
function randomProjection(dims: number, out: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const m = new Float32Array(dims * out);
  for (let i = 0; i < m.length; i++) {
    const u = Math.max(next(), 1e-12);
    m[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  }
  return m;
}
