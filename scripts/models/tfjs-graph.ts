// Reads a TF.js graph model (the format tfjs-converter writes) into plain data: the node list and
// every weight decoded to float32/int32 exactly as TF.js itself decodes it at load time, so that a
// model converted from this data computes the same numbers as the TF.js original.
// Two storage forms are understood: model.json + binary shards on disk (@vladmandic/human), and the
// nsfwjs form, where model.min.js exports the model.json object and each shard .min.js exports the
// shard's bytes as a base64 string.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface TfAttrValue {
  s?: string; i?: string | number; f?: number; b?: boolean; type?: string;
  shape?: { dim?: { size: string | number }[]; unknownRank?: boolean };
  list?: { s?: string[]; i?: (string | number)[]; f?: number[]; b?: boolean[]; type?: string[] };
  tensor?: TfTensorProtoJson;
}

export interface TfTensorProtoJson {
  dtype: string;
  tensorShape?: { dim?: { size: string | number }[] };
  intVal?: number[];
  floatVal?: number[];
  int64Val?: (string | number)[];
}

export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttrValue>;
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string';
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; min?: number; scale?: number; original_dtype?: string };
}

export interface TfModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology: { node: TfNode[]; library?: unknown; versions?: unknown };
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
  signature?: unknown;
  userDefinedMetadata?: unknown;
}

export interface TfWeight {
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface TfGraph {
  nodes: TfNode[];
  weights: Map<string, TfWeight>;
  /** the raw model.json (topology + manifest), e.g. to hand to tf.io.fromMemory in tests */
  modelJson: TfModelJson;
  /** all shards concatenated, in manifest order */
  weightData: ArrayBuffer;
}

/** Loads model.json + shards from a folder (the manifest's paths are relative to model.json). */
export function loadTfjsGraphFromFiles(modelJsonPath: string): TfGraph {
  const modelJson = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as TfModelJson;
  const dir = path.dirname(modelJsonPath);
  const shards = modelJson.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(path.join(dir, p))));
  return decodeGraph(modelJson, concatBytes(shards));
}

/** Loads the nsfwjs form: `<dir>/model.min.js` and `<dir>/<shardPath>.min.js` CommonJS modules. */
export function loadTfjsGraphFromJsModules(dir: string): TfGraph {
  const require = createRequire(import.meta.url);
  const modelJson = require(path.join(dir, 'model.min.js')) as TfModelJson;
  const shards = modelJson.weightsManifest.flatMap((g) =>
    g.paths.map((p) => {
      const b64: unknown = require(path.join(dir, `${p}.min.js`));
      if (typeof b64 !== 'string') throw new Error(`${p}.min.js does not export a base64 string`);
      return Buffer.from(b64, 'base64');
    }),
  );
  return decodeGraph(modelJson, concatBytes(shards));
}

function concatBytes(parts: Uint8Array[]): ArrayBuffer {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) { out.set(p, offset); offset += p.byteLength; }
  return out.buffer;
}

function decodeGraph(modelJson: TfModelJson, weightData: ArrayBuffer): TfGraph {
  const weights = new Map<string, TfWeight>();
  const bytes = new Uint8Array(weightData);
  let offset = 0;
  for (const spec of modelJson.weightsManifest.flatMap((g) => g.weights)) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const q = spec.quantization;
    const bytesPerElement = q ? (q.dtype === 'uint8' ? 1 : 2) : 4;
    const byteLength = count * bytesPerElement;
    const chunk = bytes.slice(offset, offset + byteLength);
    offset += byteLength;
    if (chunk.byteLength !== byteLength) throw new Error(`weight data too short for ${spec.name}`);
    weights.set(spec.name, decodeWeight(spec, chunk, count));
  }
  if (offset !== bytes.byteLength) throw new Error(`weight data has ${bytes.byteLength - offset} unread bytes`);
  return { nodes: modelJson.modelTopology.node, weights, modelJson, weightData };
}

function decodeWeight(spec: WeightSpec, chunk: Uint8Array, count: number): TfWeight {
  const q = spec.quantization;
  if (spec.dtype !== 'float32' && spec.dtype !== 'int32') throw new Error(`unsupported weight dtype ${spec.dtype} (${spec.name})`);
  if (!q) {
    const data = spec.dtype === 'float32' ? new Float32Array(chunk.buffer) : new Int32Array(chunk.buffer);
    return { dtype: spec.dtype, shape: spec.shape, data };
  }
  if (q.dtype === 'float16') {
    const halves = new Uint16Array(chunk.buffer);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = halfToFloat(halves[i]);
    return { dtype: 'float32', shape: spec.shape, data };
  }
  // Affine uint8/uint16: TF.js computes v * scale + min in doubles and stores it as float32.
  if (q.min === undefined || q.scale === undefined) throw new Error(`quantized weight ${spec.name} lacks min/scale`);
  const ints = q.dtype === 'uint8' ? chunk : new Uint16Array(chunk.buffer);
  const data = spec.dtype === 'float32' ? new Float32Array(count) : new Int32Array(count);
  for (let i = 0; i < count; i++) data[i] = ints[i] * q.scale + q.min;
  return { dtype: spec.dtype, shape: spec.shape, data };
}

/** IEEE 754 binary16 -> number, exact (every half is representable in float32). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** TF.js stores strings in attrs base64-encoded. */
export function attrString(node: TfNode, key: string): string | undefined {
  const v = node.attr?.[key]?.s;
  return v === undefined ? undefined : Buffer.from(v, 'base64').toString('utf8');
}

export function attrStringList(node: TfNode, key: string): string[] {
  return (node.attr?.[key]?.list?.s ?? []).map((s) => Buffer.from(s, 'base64').toString('utf8'));
}

export function attrIntList(node: TfNode, key: string): number[] {
  return (node.attr?.[key]?.list?.i ?? []).map((v) => Number(v));
}

export function attrBool(node: TfNode, key: string): boolean | undefined {
  return node.attr?.[key]?.b;
}

export function attrFloat(node: TfNode, key: string): number | undefined {
  return node.attr?.[key]?.f;
}

/** Counts the ops of a graph (Const and Placeholder included), most frequent first. */
export function opCensus(nodes: TfNode[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const n of nodes) {
    const fused = attrStringList(n, 'fused_ops');
    const key = fused.length ? `${n.op}[${fused.join('+')}]` : n.op;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
