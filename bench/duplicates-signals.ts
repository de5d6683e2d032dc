// Per-photo duplicate signals for the benchmark, computed the way the engine would (1280-px upright
// sRGB preview -> pHash variants, flatness, fused whitened embedding) and cached as JSON under
// os.tmpdir(), keyed by path, size and mtime, so that reruns skip decoding and inference.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { centreHashes, dihedralHashes, hashBasis, hashToHex, hexToHash, MIN_RESIDUAL_RMS } from '../src/main/engine/duplicates/perceptual-hash.js';
import { BRANCHES, computeRawFeatures, flipSetting, type EmbeddingSessions, type FeatureOptions } from '../src/main/engine/embedding/features.js';
import { fuse } from '../src/main/engine/embedding/fuse.js';
import type { Whitening } from '../src/main/engine/embedding/whitening.js';
import { applyWhitening } from '../src/main/engine/embedding/whitening.js';
import type { RgbImage } from '../src/main/engine/media/rgb-image.js';

export interface BenchSignals {
  contentHash: string;
  width: number;
  height: number;
  phash: bigint[];
  phashCentre: bigint[];
  nearUniform: boolean;
  lowFreqRms: number;
  top3Share: number;
  residualRms: number;
  embedding?: Float32Array;
}

interface Cached {
  contentHash: string;
  width: number;
  height: number;
  phash: string[];
  phashCentre: string[];
  lowFreqRms: number;
  top3Share: number;
  residualRms: number;
  embedding?: string;
}

const CACHE_ROOT = path.join(os.tmpdir(), 'loupe-dup-bench');

/** The cache of one flip-averaging setting (the embeddings differ with it; by default the app's own). */
function cacheDir(flip: FeatureOptions['flip']): string {
  const on = flipSetting(flip);
  return path.join(CACHE_ROOT, `signals-v2-flip-${BRANCHES.filter((b) => on[b]).join('-') || 'none'}`);
}

function cacheFile(file: string, dir: string): string {
  const st = statSync(file);
  const key = createHash('sha1').update(`${file}|${st.size}|${st.mtimeMs}`).digest('hex');
  return path.join(dir, `${key}.json`);
}

export async function decodePreview(file: string): Promise<{ preview: RgbImage; width: number; height: number }> {
  const meta = await sharp(file, { limitInputPixels: false }).rotate().toBuffer({ resolveWithObject: true }).then((r) => r.info);
  const { data, info } = await sharp(file, { limitInputPixels: false })
    .rotate()
    .resize(1280, 1280, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`${file}: ${info.channels} channels`);
  return { preview: { data, width: info.width, height: info.height, channels: 3 }, width: meta.width, height: meta.height };
}

function fromCache(c: Cached): BenchSignals {
  return {
    ...c,
    // recomputed from the cached statistic, so that a changed cut-off needs no re-decode
    nearUniform: c.residualRms < MIN_RESIDUAL_RMS,
    phash: c.phash.map(hexToHash),
    phashCentre: c.phashCentre.map(hexToHash),
    embedding: c.embedding ? new Float32Array(new Uint8Array(Buffer.from(c.embedding, 'base64')).buffer) : undefined,
  };
}

/** Signals for `files`, in order; `emb` null computes no embeddings (and accepts cache entries without). */
export async function signalsFor(
  files: readonly string[],
  emb: { sessions: EmbeddingSessions; whitening: Whitening; flip?: FeatureOptions['flip'] } | null,
  log: (msg: string) => void = () => {},
): Promise<BenchSignals[]> {
  const dir = cacheDir(emb?.flip);
  mkdirSync(dir, { recursive: true });
  const out: (BenchSignals | undefined)[] = new Array(files.length);
  const todo: number[] = [];
  const prevEmb = new Map<number, string>();
  files.forEach((f, i) => {
    const cf = cacheFile(f, dir);
    const v1 = cf.replace(/signals-v2[^/]*/, 'signals-v1');
    if (existsSync(v1)) {
      const old = JSON.parse(readFileSync(v1, 'utf8')) as Partial<Cached>;
      if (old.embedding) prevEmb.set(i, old.embedding);
    }
    if (existsSync(cf)) {
      const c = JSON.parse(readFileSync(cf, 'utf8')) as Cached;
      if (!emb || c.embedding) {
        out[i] = fromCache(c);
        return;
      }
    }
    todo.push(i);
  });
  const BATCH = 8;
  for (let s = 0; s < todo.length; s += BATCH) {
    const idx = todo.slice(s, s + BATCH);
    const decoded = await Promise.all(idx.map((i) => decodePreview(files[i])));
    // embeddings from the previous cache version are reused (the preview and models are unchanged)
    const need = emb && idx.some((i) => !prevEmb.has(i));
    const embeddings = need && emb ? (await computeRawFeatures(emb.sessions, decoded.map((d) => d.preview), { flip: emb.flip })).map((raw) => fuse(applyWhitening(emb.whitening, raw))) : [];
    idx.forEach((i, k) => {
      const d = decoded[k];
      const basis = hashBasis(d.preview);
      const c: Cached = {
        contentHash: createHash('sha256').update(readFileSync(files[i])).digest('hex'),
        width: d.width,
        height: d.height,
        phash: dihedralHashes(basis).map(hashToHex),
        phashCentre: centreHashes(d.preview).map(hashToHex),
        lowFreqRms: basis.lowFreqRms,
        top3Share: basis.top3Share,
        residualRms: basis.residualRms,
        embedding: !emb ? undefined : embeddings.length ? Buffer.from(embeddings[k].buffer, embeddings[k].byteOffset, embeddings[k].byteLength).toString('base64') : prevEmb.get(i),
      };
      writeFileSync(cacheFile(files[i], dir), JSON.stringify(c));
      out[i] = fromCache(c);
    });
    log(`signals ${Math.min(s + BATCH, todo.length)}/${todo.length}`);
  }
  return out as BenchSignals[];
}
