// The vectors learned tags are trained on and applied to: each photo's stored raw features, whitened with the
// SHIPPED default whitening and fused (the find-similar recipe without the library's own fit), 512 floats. The
// shipped whitening never changes under a library, so a model stays valid as the library grows and an exported
// model means the same in another library. Kept in memory once built; new photos join through `add`.
import fs from 'node:fs';
import type { FeatureRepository } from '../catalog/feature-repository.js';
import { BRANCHES, type RawFeatures } from '../embedding/features.js';
import { fuse } from '../embedding/fuse.js';
import { applyBranchBatch, applyWhitening, type Whitening } from '../embedding/whitening.js';
import { parseWhitening } from '../embedding/whitening-file.js';
import type { Rows } from './rows.js';

/** Names the vector recipe in stored and exported models: a model from another recipe is refused. */
export const FEATURE_SPACE = 'fused-default-whitening-v1';

const CHUNK = 2000;

export interface LibraryVectors {
  ids: number[];
  x: Rows;
  rowOf: Map<number, number>;
}

export function hasBranches(raw: Record<string, Float32Array>): raw is RawFeatures {
  return BRANCHES.every((b) => raw[b] && raw[b].length > 0 && raw[b].every(Number.isFinite) && raw[b].some((v) => v !== 0));
}

export class LearnVectors {
  private whitening: Whitening | null = null;
  private cache: LibraryVectors | null = null;

  constructor(private readonly deps: { features: FeatureRepository; whiteningFile: string }) {}

  /** Every photo with current features, as rows (rebuilt when the set of photos changed). */
  async library(): Promise<LibraryVectors> {
    const ids = this.deps.features.currentIds();
    const c = this.cache;
    if (c && c.ids.length === ids.length && c.ids.every((id, i) => id === ids[i])) return c;
    const keep = c ? ids.filter((id) => c.rowOf.has(id)) : [];
    const known = new Set(keep);
    const fresh: { id: number; raw: RawFeatures }[] = [];
    for (const id of ids) {
      if (known.has(id)) continue;
      const raw = this.deps.features.of(id);
      if (hasBranches(raw)) fresh.push({ id, raw });
    }
    const vectors = new Map<number, Float32Array>();
    for (const id of keep) vectors.set(id, c!.x.data.subarray(c!.rowOf.get(id)! * c!.x.dim, (c!.rowOf.get(id)! + 1) * c!.x.dim));
    for (let i = 0; i < fresh.length; i += CHUNK) {
      const part = fresh.slice(i, i + CHUNK);
      const projected = await this.projectMany(part.map((p) => p.raw));
      part.forEach((p, k) => vectors.set(p.id, projected[k]));
    }
    const order = ids.filter((id) => vectors.has(id));
    const dim = this.dim();
    const data = new Float32Array(order.length * dim);
    order.forEach((id, r) => data.set(vectors.get(id)!, r * dim));
    this.cache = { ids: order, x: { n: order.length, dim, data }, rowOf: new Map(order.map((id, r) => [id, r])) };
    return this.cache;
  }

  /** One photo's vector (a new photo at index time), or null when its features cannot make one. */
  vectorOf(raw: Record<string, Float32Array>): Float32Array | null {
    return hasBranches(raw) ? fuse(applyWhitening(this.currentWhitening(), raw)) : null;
  }

  /** A photo's features changed: its vector is projected again on the next `library()`. */
  forget(fileId: number): void {
    const c = this.cache;
    if (!c?.rowOf.has(fileId)) return;
    c.rowOf.delete(fileId);
    c.ids = c.ids.filter((id) => id !== fileId);
  }

  dim(): number {
    const w = this.currentWhitening();
    return BRANCHES.reduce((n, b) => n + w.branches[b].outDim, 0);
  }

  private async projectMany(raws: RawFeatures[]): Promise<Float32Array[]> {
    const w = this.currentWhitening();
    const mobilenet = await applyBranchBatch(w.branches.mobilenet, raws.map((r) => r.mobilenet));
    const cn = await applyBranchBatch(w.branches.centernet, raws.map((r) => r.centernet));
    return raws.map((_, i) => fuse({ mobilenet: mobilenet[i], centernet: cn[i] }));
  }

  private currentWhitening(): Whitening {
    this.whitening ??= parseWhitening(fs.readFileSync(this.deps.whiteningFile));
    return this.whitening;
  }
}
