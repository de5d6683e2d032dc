import hnswlib from 'hnswlib-node';
import type { ClusterFace } from './face-repository.js';

/** Finds, for some faces, every face whose descriptor is within a cosine similarity. */
export interface NeighbourSearch {
  /** for each id in `ids`, the ids of faces with similarity >= threshold (itself included or not) */
  linksOf(ids: readonly number[], threshold: number): number[][];
}

/** Up to this many faces, neighbours are found exactly (every pair); above it, through an HNSW graph. */
export const EXACT_SEARCH_LIMIT = 1500;

/** Neighbours examined per face in the HNSW graph: far more than a person has faces in a few photos. */
const HNSW_K = 32;
/** Candidate search runs on a fixed random projection of the descriptors (fast to build); links are then checked on
 *  the full descriptors, so the projection can only miss a link, never invent one. */
const PROJECTED_DIMS = 128;

/**
 * The search for one grouping run. `previous` is the HNSW graph of an earlier run in this process: when it holds
 * faces that are still current, only the new faces are added to it (an incremental update costs what its new faces
 * cost, not a rebuild); when faces it holds were removed or moved to another model, it is rebuilt.
 */
export function neighbourSearch(faces: readonly ClusterFace[], previous?: HnswSearch | null): NeighbourSearch {
  if (faces.length <= EXACT_SEARCH_LIMIT) return new ExactSearch(faces);
  if (previous && previous.refresh(faces)) return previous;
  return new HnswSearch(faces);
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
 * HNSW over a seeded random projection (Johnson-Lindenstrauss): the graph costs a fraction of one on the 1024-d
 * descriptors to build, and every candidate it returns is re-checked on the full descriptor.
 */
export class HnswSearch implements NeighbourSearch {
  private readonly index: hnswlib.HierarchicalNSW;
  private readonly byId = new Map<number, Float32Array>();
  /** each face's projected vector, computed once when it is added */
  private readonly projected = new Map<number, number[]>();
  private readonly projection: Float32Array;
  private readonly dims: number;
  private capacity: number;

  constructor(faces: readonly ClusterFace[]) {
    this.dims = faces[0]?.descriptor.length ?? 0;
    this.projection = randomProjection(this.dims, PROJECTED_DIMS, 0x5eed);
    this.index = new hnswlib.HierarchicalNSW('ip', PROJECTED_DIMS);
    this.capacity = Math.max(16, Math.ceil(faces.length * 1.25));
    this.index.initIndex({ maxElements: this.capacity, m: 12, efConstruction: 40, randomSeed: 7 });
    this.add(faces);
    this.index.setEf(HNSW_K * 2);
  }

  /** Adds the faces not in the graph yet; false (and nothing done) when a face in it is gone from `faces`. */
  refresh(faces: readonly ClusterFace[]): boolean {
    if (faces.length && faces[0].descriptor.length !== this.dims) return false;
    const current = new Set(faces.map((f) => f.id));
    for (const id of this.byId.keys()) if (!current.has(id)) return false;
    this.add(faces.filter((f) => !this.byId.has(f.id)));
    return true;
  }

  private add(faces: readonly ClusterFace[]): void {
    if (this.byId.size + faces.length > this.capacity) {
      this.capacity = Math.ceil((this.byId.size + faces.length) * 1.5);
      this.index.resizeIndex(this.capacity);
    }
    for (const f of faces) {
      const p = this.project(f.descriptor);
      this.index.addPoint(p, f.id, false);
      this.byId.set(f.id, f.descriptor);
      this.projected.set(f.id, p);
    }
  }

  /** The projection (dims x PROJECTED_DIMS, row-major by input dimension), L2-normalised. */
  private project(v: Float32Array): number[] {
    const out = new Float64Array(PROJECTED_DIMS);
    for (let i = 0; i < this.dims; i++) {
      const x = v[i];
      if (x === 0) continue; // faceres descriptors are ReLU outputs: about a third are zeros
      const row = i * PROJECTED_DIMS;
      for (let j = 0; j < PROJECTED_DIMS; j++) out[j] += x * this.projection[row + j];
    }
    let n = 0;
    for (const x of out) n += x * x;
    n = Math.sqrt(n) || 1;
    return Array.from(out, (x) => x / n);
  }

  linksOf(ids: readonly number[], threshold: number): number[][] {
    const k = Math.min(HNSW_K, this.byId.size);
    return ids.map((id) => {
      const q = this.byId.get(id)!;
      const { neighbors } = this.index.searchKnn(this.projected.get(id)!, k);
      return neighbors.filter((n) => n !== id && dot(q, this.byId.get(n)!) >= threshold);
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
