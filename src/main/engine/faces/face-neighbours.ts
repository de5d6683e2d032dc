import hnswlib from 'hnswlib-node';
import type { ClusterFace } from './face-repository.js';

/** Finds, for some faces, every face whose descriptor is within a cosine similarity. */
export interface NeighbourSearch {
  /** for each id in `ids`, the ids of faces with similarity >= threshold (itself included or not) */
  linksOf(ids: readonly number[], threshold: number): number[][];
}

/** Up to this many faces, neighbours are found exactly (every pair); above it, through an HNSW graph. */
export const EXACT_SEARCH_LIMIT = 6000;

/** Neighbours examined per face in the HNSW graph: far more than a person has faces in a few photos. */
const HNSW_K = 48;
/** Candidate search runs on a fixed random projection of the descriptors (fast to build); links are then checked on
 *  the full descriptors, so the projection can only miss a link, never invent one. */
const PROJECTED_DIMS = 128;

export function neighbourSearch(faces: readonly ClusterFace[]): NeighbourSearch {
  return faces.length <= EXACT_SEARCH_LIMIT ? new ExactSearch(faces) : new HnswSearch(faces);
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
  private readonly byId: Map<number, Float32Array>;
  private readonly projection: Float32Array;
  private readonly dims: number;

  constructor(faces: readonly ClusterFace[]) {
    this.dims = faces[0]?.descriptor.length ?? 0;
    this.byId = new Map(faces.map((f) => [f.id, f.descriptor]));
    this.projection = randomProjection(this.dims, PROJECTED_DIMS, 0x5eed);
    this.index = new hnswlib.HierarchicalNSW('ip', PROJECTED_DIMS);
    this.index.initIndex({ maxElements: Math.max(16, faces.length), m: 12, efConstruction: 64, randomSeed: 7 });
    for (const f of faces) this.index.addPoint(this.project(f.descriptor), f.id, false);
    this.index.setEf(HNSW_K * 2);
  }

  private project(v: Float32Array): number[] {
    const out = new Array<number>(PROJECTED_DIMS).fill(0);
    for (let j = 0; j < PROJECTED_DIMS; j++) {
      let s = 0;
      const row = j * this.dims;
      for (let i = 0; i < this.dims; i++) s += this.projection[row + i] * v[i];
      out[j] = s;
    }
    let n = 0;
    for (const x of out) n += x * x;
    n = Math.sqrt(n) || 1;
    return out.map((x) => x / n);
  }

  linksOf(ids: readonly number[], threshold: number): number[][] {
    const k = Math.min(HNSW_K, this.byId.size);
    return ids.map((id) => {
      const q = this.byId.get(id)!;
      const { neighbors } = this.index.searchKnn(this.project(q), k);
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
