// Neighbour expansion for find-similar, over the library's vector index: database-side augmentation (DBA) when a
// photo's vector is stored, alpha query expansion (alpha-QE) when a query runs (embedding/query-expansion.ts has
// the arithmetic). The neighbours DBA finds for a photo are also reported: they are the duplicate finder's
// candidates, and one search serves both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dbaVector, expansionFor, searchWithQueryExpansion, type ExpansionParams } from '../embedding/query-expansion.js';
import type { ProjectionSource } from './similarity-projection.js';
import { SIMILARITY_EXACT_MATRIX_MAX_BYTES } from './similarity-index-store.js';
import { openVectorIndex, type VectorIndex } from './vector-index.js';

/** Neighbours reported per photo through onNeighbours: the search DBA runs anyway, asked for a few more. */
const NEIGHBOURS_REPORTED = 10;

type Search = (v: Float32Array, n: number) => { id: number; score: number }[];

export interface NeighbourExpansionDeps {
  /** where the vectors come from (the expansion was tuned per whitening; a user's model gets none) */
  source: () => ProjectionSource;
  /** each photo's nearest photos, as the augmentation finds them */
  onNeighbours?: (fileId: number, neighbourIds: number[]) => void;
  /** a reader (no writer lock) reports no neighbours: the duplicate finder would store them */
  canWrite?: () => boolean;
}

export class NeighbourExpansion {
  constructor(private readonly deps: NeighbourExpansionDeps) {}

  /** QE and DBA were tuned for the bundled recipe; a user's model is used exactly as it comes. */
  private params(): { qe: ExpansionParams; dba: ExpansionParams } {
    const source = this.deps.source();
    if (source === 'user') return { qe: { k: 0, alpha: 1 }, dba: { k: 0, alpha: 1 } };
    return expansionFor(source);
  }

  /** The `k` photos nearest to `vector`, the query expanded with its top hits; `selfId` left out. */
  query(index: VectorIndex, vector: Float32Array, k: number, selfId?: number): { id: number; score: number }[] {
    const search = (v: Float32Array, n: number) => index.search(v, n);
    return searchWithQueryExpansion(search, (id) => index.get(id), vector, k, this.params().qe, selfId);
  }

  /** DBA for one photo: mixes in its nearest neighbours' ORIGINAL vectors (`originalOf` recomputes them from raw
   *  features, so repeated runs never drift). */
  augment(index: VectorIndex, fileId: number, original: Float32Array, originalOf: (id: number) => Float32Array | undefined): Float32Array {
    if (index.size() === 0) return original;
    return dbaVector(fileId, original, this.reportingSearch(fileId, (v, n) => index.search(v, n)), originalOf, this.params().dba);
  }

  /** DBA for a whole library at once: the originals go into a temporary index for the neighbour searches. */
  augmentAll(ids: readonly number[], originals: readonly Float32Array[], dim: number): Float32Array[] {
    const byId = new Map(ids.map((id, i) => [id, originals[i]]));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-dba-'));
    let plain: VectorIndex;
    try {
      plain = openVectorIndex({
        dir: tmp, name: 'originals', dim, generation: 0, log: () => {}, exactMatrixMaxBytes: SIMILARITY_EXACT_MATRIX_MAX_BYTES,
        rebuildFrom: () => ids.map((id, i) => ({ id, vector: originals[i] })),
      });
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
    const { dba } = this.params();
    try {
      return ids.map((id, i) => dbaVector(id, originals[i], this.reportingSearch(id, (v, n) => plain.search(v, n)), (x) => byId.get(x), dba));
    } finally {
      plain.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }

  /** Wraps a neighbour search so that the neighbours of `fileId` it finds are also reported (one search, two uses). */
  private reportingSearch(fileId: number, search: Search): Search {
    const report = this.deps.onNeighbours;
    if (!report || !(this.deps.canWrite?.() ?? true)) return search;
    return (v: Float32Array, n: number) => {
      const hits = search(v, Math.max(n, NEIGHBOURS_REPORTED + 1));
      report(fileId, hits.filter((h) => h.id !== fileId).slice(0, NEIGHBOURS_REPORTED).map((h) => h.id));
      return hits.slice(0, n);
    };
  }
}
