// Per-file cost of the media layer on the hires photos: analyzePhoto (read + EXIF + shrink-on-load decode
// to a 1280 preview) and writeThumbnails, next to the same 1280 preview made WITHOUT shrink-on-load (a
// pre-resize extract of the whole image makes sharp decode at full size), which shows what it saves.
// Both wall time and process CPU time are printed: on a shared machine the CPU time is the steadier figure.
// Run: npx tsx bench/media-decode.ts [folder]   (default ../shared/data/hires)
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { analyzePhoto, isPhotoFileName, writeThumbnails } from '../src/main/engine/media/index.js';
import { evaluationData } from './evaluation-data.js';

const folder = process.argv[2] ? path.resolve(process.argv[2]) : evaluationData('hires');
const files = (await readdir(folder)).filter(isPhotoFileName).sort();
const thumbDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-bench-thumbs-'));

interface Cost { wall: number; cpu: number }
async function measure<T>(fn: () => Promise<T>): Promise<[T, Cost]> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const cpu = process.cpuUsage(cpu0);
  return [result, { wall: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000 }];
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const fmt = (c: Cost): string => `${c.wall.toFixed(0).padStart(4)} ms (cpu ${c.cpu.toFixed(0).padStart(4)})`;

// One untimed run so that libvips, the codecs and exifr are loaded before measuring.
if (files[0]) await analyzePhoto(path.join(folder, files[0]), { mtimeMs: Date.now() });

const rows: { file: string; mp: number; analyze: Cost; thumbs: Cost; noShrink: Cost }[] = [];
for (const [i, name] of files.entries()) {
  const file = path.join(folder, name);
  const { mtimeMs } = await stat(file);
  const [photo, analyze] = await measure(() => analyzePhoto(file, { mtimeMs }));
  const [, thumbs] = await measure(() => writeThumbnails(photo.preview, thumbDir, `bench${String(i).padStart(4, '0')}`));
  const { width, height } = await sharp(file).metadata();
  const [, noShrink] = await measure(() => sharp(file).extract({ left: 0, top: 0, width, height })
    .resize({ width: 1280, height: 1280, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' }).toColourspace('srgb').removeAlpha().raw().toBuffer());
  rows.push({ file: name, mp: (photo.width * photo.height) / 1e6, analyze, thumbs, noShrink });
  console.log(`${name.padEnd(48)} ${photo.formatLabel.padEnd(4)} ${`${photo.width}×${photo.height}`.padStart(9)}`
    + `  analyze ${fmt(analyze)}  thumbs ${fmt(thumbs)}  no shrink-on-load ${fmt(noShrink)}`);
}
await rm(thumbDir, { recursive: true, force: true });

const pick = (k: 'analyze' | 'thumbs' | 'noShrink', m: keyof Cost): number[] => rows.map((r) => r[k][m]);
console.log(`\n${rows.length} files, ${sum(rows.map((r) => r.mp)).toFixed(0)} MP, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}, `
  + `sharp concurrency ${sharp.concurrency()}`);
for (const m of ['wall', 'cpu'] as const) {
  console.log(`median ${m} per file: analyze ${median(pick('analyze', m)).toFixed(0)} ms, thumbnails ${median(pick('thumbs', m)).toFixed(0)} ms, `
    + `analyze+thumbnails ${median(rows.map((r) => r.analyze[m] + r.thumbs[m])).toFixed(0)} ms, `
    + `total ${(sum(pick('analyze', m)) + sum(pick('thumbs', m))).toFixed(0)} ms`);
}
// libjpeg shrinks by 2, 4 or 8 and sharp keeps a factor 2 for the final resize, so only JPEGs of at least
// ~3x the preview edge are shrunk while loading.
for (const r of rows.filter((x) => /\.jpe?g$/i.test(x.file) && x.mp >= 10)) {
  console.log(`large JPEG ${r.file} (${r.mp.toFixed(1)} MP): analyze ${fmt(r.analyze)} vs ${fmt(r.noShrink)} without shrink-on-load`);
}
