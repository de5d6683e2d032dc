// What reading text costs per photo, in CPU time (all threads of the process, so the figure does not depend on
// how busy the machine is), with the models on the CPU as the model process runs them:
// - photos without text (../shared/data/hires, 25 originals of 1.3-20 MP): what the text stage adds to indexing.
//   It runs in the deep pass, from the viewer thumbnail the quick pass wrote (1280 px JPEG): decoding that at the
//   look's size, the look itself, and the full reading where the look (wrongly) sees text;
// - photos with text (ocr-dev receipts, signs and 10 street scenes, when present): look, decoding at full
//   detail, and reading.
// Usage: nice npx tsx bench/text-cost.ts   (LOOK_EDGE=480 to try another size of the quick look; HIRES_ONLY=1)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzePhoto, thumbnailPaths, writeThumbnails } from '../src/main/engine/media/index.js';
import { cachedPreview } from '../src/main/engine/pipeline/cached-preview.js';
import { LOOK_EDGE } from '../src/main/engine/text/text-models.js';
import { TextReader } from '../src/main/engine/text/text-reader.js';
import { textModelsDir } from '../src/main/engine/text/text-models.js';
import { bundledModelsDir } from '../src/main/engine/paths.js';
import { TextRunner } from '../src/main/worker/text/text-runner.js';
import { EVALUATION_DATA as DATA, evaluationData } from './evaluation-data.js';

const hires = evaluationData('hires');
const runner = await TextRunner.create(textModelsDir(bundledModelsDir()), ['cpu'], os.availableParallelism());
const lookEdge = process.env.LOOK_EDGE ? Number(process.env.LOOK_EDGE) : undefined;
const reader = new TextReader({ textLook: (i) => runner.look(i), textRead: (i, e) => runner.read(i, e) }, lookEdge);
console.log(`quick look at ${lookEdge ?? LOOK_EDGE} px`);

const cpuMs = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const c = process.cpuUsage();
  const out = await fn();
  const u = process.cpuUsage(c);
  return [out, (u.user + u.system) / 1000];
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

// warm-up (first runs allocate)
const warm = await analyzePhoto(path.join(hires, fs.readdirSync(hires)[0]), { mtimeMs: 0 });
await reader.look(warm.preview);

const thumbs = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-text-cost-'));
const without: number[] = [];
let passed = 0;
for (const [i, name] of fs.readdirSync(hires).sort().entries()) {
  const file = path.join(hires, name);
  const contentId = `photo${i}`;
  // the quick pass's work, not the text stage's: decoding the original, writing the thumbnails
  const photo = await analyzePhoto(file, { mtimeMs: 0 });
  await writeThumbnails(photo.preview, thumbs, contentId);
  const medium = thumbnailPaths(thumbs, contentId).medium;
  const [look, ms] = await cpuMs(async () => reader.look(await cachedPreview(medium, file, 0, lookEdge ?? LOOK_EDGE)));
  let total = ms;
  if (look.hasText) {
    passed++;
    total += (await cpuMs(() => reader.read(file, 0)))[1];
  }
  without.push(total);
}
console.log(`hires (${without.length} photos without text): text stage adds ${mean(without).toFixed(1)} ms CPU per photo on average ` +
  `(p50 ${pct(without, 50).toFixed(1)}, p90 ${pct(without, 90).toFixed(1)}); the look saw text in ${passed}`);

const ocr = path.join(DATA, 'ocr-dev', 'ground-truth.json');
if (fs.existsSync(ocr) && !process.env.HIRES_ONLY) {
  const images = (JSON.parse(fs.readFileSync(ocr, 'utf8')) as { images: { path: string; source: string }[] }).images;
  const pick = [...images.filter((i) => i.source !== 'icdar2015'), ...images.filter((i) => i.source === 'icdar2015').slice(0, 10)];
  const bySource = new Map<string, number[]>();
  for (const img of pick) {
    const file = path.join(DATA, 'ocr-dev', img.path);
    if (!fs.existsSync(file)) continue;
    const photo = await analyzePhoto(file, { mtimeMs: 0 });
    const [, ms] = await cpuMs(async () => {
      if ((await reader.look(photo.preview)).hasText) await reader.read(file, 0);
    });
    bySource.set(img.source, [...(bySource.get(img.source) ?? []), ms]);
  }
  for (const [source, ms] of bySource) {
    console.log(`${source} (${ms.length} photos with text): ${mean(ms).toFixed(0)} ms CPU per photo (p50 ${pct(ms, 50).toFixed(0)}, p90 ${pct(ms, 90).toFixed(0)})`);
  }
}
fs.rmSync(thumbs, { recursive: true, force: true });
console.log(`threads: ${os.availableParallelism()}; peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
await runner.release();
