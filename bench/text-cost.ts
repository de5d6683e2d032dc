// What reading text costs per photo, in CPU time of the process (all threads; the models run in it on the CPU, as
// the model process runs them):
// - photos without text (../shared/data/hires, 25 originals of 1.3-20 MP): what the text stage adds to indexing.
//   It runs in the deep pass, in the preview stage's walk: in fresh indexing it reads that stage's decode of the
//   original at viewer size (1280 px; the decode itself is the preview stage's), shrinks it to the look's size and
//   looks; where the look (wrongly) sees text, the recogniser confirms the look's boxes cut from the same decode,
//   and the photo is read in full where that confirms it. Also, in the same run, the same from the viewer thumbnail
//   (1280 px JPEG: re-runs, photos whose viewer image was made earlier, and every photo before the decode was
//   shared), split into its steps: decoding the thumbnail at the look's size, the look's input (resize to multiples
//   of 32, BGR planes), the detector itself (timed alone on an input of the same size), its post-processing, the
//   confirmation (the thumbnail decoded again at 1280 px, the recogniser on the look's boxes);
// - everyday photos (../shared/data/robustness/kphotoalbum-demo, a few with text on signs and shirts): how many
//   the look passes, how many of those the recogniser confirms, and the cost per photo by both routes;
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
import { detectorInputSize, LOOK_THREADS, READ_THREADS, TextRunner } from '../src/main/worker/text/text-runner.js';
import { EVALUATION_DATA as DATA, evaluationData } from './evaluation-data.js';

