// Copydays-style edits of the hires originals (INRIA Copydays protocol, adapted): each edit writes one
// JPEG beside the others in a temp folder; existing outputs are reused so reruns are fast.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

export type EditLevel = 'moderate' | 'strong';

export interface Edit {
  name: string;
  level: EditLevel;
  apply: (file: string) => Promise<Buffer>;
}

/** Loads the upright original (EXIF orientation applied, as a viewer shows it). */
const load = (file: string) => sharp(file, { limitInputPixels: false }).rotate();

async function size(file: string): Promise<{ width: number; height: number }> {
  const m = await load(file).toBuffer({ resolveWithObject: true });
  return { width: m.info.width, height: m.info.height };
}

async function crop(file: string, keep: number): Promise<Buffer> {
  // keep `keep` of each side, off-centre (a user crop rarely is centred): 1/3 of the slack left/top
  const { width, height } = await size(file);
  const w = Math.round(width * keep);
  const h = Math.round(height * keep);
  return load(file).extract({ left: Math.round((width - w) / 3), top: Math.round((height - h) / 3), width: w, height: h }).jpeg({ quality: 90 }).toBuffer();
}

async function resize(file: string, f: number): Promise<Buffer> {
  const { width } = await size(file);
  return load(file).resize({ width: Math.max(1, Math.round(width * f)) }).jpeg({ quality: 90 }).toBuffer();
}

