// The stored and exported form of a learned tag's model: small JSON, the weights as base64 float32 (2.7 KB for a
// linear model over 512 dims). The same object is what `loupe learn --export` writes, with the tag's names added.
import { LibraryError } from '../errors.js';
import type { Platt } from './calibration.js';
import { FEATURE_SPACE } from './learn-vectors.js';
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
}

export interface ExportedTag extends StoredModel {
  name: string;
  nameZh: string | null;
  threshold: number;
  cv: { precision: number; recall: number; f1: number; positives: number; negatives: number };
}

export function encodeModel(model: LinearModel, platt: Platt): StoredModel {
  const bytes = Buffer.from(model.w.buffer, model.w.byteOffset, model.w.byteLength);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    featureSpace: FEATURE_SPACE,
    kind: model.kind,
    dim: model.w.length,
    weights: bytes.toString('base64'),
    bias: model.b,
    platt: { a: platt.a, b: platt.b },
  };
}

/** Checks everything an imported file could get wrong; `source` names it in messages. */
export function decodeModel(value: unknown, source: string, dim: number): { model: LinearModel; platt: Platt } {
  const v = value as Partial<StoredModel> | null;
  const bad = (why: string): never => {
    throw new LibraryError('invalid', `${source} is not a usable Loupe learned tag: ${why}.`);
  };
  if (!v || typeof v !== 'object' || v.format !== MODEL_FORMAT) bad(`expected "format": "${MODEL_FORMAT}"`);
  if (v!.version !== MODEL_VERSION) bad(`version ${String(v!.version)}, this Loupe reads version ${MODEL_VERSION}`);
  if (v!.featureSpace !== FEATURE_SPACE) bad(`it was made for features "${String(v!.featureSpace)}", this Loupe uses "${FEATURE_SPACE}"`);
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
