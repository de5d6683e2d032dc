// A power user's own ONNX embedding model (say a CLIP image encoder they downloaded themselves), dropped with a
// small manifest into <library home>/models/<folder>/loupe-model.json. When one is present and valid, find-similar
// uses its embedding instead of the bundled recipe; tagging stays with the bundled detector.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const USER_MODEL_MANIFEST = 'loupe-model.json';

export interface UserModelSpec {
  id: string;
  /** absolute path of the .onnx file */
  file: string;
  /** first 16 hex digits of the file's sha256: a new file means new embeddings */
  fingerprint: string;
  input: {
    name: string;
    layout: 'NCHW' | 'NHWC';
    /** [height, width]: the preview is stretched to this size */
    size: [number, number];
    /** per channel (RGB), applied to pixel / 255: (x - mean) / std */
    mean: [number, number, number];
    std: [number, number, number];
  };
  output: string;
  dims: number;
}

export interface UserModelLookup {
  model: UserModelSpec | null;
  /** why a manifest found was not used, one sentence each, naming the file */
  problems: string[];
}

/** The first valid user model under `<home>/models` (folders in name order); every other manifest found is
 *  reported: broken ones with the reason, valid ones as not used. */
export function findUserModel(home: string): UserModelLookup {
  const dir = path.join(home, 'models');
  const problems: string[] = [];
  let model: UserModelSpec | null = null;
  if (!fs.existsSync(dir)) return { model, problems };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const manifest = path.join(dir, entry.name, USER_MODEL_MANIFEST);
    if (!fs.existsSync(manifest)) continue;
    try {
      const found = parseUserModel(manifest);
      if (model) problems.push(`${manifest}: only one model is used at a time, and ${model.id} comes first`);
      else model = found;
    } catch (err) {
      problems.push(`${manifest}: ${(err as Error).message}`);
    }
  }
  return { model, problems };
}

export function parseUserModel(manifestPath: string): UserModelSpec {
  const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  const input = (m.input ?? {}) as Record<string, unknown>;
  const fail = (what: string): never => {
    throw new Error(what);
  };
  const id = typeof m.id === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(m.id) ? m.id : fail('"id" must be 1-64 letters, digits, ".", "_" or "-"');
  const fileName = typeof m.file === 'string' && m.file === path.basename(m.file) && m.file.endsWith('.onnx')
    ? m.file : fail('"file" must be the name of an .onnx file next to the manifest');
  const file = path.join(path.dirname(manifestPath), fileName);
  if (!fs.existsSync(file)) fail(`the model file ${file} does not exist`);
  const size = Array.isArray(input.size) && input.size.length === 2 && input.size.every((v) => Number.isInteger(v) && v >= 8 && v <= 2048)
    ? (input.size as [number, number]) : fail('"input.size" must be [height, width] in pixels (8..2048)');
  const triple = (v: unknown, name: string, positive: boolean): [number, number, number] =>
    Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x) && (!positive || x > 0))
      ? (v as [number, number, number]) : fail(`"input.${name}" must be three ${positive ? 'positive ' : ''}numbers (R, G, B)`);
  const layout = input.layout === 'NCHW' || input.layout === 'NHWC' ? input.layout : fail('"input.layout" must be "NCHW" or "NHWC"');
  const inputName = typeof input.name === 'string' && input.name ? input.name : fail('"input.name" is missing');
  const output = typeof m.output === 'string' && m.output ? m.output : fail('"output" (the embedding output name) is missing');
  const dims = Number.isInteger(m.dims) && (m.dims as number) >= 2 && (m.dims as number) <= 8192 ? (m.dims as number) : fail('"dims" must be the embedding length (2..8192)');
  const fingerprint = createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16);
  return {
    id,
    file,
    fingerprint,
    input: { name: inputName, layout, size, mean: triple(input.mean ?? [0, 0, 0], 'mean', false), std: triple(input.std ?? [1, 1, 1], 'std', true) },
    output,
    dims,
  };
}

/** RGB bytes (already at the model's size) to the model's float input. */
export function userModelInput(rgb: Uint8Array, spec: UserModelSpec): Float32Array {
  const [h, w] = spec.input.size;
  const out = new Float32Array(h * w * 3);
  const { mean, std, layout } = spec.input;
  for (let i = 0; i < h * w; i++) {
    for (let c = 0; c < 3; c++) {
      const v = (rgb[i * 3 + c] / 255 - mean[c]) / std[c];
      out[layout === 'NHWC' ? i * 3 + c : c * h * w + i] = v;
    }
  }
  return out;
}
