// What reading text costs per photo, in CPU time of the process (all threads; the models run in it on the CPU, as
// the model process runs them):
// - photos without text (../shared/data/hires, 25 originals of 1.3-20 MP): what the text stage adds to indexing.
//   It runs in the deep pass, from the viewer thumbnail the quick pass wrote (1280 px JPEG). Split into its steps:
//   decoding the thumbnail at the look's size, the look's input (resize to multiples of 32, BGR planes), the
//   detector itself (timed alone on an input of the same size), its post-processing; where the look (wrongly) sees
//   text, its confirmation (the viewer thumbnail decoded at 1280 px, the recogniser on the look's boxes) and the
//   full reading where that confirms it. "Before": what reading every photo the look passes (without the
//   confirmation) costs, measured in the same run;
// - everyday photos (../shared/data/robustness/kphotoalbum-demo, a few with text on signs and shirts): how many
//   the look passes, how many of those the recogniser confirms, and the cost per photo, before and after;
// - photos with text (ocr-dev receipts, signs and 10 street scenes, when present): look, decoding at full
//   detail, and reading.
// The load average is printed beside the figures: on a shared machine CPU time runs high (threads compete for
// caches and cores), so compare figures taken in one run.
// Usage: nice npx tsx bench/text-cost.ts   (LOOK_EDGE=320 tries another look size; LOOK_THREADS=2 and THREADS=1 other
// thread counts for the look and for reading; HIRES_ONLY=1)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { analyzePhoto, thumbnailPaths, writeThumbnails } from '../src/main/engine/media/index.js';
import { cachedPreview } from '../src/main/engine/pipeline/cached-preview.js';
import { CONFIRM_EDGE, LOOK_EDGE, TEXT_MODEL_FILES, textModelsDir } from '../src/main/engine/text/text-models.js';
import { TextReader } from '../src/main/engine/text/text-reader.js';
import { bundledModelsDir } from '../src/main/engine/paths.js';
import { openSession } from '../src/main/worker/sessions.js';
import { detectorInputSize, LOOK_THREADS, TextRunner } from '../src/main/worker/text/text-runner.js';
import { EVALUATION_DATA as DATA, evaluationData } from './evaluation-data.js';

const hires = evaluationData('hires');
const threads = process.env.THREADS ? Number(process.env.THREADS) : os.availableParallelism();
const lookEdge = process.env.LOOK_EDGE ? Number(process.env.LOOK_EDGE) : LOOK_EDGE;
const lookThreads = process.env.LOOK_THREADS ? Number(process.env.LOOK_THREADS) : LOOK_THREADS;
const runner = await TextRunner.create(textModelsDir(bundledModelsDir()), ['cpu'], threads, lookThreads);
const reader = new TextReader({
  textLook: (i) => runner.look(i), textRead: (i, e) => runner.read(i, e), textConfirm: (i, c) => runner.confirm(i, c),
}, lookEdge);
// The detector alone, opened as the runner opens the look's, to split the look's cost into the model and the rest.
const detector = (await openSession(path.join(textModelsDir(bundledModelsDir()), TEXT_MODEL_FILES.detector), ['cpu'], lookThreads,
  () => ({ x: new ort.Tensor('float32', new Float32Array(3 * 64 * 64), [1, 3, 64, 64]) }))).session;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`quick look at ${lookEdge} px on ${lookThreads} thread(s), reading on ${threads}; load average at start ${load()}`);

const cpuMs = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const c = process.cpuUsage();
  const out = await fn();
  const u = process.cpuUsage(c);
  return [out, (u.user + u.system) / 1000];
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const figures = (xs: number[], digits = 1) => `${mean(xs).toFixed(digits)} ms (p50 ${pct(xs, 50).toFixed(digits)}, p90 ${pct(xs, 90).toFixed(digits)})`;

// warm-up (first runs allocate)
const warm = await analyzePhoto(path.join(hires, fs.readdirSync(hires)[0]), { mtimeMs: 0 });
await reader.look(warm.preview);

const thumbs = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-text-cost-'));

/**
 * One photo as the text stage handles it in the deep pass, from the viewer thumbnail the quick pass wrote: CPU ms
 * of each step, and of the full reading whether confirmed or not (`readMs`: what the stage spent before the
 * confirmation existed, for every photo the look passed).
 */
