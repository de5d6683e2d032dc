// Small photos drawn at test time (SVG shapes rendered by sharp): tests that need a library but not particular
// pictures carry no image files and never read ../shared.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const PALETTE = ['#d33', '#3a3', '#36c', '#e90', '#939', '#0aa', '#888', '#c6c'];

/** A distinct picture per `seed`: a coloured background with a few shapes, as a JPEG of `size` px. */
export async function drawPhoto(file: string, seed: number, size = 320): Promise<string> {
  const bg = PALETTE[seed % PALETTE.length];
  const fg = PALETTE[(seed * 3 + 1) % PALETTE.length];
  const shapes: string[] = [];
  for (let i = 0; i < 4; i++) {
    const x = (seed * 37 + i * 71) % size;
    const y = (seed * 53 + i * 97) % size;
    const r = 20 + ((seed * 13 + i * 29) % 60);
    shapes.push(i % 2 ? `<circle cx="${x}" cy="${y}" r="${r}" fill="${fg}"/>` : `<rect x="${x / 2}" y="${y / 2}" width="${r * 2}" height="${r}" fill="#fff" opacity="0.7"/>`);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="100%" height="100%" fill="${bg}"/>${shapes.join('')}</svg>`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toFile(file);
  return file;
}
