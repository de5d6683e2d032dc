// The vectors learned tags are trained on and applied to: each photo's stored raw features, whitened with the
// whitening find-similar uses now (the library's own fit once it has enough photos, the shipped default before)
// and fused, 512 floats. The library's own fit lifts F1 by about 0.05 over the shipped one on caltech101-dev
// (bench/learn-caltech.ts --compare, pw-library against pw-default), and it needs no labels. A model is valid
// only in the space it was trained in (`space()`, stored with it): after a refit LearnService retrains each tag
// from its stored examples. Kept in memory once built; rebuilt when the photos or the whitening change.
import type { FeatureRepository } from '../catalog/feature-repository.js';
import { BRANCHES, type RawFeatures } from '../embedding/features.js';
import { fuse } from '../embedding/fuse.js';
import { applyBranchBatch, applyWhitening, type Whitening } from '../embedding/whitening.js';
import { recipeSuffix } from '../embedding/recipe.js';
import type { Rows } from './rows.js';

/** Names the vector recipe under the shipped whitening (the same in every library), and the embedding recipe of the
 *  features (a model trained on an earlier one's is retrained from its examples: embedding/recipe.ts). */
export const DEFAULT_SPACE = `fused-default-whitening-v1${recipeSuffix()}`;

/** The space of vectors under a whitening: the shipped one, or one library fit (named by when it was fitted). */
export function spaceOf(w: Pick<Whitening, 'source' | 'fittedAt'>): string {
  return w.source === 'default' ? DEFAULT_SPACE : `fused-library-whitening-v2${recipeSuffix()}@${w.fittedAt}`;
}

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
  private cache: LibraryVectors | null = null;
  private cacheSpace = '';

  /** `whitening`: the one find-similar uses now (SimilarityService.whiteningInUse). */
  constructor(private readonly deps: { features: FeatureRepository; whitening: () => Whitening }) {}

  /** The space vectors are in now (changes when the library's whitening is refitted). */
  space(): string {
    return spaceOf(this.deps.whitening());
  }

  /** Every photo with current features, as rows (rebuilt when the set of photos or the whitening changed). */
  async library(): Promise<LibraryVectors> {
    const ids = this.deps.features.currentIds();
    if (this.cacheSpace !== this.space()) {
      this.cache = null;
      this.cacheSpace = this.space();
    }
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
    return hasBranches(raw) ? fuse(applyWhitening(this.deps.whitening(), raw)) : null;
  }

  /** A photo's features changed: its vector is projected again on the next `library()`. */
  forget(fileId: number): void {
    const c = this.cache;
    if (!c?.rowOf.has(fileId)) return;
    c.rowOf.delete(fileId);
    c.ids = c.ids.filter((id) => id !== fileId);
  }

  /** Of these photos, those still to be re-embedded under the current embedding recipe (FeatureRepository). */
  awaitingReembed(fileIds: readonly number[]): number[] {
    return this.deps.features.awaitingReembed(fileIds);
  }

  /** A photo's stored raw features (exported with a tag's examples). */
  rawOf(fileId: number): Record<string, Float32Array> {
    return this.deps.features.of(fileId);
  }

  dim(): number {
    const w = this.deps.whitening();
    return BRANCHES.reduce((n, b) => n + w.branches[b].outDim, 0);
  }

  /** Raw features (of photos, or of an imported tag's examples) as rows in the current space. */
  async projectMany(raws: RawFeatures[]): Promise<Float32Array[]> {
    const w = this.deps.whitening();
    const mobilenet = await applyBranchBatch(w.branches.mobilenet, raws.map((r) => r.mobilenet));
    const cn = await applyBranchBatch(w.branches.centernet, raws.map((r) => r.centernet));
    return raws.map((_, i) => fuse({ mobilenet: mobilenet[i], centernet: cn[i] }));
  }
}
