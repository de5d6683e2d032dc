// The stored and exported form of a learned tag's model: small JSON, the weights as base64 float32 (2.7 KB for a
// linear model over 512 dims). The same object is what `loupe learn --export` writes, with the tag's names added.
import { EMBEDDING_RECIPE_VERSION } from '../embedding/recipe.js';
import { LibraryError } from '../errors.js';
import type { Platt } from './calibration.js';
import type { LinearModel } from './models.js';

export const MODEL_FORMAT = 'loupe-learned-tag';
export const MODEL_VERSION = 1;

export interface StoredModel {
  format: typeof MODEL_FORMAT;
  version: number;
  featureSpace: string;
  kind: LinearModel['kind'];
  dim: number;
  /** base64 of float32 little-endian */
  weights: string;
  bias: number;
  platt: Platt;
  /**
   * Raw features of the examples (and counter-examples) a tag was taught with, in exported files and in tags
   * imported from one: what lets another library, or this one after a whitening refit, retrain the tag in its
   * own space. Each branch as base64 float32.
   */
  examples?: EncodedExample[];
}

export interface EncodedExample {
  positive: boolean;
  features: Record<string, string>;
  /** the embedding recipe the features were computed with (embedding/recipe.ts; absent: 1, written before) */
  recipe?: number;
}

export interface ExportedTag extends StoredModel {
  name: string;
  nameZh: string | null;
  threshold: number;
  cv: { precision: number; recall: number; f1: number; positives: number; negatives: number };
}

export function encodeModel(model: LinearModel, platt: Platt, featureSpace: string, examples?: EncodedExample[]): StoredModel {
  const bytes = Buffer.from(model.w.buffer, model.w.byteOffset, model.w.byteLength);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    featureSpace,
    kind: model.kind,
    dim: model.w.length,
    weights: bytes.toString('base64'),
    bias: model.b,
    platt: { a: platt.a, b: platt.b },
    ...(examples?.length ? { examples } : {}),
  };
}

export function encodeFeatures(raw: Record<string, Float32Array>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')]));
}

/** The examples carried by a stored or imported model, decoded; malformed entries are refused by name. */
export function decodeExamples(value: unknown, source: string): { positive: boolean; raw: Record<string, Float32Array> }[] {
  const list = (value as Partial<StoredModel> | null)?.examples;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new LibraryError('invalid', `${source} is not a usable Loupe learned tag: "examples" is not a list.`);
  return list.map((e: Partial<EncodedExample>, i) => {
    if (!e || typeof e.positive !== 'boolean' || !e.features || typeof e.features !== 'object') {
      throw new LibraryError('invalid', `${source} is not a usable Loupe learned tag: example ${i + 1} is malformed.`);
    }
    const raw: Record<string, Float32Array> = {};
    // features of another embedding recipe are of another kind: such an example carries none (it cannot train here)
    if ((e.recipe ?? 1) !== EMBEDDING_RECIPE_VERSION) return { positive: e.positive, raw };
    for (const [k, b64] of Object.entries(e.features)) {
      const bytes = typeof b64 === 'string' ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
      const v = new Float32Array(bytes.length >> 2);
      new Uint8Array(v.buffer).set(bytes.subarray(0, v.length * 4));
      raw[k] = v;
    }
    return { positive: e.positive, raw };
  });
}

/**
 * Checks everything an imported file could get wrong; `source` names it in messages. `space`: the feature space
 * the weights must be in (a model of another space can only be retrained from its examples: `decodeExamples`).
 */
export function decodeModel(value: unknown, source: string, dim: number, space: string): { model: LinearModel; platt: Platt } {
  const v = value as Partial<StoredModel> | null;
  const bad = (why: string): never => {
    throw new LibraryError('invalid', `${source} is not a usable Loupe learned tag: ${why}.`);
  };
  if (!v || typeof v !== 'object' || v.format !== MODEL_FORMAT) bad(`expected "format": "${MODEL_FORMAT}"`);
  if (v!.version !== MODEL_VERSION) bad(`version ${String(v!.version)}, this Loupe reads version ${MODEL_VERSION}`);
  if (v!.featureSpace !== space) bad(`it was made for features "${String(v!.featureSpace)}", this library uses "${space}"`);
  if (v!.kind !== 'svm' && v!.kind !== 'logistic') bad(`unknown model kind ${String(v!.kind)}`);
  if (v!.dim !== dim || typeof v!.weights !== 'string') bad(`expected ${dim} weights`);
  const bytes = Buffer.from(v!.weights!, 'base64');
  if (bytes.length !== dim * 4) bad(`expected ${dim} weights, found ${bytes.length / 4}`);
  const w = new Float32Array(dim);
  new Uint8Array(w.buffer).set(bytes);
  const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (!w.every(Number.isFinite) || !finite(v!.bias) || !finite(v!.platt?.a) || !finite(v!.platt?.b)) bad('a weight is not a finite number');
  return { model: { kind: v!.kind!, w, b: v!.bias! }, platt: { a: v!.platt!.a, b: v!.platt!.b } };
}