const hires = evaluationData('hires');
const threads = process.env.THREADS ? Number(process.env.THREADS) : Math.min(os.availableParallelism(), READ_THREADS);
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
 * One photo as the text stage handles it in the deep pass, by both of its routes: CPU ms of each step, and of the full
 * reading where the confirmation passes.
 * - `shared` (fresh indexing, the usual case): the stage shares the preview stage's walk and reads its decode of the
 *   original at viewer size (scratch.viewer; that decode is the preview stage's cost, not counted): the look shrinks
 *   it to its size, the confirmation cuts its boxes from it;
 * - `thumb` (the viewer image made earlier, or a re-run; every photo before this round): the viewer thumbnail is
 *   decoded at the look's size, and again at CONFIRM_EDGE for the confirmation.
 */
async function stageCost(file: string, contentId: string) {
  const photo = await analyzePhoto(file, { mtimeMs: 0 }); // at viewer size, as the preview stage decodes it
  await writeThumbnails(photo.preview, thumbs, contentId);
  const thumbnail = thumbnailPaths(thumbs, contentId).medium;
  const [preview, decodeMs] = await cpuMs(() => cachedPreview(thumbnail, file, 0, lookEdge));
  const [look, lookMs] = await cpuMs(() => reader.look(preview));
  const [sharedLook, sharedLookMs] = await cpuMs(() => reader.look(photo.preview));
  let confirmMs = 0, sharedConfirmMs = 0, readMs = 0, confirmed = false, sharedConfirmed = false;
  if (look.hasText) {
    [confirmed, confirmMs] = await cpuMs(async () => (await runner.confirm(await cachedPreview(thumbnail, file, 0, CONFIRM_EDGE), look.candidates)).confirmed);
  }
  if (sharedLook.hasText) {
    [sharedConfirmed, sharedConfirmMs] = await cpuMs(async () => (await runner.confirm(photo.preview, sharedLook.candidates)).confirmed);
  }
  if (confirmed || sharedConfirmed) readMs = (await cpuMs(() => reader.read(file, 0)))[1];
  return {
    preview, decodeMs, lookMs, confirmMs, peak: sharedLook.peak, candidates: sharedLook.candidates.length, readMs,
    viewer: `${photo.preview.width}x${photo.preview.height}`,
    thumb: { look: look.hasText, confirmed, ms: decodeMs + lookMs + confirmMs + (confirmed ? readMs : 0) },
    shared: { look: sharedLook.hasText, confirmed: sharedConfirmed, lookMs: sharedLookMs, confirmMs: sharedConfirmMs, ms: sharedLookMs + sharedConfirmMs + (sharedConfirmed ? readMs : 0) },
  };
}

const steps = { decode: [] as number[], look: [] as number[], detector: [] as number[], confirm: [] as number[], thumb: [] as number[],
  shared: [] as number[], sharedLook: [] as number[], sharedConfirm: [] as number[] };
const passed = { thumb: 0, shared: 0 }, confirmed = { thumb: 0, shared: 0 };
console.log('per hires photo, fresh indexing (CPU ms): look (peak probability, candidate boxes) | confirm (read?) | full reading');
for (const [i, name] of fs.readdirSync(hires).sort().entries()) {
  const c = await stageCost(path.join(hires, name), `photo${i}`);
  console.log(`  ${name.padEnd(44)} ${c.viewer.padStart(9)}  look ${c.shared.lookMs.toFixed(1).padStart(5)} (${c.peak.toFixed(2)}, ${c.candidates})` +
    (c.shared.look ? ` | confirm ${c.shared.confirmMs.toFixed(1)} (${c.shared.confirmed ? 'text' : 'none'})` : '') +
    (c.shared.confirmed ? ` | read ${c.readMs.toFixed(0)}` : ''));
  for (const route of ['thumb', 'shared'] as const) {
    passed[route] += c[route].look ? 1 : 0;
    confirmed[route] += c[route].confirmed ? 1 : 0;
  }
  const [w, h] = detectorInputSize(c.preview.width, c.preview.height, lookEdge);
  const input = new ort.Tensor('float32', new Float32Array(3 * w * h).fill(0.5), [1, 3, h, w]);
  const [, detectorMs] = await cpuMs(() => detector.run({ x: input }));
  steps.decode.push(c.decodeMs);
  steps.look.push(c.lookMs);
  steps.detector.push(detectorMs);
  steps.confirm.push(c.confirmMs);
  steps.thumb.push(c.thumb.ms);
  steps.shared.push(c.shared.ms);
  steps.sharedLook.push(c.shared.lookMs);
  steps.sharedConfirm.push(c.shared.confirmMs);
}
const n = steps.thumb.length;
console.log(`hires (${n} photos without text): the text stage adds ${figures(steps.shared)} of CPU per photo in fresh indexing ` +
  `(the preview stage's decode shared; the look saw text in ${passed.shared}, the recogniser confirmed ${confirmed.shared})`);
console.log(`  the look ${figures(steps.sharedLook)} (shrinking the viewer-size decode to ${lookEdge} px included), ` +
  `confirming ${mean(steps.sharedConfirm).toFixed(1)} ms on average`);
console.log(`  from the viewer thumbnail (re-runs; every photo before the decode was shared): ${figures(steps.thumb)} ` +
  `(the look saw text in ${passed.thumb}, the recogniser confirmed ${confirmed.thumb})`);
console.log(`  decoding the viewer thumbnail at ${lookEdge} px ${figures(steps.decode)}`);
console.log(`  the look ${figures(steps.look)}: the detector alone ${figures(steps.detector)}, ` +
  `its input and post-processing ${(mean(steps.look) - mean(steps.detector)).toFixed(1)} ms`);
console.log(`  confirming where the look saw text (thumbnail at ${CONFIRM_EDGE} px, recogniser on the look's boxes) ${(mean(steps.confirm)).toFixed(1)} ms on average`);

const everyday = path.join(DATA, 'robustness', 'kphotoalbum-demo');
if (fs.existsSync(everyday) && !process.env.HIRES_ONLY) {
  const shared: number[] = [], thumb: number[] = [];
  let looked = 0, read = 0;
  for (const [i, name] of fs.readdirSync(everyday).filter((f) => /\.jpe?g$/i.test(f)).sort().entries()) {
    const c = await stageCost(path.join(everyday, name), `kpa${i}`);
    looked += c.shared.look ? 1 : 0;
    read += c.shared.confirmed ? 1 : 0;
    shared.push(c.shared.ms);
    thumb.push(c.thumb.ms);
  }
  console.log(`kphotoalbum (${shared.length} everyday photos, a few with text): the look passes ${looked}, the recogniser confirms ${read}; ` +
    `CPU per photo ${figures(shared)} (decode shared), ${figures(thumb)} from the viewer thumbnail`);
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
