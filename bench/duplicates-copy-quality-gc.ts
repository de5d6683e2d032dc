// What copy quality and keypoint extraction cost a photo in the deep pass, garbage collection included (issue #15):
// the photos of a set decoded once at viewer size (1280 px, as the preview stage hands them on), then each measured
// in rounds; prints CPU ms a photo of each and the garbage collector's pause ms a photo while it ran (PerformanceObserver
// 'gc'), with the load. A heap like the indexer's is kept alive meanwhile, so a full collection has work to do.
//   npx tsx bench/duplicates-copy-quality-gc.ts [--rounds=N] [<folder>]   (default: ../shared/data/hires)
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { copyQuality, JPEG_HEAD_BYTES } from '../src/main/engine/duplicates/copy-quality.js';
import { extractLocalFeatures } from '../src/main/engine/duplicates/local-features.js';
import { analyzePhoto, DEFAULT_PREVIEW_EDGE } from '../src/main/engine/media/index.js';
import type { AnalyzedPhoto } from '../src/main/engine/media/types.js';
import { evaluationData } from './evaluation-data.js';
import { photosIn } from './photo-sets.js';

const args = process.argv.slice(2);
const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 4);
const folderArg = args.find((a) => !a.startsWith('--'));
const files = photosIn(folderArg ? path.resolve(folderArg) : evaluationData('hires'));
const photos: AnalyzedPhoto[] = [];
for (const f of files) photos.push(await analyzePhoto(f, { mtimeMs: 0, previewEdge: DEFAULT_PREVIEW_EDGE, keepHead: JPEG_HEAD_BYTES }));
const ballast = Array.from({ length: 300_000 }, (_, i) => ({ i, s: `row ${i}`, a: [i, i + 1] }));

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const settle = () => new Promise((r) => setTimeout(r, 100));

const steps: [string, (p: AnalyzedPhoto) => unknown][] = [
  ['copy quality', (p) => copyQuality(p.preview, p.head)],
  ['keypoints', (p) => extractLocalFeatures(p.preview.data, p.preview.width, p.preview.height)],
];
console.log(`${photos.length} photos at ${DEFAULT_PREVIEW_EDGE} px, ${rounds} rounds; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (a shared machine)`);
for (let round = 0; round < rounds; round++) {
  for (const [name, step] of steps) {
    await settle();
    gcMs = 0;
    const c0 = cpuMs();
    for (const p of photos) step(p);
    const spent = cpuMs() - c0;
    await settle(); // the pauses' entries arrive after them
    console.log(`round ${round + 1} ${name.padEnd(12)}: ${(spent / photos.length).toFixed(1)} CPU ms a photo, gc ${(gcMs / photos.length).toFixed(1)} ms a photo; load ${os.loadavg()[0].toFixed(1)}`);
  }
}
if (ballast.length === 0) console.log('');
