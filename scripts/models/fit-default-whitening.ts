// Fits the SHIPPED default whitening (resources/models/whitening-default.bin), used until a user's
// library is large enough for its own fit. Fitted on generic photos that are NOT the evaluation split
// (caltech101-dev): the desktop wallpapers in hires/, the KPhotoAlbum demo album and the camera sample
// JPEG/TIFFs of exif-samples (minus its orientation/invalid/fuzz test files), each decoded like the
// engine's preview and augmented by random crops (several views per photo: ~140 photos are far too
// few for 256-d PCAs on their own).
// Run: npx tsx scripts/models/fit-default-whitening.ts [viewsPerPhoto=16]
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { BRANCHES, computeRawFeatures, FLIP_DEFAULT, type RawFeatures } from '../../src/main/engine/embedding/features.js';
import { seededRandom } from '../../src/main/engine/embedding/linalg.js';
import { openEmbeddingSessions } from '../../src/main/engine/embedding/sessions.js';
import { DEFAULT_PARAMS, fitWhitening } from '../../src/main/engine/embedding/whitening.js';
import { serialiseWhitening } from '../../src/main/engine/embedding/whitening-file.js';
import type { RgbImage } from '../../src/main/engine/models/preprocess.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = path.resolve(ROOT, '../shared/data');
const MODELS_DIR = path.join(ROOT, 'resources/models');
export const DEFAULT_WHITENING_FILE = path.join(MODELS_DIR, 'whitening-default.bin');

const SOURCES = ['hires', 'robustness/kphotoalbum-demo', 'robustness/exif-samples/jpg', 'robustness/exif-samples/tiff'];
/** test files, not photos: the same picture in 8 orientations, broken and fuzzed files */
const SKIP_DIRS = new Set(['orientation', 'invalid', 'tests']);

export function genericPhotoFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) {
        if (!SKIP_DIRS.has(name)) walk(p);
      } else if (/\.(jpe?g|png|tiff?)$/i.test(name)) out.push(p);
    }
  };
  for (const s of SOURCES) walk(path.join(DATA, s));
  return out;
}

async function decode(file: string): Promise<RgbImage | null> {
  try {
    const { data, info } = await sharp(file, { failOn: 'error' })
      .rotate()
      .resize(1280, 1280, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.width < 64 || info.height < 64) return null; // thumbnails/test patterns, not photos
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3 };
  } catch {
    return null;
  }
}

/** The full photo plus (views - 1) random crops covering 30-100% of its area, aspect ratio within 3:4..4:3 of the photo's. */
async function augment(img: RgbImage, views: number, rand: () => number): Promise<RgbImage[]> {
  const out: RgbImage[] = [img];
  for (let v = 1; v < views; v++) {
    const area = 0.3 + 0.7 * rand();
    const aspect = Math.exp((rand() - 0.5) * 2 * Math.log(4 / 3));
    const w = Math.max(32, Math.min(img.width, Math.round(img.width * Math.sqrt(area * aspect))));
    const h = Math.max(32, Math.min(img.height, Math.round(img.height * Math.sqrt(area / aspect))));
    const left = Math.floor(rand() * (img.width - w + 1));
    const top = Math.floor(rand() * (img.height - h + 1));
    const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
      .extract({ left, top, width: w, height: h })
      .raw()
      .toBuffer({ resolveWithObject: true });
    out.push({ data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3 });
  }
  return out;
}

/** Raw features of every augmented view (cached under os.tmpdir(): the bench reuses them). */
export async function genericFeatures(viewsPerPhoto: number): Promise<{ features: RawFeatures[]; photos: number }> {
  const files = genericPhotoFiles();
  const flipped = `flip-${BRANCHES.filter((b) => FLIP_DEFAULT[b]).join('-') || 'none'}`;
  // the branch names are in the cache's name: a cache keyed by other names is simply not found
  const cache = path.join(os.tmpdir(), `loupe-default-whitening-features-v${viewsPerPhoto}-${flipped}-${BRANCHES.join('-')}.json`);
  if (existsSync(cache)) {
    const c = JSON.parse(readFileSync(cache, 'utf8')) as { photos: number; mobilenet: number[][]; centernet: number[][] };
    return { photos: c.photos, features: c.mobilenet.map((v, i) => ({ mobilenet: Float32Array.from(v), centernet: Float32Array.from(c.centernet[i]) })) };
  }
  const sessions = await openEmbeddingSessions(MODELS_DIR, 2);
  const rand = seededRandom(2024);
  const features: RawFeatures[] = [];
  let photos = 0;
  for (const f of files) {
    const img = await decode(f);
    if (!img) continue;
    photos++;
    const views = await augment(img, viewsPerPhoto, rand);
    for (let i = 0; i < views.length; i += 8) features.push(...(await computeRawFeatures(sessions, views.slice(i, i + 8))));
  }
  writeFileSync(cache, JSON.stringify({ photos, mobilenet: features.map((f) => Array.from(f.mobilenet)), centernet: features.map((f) => Array.from(f.centernet)) }));
  return { features, photos };
}

async function main(): Promise<void> {
  const views = Number(process.argv[2] ?? 16);
  const t = performance.now();
  const { features, photos } = await genericFeatures(views);
  const w = await fitWhitening(features, 'default', DEFAULT_PARAMS);
  const note = `default: ${photos} generic photos (hires, kphotoalbum-demo, exif-samples) x ${views} views (full + random crops), flip-averaged: ${BRANCHES.filter((b) => FLIP_DEFAULT[b]).join(', ') || 'none'}`;
  writeFileSync(DEFAULT_WHITENING_FILE, serialiseWhitening(w, note));
  console.log(`${note}: ${features.length} samples; dims mobilenet ${w.branches.mobilenet.outDim}, centernet ${w.branches.centernet.outDim}; ${((performance.now() - t) / 1000).toFixed(0)} s -> ${path.relative(ROOT, DEFAULT_WHITENING_FILE)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