async function stageCost(file: string, contentId: string) {
  const photo = await analyzePhoto(file, { mtimeMs: 0 });
  await writeThumbnails(photo.preview, thumbs, contentId);
  const thumbnail = thumbnailPaths(thumbs, contentId).medium;
  const [preview, decodeMs] = await cpuMs(() => cachedPreview(thumbnail, file, 0, lookEdge));
  const [look, lookMs] = await cpuMs(() => reader.look(preview));
  let confirmMs = 0, readMs = 0, confirmed = false;
  if (look.hasText) {
    [confirmed, confirmMs] = await cpuMs(async () => (await runner.confirm(await cachedPreview(thumbnail, file, 0, CONFIRM_EDGE), look.candidates)).confirmed);
    readMs = (await cpuMs(() => reader.read(file, 0)))[1];
  }
  return { preview, look, confirmed, decodeMs, lookMs, confirmMs, readMs,
    after: decodeMs + lookMs + confirmMs + (confirmed ? readMs : 0), before: decodeMs + lookMs + readMs };
}

const steps = { decode: [] as number[], look: [] as number[], detector: [] as number[], confirm: [] as number[], after: [] as number[], before: [] as number[] };
let passed = 0, confirmed = 0;
for (const [i, name] of fs.readdirSync(hires).sort().entries()) {
  const c = await stageCost(path.join(hires, name), `photo${i}`);
  passed += c.look.hasText ? 1 : 0;
  confirmed += c.confirmed ? 1 : 0;
  const [w, h] = detectorInputSize(c.preview.width, c.preview.height, lookEdge);
  const input = new ort.Tensor('float32', new Float32Array(3 * w * h).fill(0.5), [1, 3, h, w]);
  const [, detectorMs] = await cpuMs(() => detector.run({ x: input }));
  steps.decode.push(c.decodeMs);
  steps.look.push(c.lookMs);
  steps.detector.push(detectorMs);
  steps.confirm.push(c.confirmMs);
  steps.after.push(c.after);
  steps.before.push(c.before);
}
const n = steps.after.length;
console.log(`hires (${n} photos without text): the text stage adds ${figures(steps.after)} of CPU per photo; ` +
  `the look saw text in ${passed}, the recogniser confirmed ${confirmed}`);
console.log(`  before (every photo the look passes read at full detail): ${figures(steps.before)}`);
console.log(`  decoding the viewer thumbnail at ${lookEdge} px ${figures(steps.decode)}`);
console.log(`  the look ${figures(steps.look)}: the detector alone ${figures(steps.detector)}, ` +
  `its input and post-processing ${(mean(steps.look) - mean(steps.detector)).toFixed(1)} ms`);
console.log(`  confirming where the look saw text (thumbnail at ${CONFIRM_EDGE} px, recogniser on the look's boxes) ${(mean(steps.confirm)).toFixed(1)} ms on average`);

const everyday = path.join(DATA, 'robustness', 'kphotoalbum-demo');
if (fs.existsSync(everyday) && !process.env.HIRES_ONLY) {
  const after: number[] = [], before: number[] = [];
  let looked = 0, read = 0;
  for (const [i, name] of fs.readdirSync(everyday).filter((f) => /\.jpe?g$/i.test(f)).sort().entries()) {
    const c = await stageCost(path.join(everyday, name), `kpa${i}`);
    looked += c.look.hasText ? 1 : 0;
    read += c.confirmed ? 1 : 0;
    after.push(c.after);
    before.push(c.before);
  }
  console.log(`kphotoalbum (${after.length} everyday photos, a few with text): the look passes ${looked}, the recogniser confirms ${read}; ` +
    `CPU per photo ${figures(after)}, before ${figures(before)}`);
}

const ocr = path.join(DATA, 'ocr-dev', 'ground-truth.json');
if (fs.existsSync(ocr) && !process.env.HIRES_ONLY) {
  const images = (JSON.parse(fs.readFileSync(ocr, 'utf8')) as { images: { path: string; source: string }[] }).images;
  const pick = [...images.filter((i) => i.source !== 'icdar2015'), ...images.filter((i) => i.source === 'icdar2015').slice(0, 10)];
  const bySource = new Map<string, number[]>();
  for (const img of pick) {
    const file = path.join(DATA, 'ocr-dev', img.path);
    if (!fs.existsSync(file)) continue;
    const [, ms] = await cpuMs(() => reader.read(file, 0, { look: true }));
    bySource.set(img.source, [...(bySource.get(img.source) ?? []), ms]);
  }
  for (const [source, ms] of bySource) console.log(`${source} (${ms.length} photos with text): ${figures(ms, 0)} of CPU per photo`);
}
fs.rmSync(thumbs, { recursive: true, force: true });
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (now ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB); load average at the end ${load()}`);
await detector.release();
await runner.release();
