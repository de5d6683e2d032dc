// How a photo's stored raw features become its find-similar vector: whitened per branch (the shipped default, or a
// fit on the user's own library once it is big enough), fused, unit length. A user's own model's embedding is used
// as it comes, normalised. The duplicate finder always gets the shipped whitening (its thresholds were calibrated
// on it).
import fs from 'node:fs';
import path from 'node:path';
import { BRANCHES, type RawFeatures } from '../embedding/features.js';
import { fuse } from '../embedding/fuse.js';
import { applyBranchBatch, applyWhitening, fitWhitening, l2normalise, type Whitening, type WhiteningSource } from '../embedding/whitening.js';
import { parseWhitening, serialiseWhitening } from '../embedding/whitening-file.js';
import { chooseWhitening, fitSampleIndices } from '../embedding/whitening-policy.js';
import { recipeSuffix } from '../embedding/recipe.js';
import type { SettingsStore } from '../settings.js';
import { numberSetting } from './number-setting.js';

/** Named after the embedding recipe: a fit on an earlier recipe's features is never read for this one's
 *  (embedding/recipe.ts). */
const LAST_FIT_KEY = `similarity.lastFitPhotos${recipeSuffix()}`;
/** The library's own whitening file in <home>/index, for a recipe (the current one unless told). */
export function libraryWhiteningName(recipe?: number): string {
  return `whitening-library${recipeSuffix(recipe)}.bin`;
}
const LIBRARY_WHITENING = libraryWhiteningName();

export interface SimilarityProjectionDeps {
  settings: SettingsStore;
  /** <home>/index: the library's own whitening lives here */
  indexDir: string;
  /** the shipped default whitening (resources/models/whitening-default.bin) */
  defaultWhiteningFile: string;
  /** the user's own embedding model: its vectors are used as they are (L2-normalised), no whitening */
  userModel?: { dims: number };
  log: (message: string) => void;
}

/** Where the vectors come from: the shipped or the library's own whitening, or the user's own model. */
export type ProjectionSource = WhiteningSource | 'user';

export class SimilarityProjection {
  private whitening: Whitening | null = null;
  private defaultWhitening: Whitening | null = null;

  constructor(private readonly deps: SimilarityProjectionDeps) {}

  /** The vector of raw features: whitened per branch, fused, unit length (not augmented); or the user model's
   *  embedding, normalised. */
  project(raw: Record<string, Float32Array>): Float32Array {
    if (this.deps.userModel) return l2normalise(Float32Array.from(raw.user));
    return fuse(applyWhitening(this.current(), raw as RawFeatures));
  }

  /** project() for many photos at once: one matrix product per branch (a rebuild re-projects the whole library). */
  async projectMany(raws: readonly Record<string, Float32Array>[]): Promise<Float32Array[]> {
    if (this.deps.userModel) return raws.map((r) => this.project(r));
    return projectAll(this.current(), raws as RawFeatures[]);
  }

  /**
   * The vector the duplicate finder compares: always the SHIPPED whitening (the near-duplicate cosine thresholds
   * were calibrated on it, bench/duplicates-copydays.ts), whatever the library's own fit; a user model's vector
   * as it comes. Undefined when the features cannot make a vector.
   */
  projectForDuplicates(raw: Record<string, Float32Array>): Float32Array | undefined {
    if (!this.hasFeatures(raw)) return undefined;
    if (this.deps.userModel) return l2normalise(Float32Array.from(raw.user));
    return fuse(applyWhitening(this.shipped(), raw as RawFeatures));
  }

