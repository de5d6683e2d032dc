// Shared plumbing for the retrieval benches: the caltech101-dev file list, decoding like the engine's
// preview (upright, sRGB, 3 channels, long edge <= 1280 with shrink-on-load), and a disk cache of raw
// features under os.tmpdir() so reruns skip the models.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { RgbImage } from '../src/main/engine/models/preprocess.js';
import { evaluationData } from './evaluation-data.js';

export const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const DATA = evaluationData();
export const MODELS_DIR = path.join(ROOT, 'resources/models');

export interface LabelledSet {
  files: string[];
  labels: number[];
  classes: string[];
}

export function caltechDev(): LabelledSet {
  const dir = path.join(DATA, 'caltech101-dev');
  const classes = readdirSync(dir).filter((c) => !c.startsWith('.')).sort();
  const files: string[] = [];
  const labels: number[] = [];
  classes.forEach((c, ci) => {
    for (const f of readdirSync(path.join(dir, c)).filter((f) => /\.jpe?g$/i.test(f)).sort()) {
      files.push(path.join(dir, c, f));
      labels.push(ci);
    }
  });
  return { files, labels, classes };
}

export async function decodePreview(file: string | Buffer, edge = 1280): Promise<RgbImage> {
  const { data, info } = await sharp(file, { failOn: 'error' })
    .rotate()
    .resize(edge, edge, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3 };
}

/** Cached rows of `dim` floats, one per item, keyed by `name` (include anything that changes them). */
export async function cachedRows(
  name: string,
  count: number,
  dim: number,
  compute: () => Promise<Float32Array[]>,
): Promise<Float32Array[]> {
  const file = path.join(os.tmpdir(), `loupe-retrieval-${name}-${count}x${dim}.f32`);
  if (existsSync(file)) {
    const buf = readFileSync(file);
    const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    if (all.length === count * dim) return Array.from({ length: count }, (_, i) => all.slice(i * dim, (i + 1) * dim));
  }
  const rows = await compute();
  const all = new Float32Array(count * dim);
  rows.forEach((r, i) => all.set(r, i * dim));
  writeFileSync(file, Buffer.from(all.buffer));
  return rows;
}