async function overlay(file: string): Promise<Buffer> {
  const { width, height } = await size(file);
  const fs = Math.round(height / 22);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect x="${Math.round(width * 0.04)}" y="${Math.round(height * 0.04)}" width="${Math.round(width * 0.08)}" height="${Math.round(width * 0.08)}" rx="${Math.round(width * 0.01)}" fill="#e03020" fill-opacity="0.8"/>
    <text x="${Math.round(width * 0.96)}" y="${Math.round(height * 0.95)}" font-size="${fs}" font-family="sans-serif" font-weight="bold" fill="white" fill-opacity="0.85" stroke="black" stroke-width="${Math.max(1, fs / 25)}" text-anchor="end">(c) Holiday 2019 - J. Doe</text>
  </svg>`;
  return load(file).composite([{ input: Buffer.from(svg) }]).jpeg({ quality: 90 }).toBuffer();
}

async function blurNoise(file: string): Promise<Buffer> {
  const { data, info } = await load(file).blur(3).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  // gaussian noise sigma 20 from a fixed-seed generator, so the set is the same on every run
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = 0; i < data.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(rnd() + 1e-12));
    const t = 2 * Math.PI * rnd();
    data[i] = Math.max(0, Math.min(255, data[i] + 20 * r * Math.cos(t)));
    if (i + 1 < data.length) data[i + 1] = Math.max(0, Math.min(255, data[i + 1] + 20 * r * Math.sin(t)));
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).jpeg({ quality: 85 }).toBuffer();
}

export const EDITS: readonly Edit[] = [
  { name: 'jpeg75', level: 'moderate', apply: (f) => load(f).jpeg({ quality: 75 }).toBuffer() },
  { name: 'resize50', level: 'moderate', apply: (f) => resize(f, 0.5) },
  { name: 'crop90', level: 'moderate', apply: (f) => crop(f, 0.9) },
  { name: 'rot90', level: 'moderate', apply: (f) => load(f).rotate(90).jpeg({ quality: 90 }).toBuffer() },
  { name: 'flipH', level: 'moderate', apply: (f) => load(f).flop().jpeg({ quality: 90 }).toBuffer() },
  // brightness+contrast +20% / -20%: a gain of 1.2 / 0.8 (highlights clip on the brighter one)
  { name: 'bright+20', level: 'moderate', apply: (f) => load(f).linear(1.2, 0).jpeg({ quality: 90 }).toBuffer() },
  { name: 'bright-20', level: 'moderate', apply: (f) => load(f).linear(0.8, 0).jpeg({ quality: 90 }).toBuffer() },
  { name: 'grayscale', level: 'moderate', apply: (f) => load(f).grayscale().jpeg({ quality: 90 }).toBuffer() },
  { name: 'overlay', level: 'moderate', apply: overlay },
  { name: 'jpeg30', level: 'strong', apply: (f) => load(f).jpeg({ quality: 30 }).toBuffer() },
  { name: 'jpeg10', level: 'strong', apply: (f) => load(f).jpeg({ quality: 10 }).toBuffer() },
  { name: 'resize25', level: 'strong', apply: (f) => resize(f, 0.25) },
  { name: 'crop70', level: 'strong', apply: (f) => crop(f, 0.7) },
  { name: 'crop50', level: 'strong', apply: (f) => crop(f, 0.5) },
  { name: 'blur+noise', level: 'strong', apply: blurNoise },
  { name: 'colour', level: 'strong', apply: (f) => load(f).modulate({ hue: 90, saturation: 1.6 }).tint({ r: 255, g: 200, b: 120 }).jpeg({ quality: 90 }).toBuffer() },
  { name: 'rot5', level: 'strong', apply: (f) => load(f).rotate(5, { background: '#000000' }).jpeg({ quality: 90 }).toBuffer() },
];

/** A seeded generator (LCG), so a seed's edit set is the same on every run. */
export function rng(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * The same edits with their parameters drawn from `seed` (crop offsets, overlay place and text, brightness,
 * JPEG quality, rotation angle and padding colour, print-scan blur and noise), for the group-level benchmark:
 * a rule fitted to one fixed set of edits would not show there.
 */
export function seededEdits(seed: number): Edit[] {
  const r = rng(seed);
  const between = (a: number, b: number): number => a + (b - a) * r();
  const params = {
    crop: [r(), r(), r(), r(), r(), r()],
    q75: Math.round(between(70, 80)),
    q30: Math.round(between(25, 35)),
    q10: Math.round(between(8, 12)),
    bright: between(1.15, 1.25),
    dark: between(0.75, 0.85),
    overlayX: between(0.3, 0.96),
    overlayY: between(0.1, 0.95),
    angle: (r() < 0.5 ? -1 : 1) * between(4, 6),
    pad: r() < 0.5 ? '#000000' : '#ffffff',
    blur: between(2, 4),
    noise: between(12, 24),
    hue: Math.round(between(40, 140)),
  };
  const seededCrop = async (file: string, keep: number, k: number): Promise<Buffer> => {
    const { width, height } = await size(file);
    const w = Math.round(width * keep);
    const h = Math.round(height * keep);
    return load(file).extract({ left: Math.floor((width - w) * params.crop[k]), top: Math.floor((height - h) * params.crop[k + 1]), width: w, height: h }).jpeg({ quality: 90 }).toBuffer();
  };
  const seededOverlay = async (file: string): Promise<Buffer> => {
    const { width, height } = await size(file);
    const fs = Math.round(height / 22);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
      <rect x="${Math.round(width * (1 - params.overlayX) * 0.5)}" y="${Math.round(height * 0.04)}" width="${Math.round(width * 0.08)}" height="${Math.round(width * 0.08)}" rx="${Math.round(width * 0.01)}" fill="#e03020" fill-opacity="0.8"/>
      <text x="${Math.round(width * params.overlayX)}" y="${Math.round(height * params.overlayY)}" font-size="${fs}" font-family="sans-serif" font-weight="bold" fill="white" fill-opacity="0.85" stroke="black" stroke-width="${Math.max(1, fs / 25)}" text-anchor="end">(c) Trip ${2000 + seed} - photo ${seed * 7}</text>
    </svg>`;
    return load(file).composite([{ input: Buffer.from(svg) }]).jpeg({ quality: 90 }).toBuffer();
  };
  const printScan = async (file: string): Promise<Buffer> => {
    const { data, info } = await load(file).blur(params.blur).modulate({ brightness: 0.95, saturation: 0.9 }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const g = rng(seed * 31 + 7);
    for (let i = 0; i < data.length; i += 2) {
      const rr = Math.sqrt(-2 * Math.log(g() + 1e-12));
      const t = 2 * Math.PI * g();
      data[i] = Math.max(0, Math.min(255, data[i] + params.noise * rr * Math.cos(t)));
      if (i + 1 < data.length) data[i + 1] = Math.max(0, Math.min(255, data[i + 1] + params.noise * rr * Math.sin(t)));
    }
    return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).jpeg({ quality: 85 }).toBuffer();
  };
  return [
    { name: 'jpeg75', level: 'moderate', apply: (f) => load(f).jpeg({ quality: params.q75 }).toBuffer() },
    { name: 'resize50', level: 'moderate', apply: (f) => resize(f, 0.5) },
    { name: 'crop90', level: 'moderate', apply: (f) => seededCrop(f, 0.9, 0) },
    { name: 'rot90', level: 'moderate', apply: (f) => load(f).rotate(r() < 0.5 ? 90 : 270).jpeg({ quality: 90 }).toBuffer() },
    { name: 'flipH', level: 'moderate', apply: (f) => load(f).flop().jpeg({ quality: 90 }).toBuffer() },
    { name: 'bright+20', level: 'moderate', apply: (f) => load(f).linear(params.bright, 0).jpeg({ quality: 90 }).toBuffer() },
    { name: 'bright-20', level: 'moderate', apply: (f) => load(f).linear(params.dark, 0).jpeg({ quality: 90 }).toBuffer() },
    { name: 'grayscale', level: 'moderate', apply: (f) => load(f).grayscale().jpeg({ quality: 90 }).toBuffer() },
    { name: 'overlay', level: 'moderate', apply: seededOverlay },
    { name: 'jpeg30', level: 'strong', apply: (f) => load(f).jpeg({ quality: params.q30 }).toBuffer() },
    { name: 'jpeg10', level: 'strong', apply: (f) => load(f).jpeg({ quality: params.q10 }).toBuffer() },
    { name: 'resize25', level: 'strong', apply: (f) => resize(f, 0.25) },
    { name: 'crop70', level: 'strong', apply: (f) => seededCrop(f, 0.7, 2) },
    { name: 'crop50', level: 'strong', apply: (f) => seededCrop(f, 0.5, 4) },
    { name: 'print-scan', level: 'strong', apply: printScan },
    { name: 'colour', level: 'strong', apply: (f) => load(f).modulate({ hue: params.hue, saturation: 1.6 }).tint({ r: 255, g: 200, b: 120 }).jpeg({ quality: 90 }).toBuffer() },
    { name: 'rot5', level: 'strong', apply: (f) => load(f).rotate(params.angle, { background: params.pad }).jpeg({ quality: 90 }).toBuffer() },
  ];
}

export interface BenchItem {
  /** absolute path */
  file: string;
  /** the original it derives from (basename), or null for distractors */
  group: string | null;
  /** 'original', an edit name, or 'distractor' / 'faces' */
  kind: string;
  level?: EditLevel;
}

/** Writes every edit of every original into `dir` (skipping existing ones) and lists originals + edits. */
export async function buildEditSet(originalsDir: string, dir: string): Promise<BenchItem[]> {
  mkdirSync(dir, { recursive: true });
  const items: BenchItem[] = [];
  const originals = readdirSync(originalsDir).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
  for (const name of originals) {
    const src = path.join(originalsDir, name);
    items.push({ file: src, group: name, kind: 'original' });
    for (const e of EDITS) {
      const out = path.join(dir, `${path.parse(name).name}__${e.name}.jpg`);
      if (!existsSync(out)) writeFileSync(out, await e.apply(src));
      items.push({ file: out, group: name, kind: e.name, level: e.level });
    }
  }
  return items;
}