  /** projectForDuplicates for many photos at once: one matrix product per branch through onnxruntime instead of
   *  a JS loop per photo (about 3 ms a photo). */
  async projectManyForDuplicates(raws: readonly Record<string, Float32Array>[]): Promise<(Float32Array | undefined)[]> {
    if (this.deps.userModel) return raws.map((r) => this.projectForDuplicates(r));
    // (whether the features can make a vector, hasFeatures, is told by the projection's own pass over them: present
    // here, finite and not all zero there)
    const present = raws.map((r) => BRANCHES.every((b) => r[b] !== undefined));
    const rows = raws.filter((_, i) => present[i]) as RawFeatures[];
    const unusable = new Uint8Array(rows.length);
    const projected = await projectAll(this.shipped(), rows, unusable);
    let k = 0;
    return raws.map((_, i) => {
      if (!present[i]) return undefined;
      const v = projected[k];
      return unusable[k++] ? undefined : v;
    });
  }

  /** Whether a photo's stored features can make a vector: present, finite, not all zero (a user model can output
   *  zeros for a black frame); such a photo is simply left out of find-similar. */
  hasFeatures(raw: Record<string, Float32Array>): boolean {
    const parts = this.deps.userModel ? [raw.user] : BRANCHES.map((b) => raw[b]);
    return parts.every((v) => v !== undefined && usableVector(v));
  }

  source(): ProjectionSource {
    return this.deps.userModel ? 'user' : this.current().source;
  }

  /** The length of a projected vector. */
  dim(): number {
    if (this.deps.userModel) return this.deps.userModel.dims;
    const w = this.current();
    return BRANCHES.reduce((n, b) => n + w.branches[b].outDim, 0);
  }

  /** Whether the whitening should be fitted on the library (again), now that `count` photos have features. */
  wantsRefit(count: number): boolean {
    if (this.deps.userModel) return false;
    const choice = chooseWhitening(count, numberSetting(this.deps.settings, LAST_FIT_KEY));
    return choice.use === 'library' && (choice.refit || this.current().source !== 'library');
  }

  /** Fits the whitening on a sample of the library's own raw features (`all`: every photo that has all branches)
   *  and keeps it in the home; vectors made before are stale from here on. */
  async refit(all: readonly RawFeatures[], count: number): Promise<void> {
    const samples = fitSampleIndices(all.length).map((i) => all[i]);
    this.deps.log(`fitting the similarity whitening on ${samples.length} of this library's ${count} photos`);
    const w = await fitWhitening(samples, 'library');
    fs.mkdirSync(this.deps.indexDir, { recursive: true });
    const file = path.join(this.deps.indexDir, LIBRARY_WHITENING);
    fs.writeFileSync(`${file}.tmp`, serialiseWhitening(w, `library fit on ${samples.length} photos`));
    fs.renameSync(`${file}.tmp`, file);
    this.whitening = w;
    this.deps.settings.setRaw(LAST_FIT_KEY, String(count));
  }

  /** The library's own whitening when there is a readable one, else the shipped default. */
  /** The whitening vectors are projected with now: the library's own fit, or the shipped one. */
  inUse(): Whitening {
    return this.current();
  }

  private current(): Whitening {
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

  private shipped(): Whitening {
    this.defaultWhitening ??= parseWhitening(fs.readFileSync(this.deps.defaultWhiteningFile));
    return this.defaultWhitening;
  }
}

/** Finite and not all zero, in one plain loop: the duplicate finder asks it of every photo of a library (array
 *  callbacks cost ten times as much). */
function usableVector(v: Float32Array): boolean {
  let nonZero = false;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) return false;
    if (x !== 0) nonZero = true;
  }
  return nonZero;
}

/** Re-projects many photos at once (a matrix product through onnxruntime, not one JS loop per photo). */
async function projectAll(w: Whitening, raws: RawFeatures[], unusable?: Uint8Array): Promise<Float32Array[]> {
  if (raws.length === 0) return [];
  const mobilenet = await applyBranchBatch(w.branches.mobilenet, raws.map((r) => r.mobilenet), unusable);
  const centernet = await applyBranchBatch(w.branches.centernet, raws.map((r) => r.centernet), unusable);
  return raws.map((_, i) => fuse({ mobilenet: mobilenet[i], centernet: centernet[i] }));
}
