// Small, distinct photos made on the fly (no shared data needed): coloured shapes rendered from SVG by sharp.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

function rand(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** One JPEG (about 10-30 KB) with a pattern unique to `seed`. */
export async function makePhoto(file: string, seed: number, size = 320): Promise<string> {
  const r = rand(seed + 1);
  const colour = (): string => `rgb(${Math.floor(r() * 255)},${Math.floor(r() * 255)},${Math.floor(r() * 255)})`;
  const shapes: string[] = [];
  for (let i = 0; i < 12; i++) {
    const x = Math.floor(r() * size);
    const y = Math.floor(r() * size);
    const w = 20 + Math.floor(r() * size * 0.4);
    shapes.push(r() < 0.5 ? `<circle cx="${x}" cy="${y}" r="${w / 2}" fill="${colour()}"/>` : `<rect x="${x}" y="${y}" width="${w}" height="${w * 0.6}" fill="${colour()}" transform="rotate(${Math.floor(r() * 90)} ${x} ${y})"/>`);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${Math.round(size * 0.75)}"><rect width="100%" height="100%" fill="${colour()}"/>${shapes.join('')}</svg>`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toFile(file);
  return file;
}

/** `n` photos named photo-<i>.jpg in `dir`, seeds from `firstSeed`. */
export async function makePhotos(dir: string, n: number, firstSeed = 0): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(await makePhoto(path.join(dir, `photo-${String(i + firstSeed).padStart(3, '0')}.jpg`), i + firstSeed));
  return out;
}
