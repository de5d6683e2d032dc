// Small faces in LARGE originals (issue #12: faces down to about 24 px): LFW photos of faces-dev (head and shoulders,
// one centred face) pasted, scaled so that the face is 16-48 px wide, into the large photos of ../shared/data/hires
// scaled to a 4608 px long edge, written as JPEG (quality 92) to a temporary folder: synthetic, composed here, never
// shipped. Each composed photo is read as the face stage reads it (the 1280 px preview, FACE_PREVIEW_EDGE), with the
// person boxes of
//   - the quick pass's object detector (centernet on the 512 px quick preview, as the app), and
//   - "oracle" boxes: each pasted photo's rectangle, as if the detector had seen every person,
// without and with the closer look (closer-look.ts: heads too small in the preview cut from the original).
// Prints found / pasted by face width (px in the original), faces found where nothing was pasted, and CPU ms per photo
// (this process: the face models, and the closer look's decode of the original).
// Usage: npx tsx bench/faces-small-originals.ts [PHOTOS=21] [PER_PHOTO=4, at most CLOSER_LOOK.maxLooks looks a photo]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import { analyzePhoto } from '../src/main/engine/media/index.js';
import { closerCrops } from '../src/main/engine/faces/closer-look.js';
import { weightedNms, type RawFace } from '../src/main/engine/faces/face-geometry.js';
import { FACE_PREVIEW_EDGE } from '../src/main/engine/faces/face-stage.js';
import { faceQuality, type DetectedFace, type PersonBox } from '../src/main/engine/faces/face-types.js';
import { personBoxes } from '../src/main/engine/faces/person-boxes.js';
import { QUICK_PREVIEW_EDGE } from '../src/main/engine/pipeline/stage.js';
import type { RgbImage } from '../src/main/engine/media/rgb-image.js';
import { FACE_DETECTION, FACE_THREADS, FaceRunner } from '../src/main/worker/faces/face-runner.js';
import { ModelRunner } from '../src/main/worker/model-runner.js';
import { evaluationData } from './evaluation-data.js';

const PHOTOS = Number(process.argv[2] ?? 21);
const PER_PHOTO = Number(process.argv[3] ?? 4);
const SIZES = [16, 20, 24, 28, 32, 40, 48];
const EDGE = 4608;
const lfw = evaluationData('faces-dev', 'lfw-deepfunneled');
const hires = evaluationData('hires');
const people = fs.readdirSync(lfw).sort().map((p) => path.join(lfw, p, fs.readdirSync(path.join(lfw, p)).sort()[0]));
const backgrounds = fs.readdirSync(hires).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort().map((f) => path.join(hires, f));
const models = path.resolve(import.meta.dirname, '..', 'resources', 'models');
const runner = await FaceRunner.create(models, ['cpu'], FACE_THREADS);
const objects = await ModelRunner.create({ modelDirs: [models], provider: 'cpu', threads: 1 });
const detect = (view: RgbImage, sx: number, sy: number): Promise<RawFace[]> =>
  (runner as unknown as { detect: (v: RgbImage, sx: number, sy: number) => Promise<RawFace[]> }).detect(view, sx, sy);
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-small-faces-'));
const raw = async (s: Sharp): Promise<RgbImage> => {
  const { data, info } = await s.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
};
const cpu = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

/** A pasted face: its box in the original's pixels, its width, and the pasted photo's rectangle. */
interface Pasted { face: [number, number, number, number]; size: number; rect: [number, number, number, number] }

// each LFW photo's face box (the detector on the 250 px photo, as the runner reads it)
const own = new Map<string, RawFace>();
for (const file of people) {
  const image = await raw(sharp(file));
  const best = weightedNms(await detect(image, 1, 1), FACE_DETECTION.iouThreshold).sort((a, b) => b.score - a.score)[0];
  if (best) own.set(file, best);
}
const faces = [...own.keys()];

console.log(`load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}; composing ${PHOTOS} photos of ${EDGE} px in ${folder}`);
const composed: { file: string; pasted: Pasted[] }[] = [];
let n = 0;
for (let i = 0; i < PHOTOS; i++) {
  const bg = await raw(sharp(backgrounds[(i * 7) % backgrounds.length]).rotate().resize(EDGE, EDGE, { fit: 'inside' }));
  const pasted: Pasted[] = [];
  const layers: OverlayOptions[] = [];
  const cols = 4;
  for (let j = 0; j < PER_PHOTO; j++, n++) {
    const src = faces[n % faces.length];
    const f = own.get(src)!;
    const size = SIZES[n % SIZES.length];
    const k = size / f.box[2];
    const side = Math.round(250 * k);
    // a grid of cells, the photo in a cell at a spot that moves from photo to photo
    const cw = Math.floor(bg.width / cols);
    const ch = Math.floor(bg.height / Math.ceil(PER_PHOTO / cols));
    const left = (j % cols) * cw + Math.round((((i * 3 + j * 5) % 7) / 7) * (cw - side));
    const top = Math.floor(j / cols) * ch + Math.round((((i * 5 + j * 3) % 7) / 7) * (ch - side));
    layers.push({ input: await sharp(src).resize(side, side).toBuffer(), left, top });
    pasted.push({ face: [left + f.box[0] * k, top + f.box[1] * k, f.box[2] * k, f.box[3] * k], size, rect: [left, top, side, side] });
  }
  const file = path.join(folder, `small-${String(i).padStart(2, '0')}.jpg`);
  await sharp(bg.data, { raw: { width: bg.width, height: bg.height, channels: 3 } }).composite(layers).jpeg({ quality: 92 }).toFile(file);
  composed.push({ file, pasted });
}

type Tally = Record<string, { found: number; ok: number; total: number }>;
const runs: Record<string, { tally: Tally; extra: number; cpu: number; closerCpu: number; looks: number }> = {};
for (const label of ['app boxes, before', 'app boxes, closer look', 'oracle boxes, before', 'oracle boxes, closer look']) runs[label] = { tally: {}, extra: 0, cpu: 0, closerCpu: 0, looks: 0 };
let appPersons = 0;
for (const { file, pasted } of composed) {
  const photo = await analyzePhoto(file, { mtimeMs: 0, previewEdge: FACE_PREVIEW_EDGE });
  const image: RgbImage = { data: photo.preview.data, width: photo.preview.width, height: photo.preview.height, channels: 3 };
  const s = image.width / photo.width;
  const quick = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(QUICK_PREVIEW_EDGE, QUICK_PREVIEW_EDGE, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
  const [objectsFound] = await objects.embed([{ data: quick.data, width: quick.info.width, height: quick.info.height, channels: 3 }]);
  const app = personBoxes(objectsFound.detections);
  appPersons += app.filter((p) => pasted.some((q) => inside(centre([p.box[0] * photo.width, p.box[1] * photo.height, (p.box[2] - p.box[0]) * photo.width, (p.box[3] - p.box[1]) * photo.height]), q.rect))).length;
  const oracle: PersonBox[] = pasted.map(({ rect: [x, y, w, h] }) => ({ box: [x / photo.width, y / photo.height, (x + w) / photo.width, (y + h) / photo.height], score: 0.9 }));
  for (const [boxes, name] of [[app, 'app boxes'], [oracle, 'oracle boxes']] as const) {
    for (const closer of [false, true]) {
      const run = runs[`${name}, ${closer ? 'closer look' : 'before'}`];
      await runner.faces(image, undefined, boxes); // warm
      const c0 = process.cpuUsage();
      const crops = closer ? await closerCrops(file, image, boxes) : [];
      run.closerCpu += cpu(c0);
      run.looks += crops.length;
      const found: DetectedFace[] = await runner.faces(image, undefined, boxes, { closer: crops });
      run.cpu += cpu(c0);
      const matched = new Set<DetectedFace>();
      for (const p of pasted) {
        const t = (run.tally[p.size] ??= { found: 0, ok: 0, total: 0 });
        t.total++;
        const hit = found.find((f) => inside(centre(f.box.map((v) => v / s)), p.face));
        if (hit) {
          matched.add(hit);
          t.found++;
          if (faceQuality(hit) === 'ok') t.ok++;
        }
      }
      run.extra += found.filter((f) => !matched.has(f)).length;
    }
  }
}
console.log(`the quick pass's object detector boxed ${appPersons} of the ${n} pasted people`);
console.log(`face width in the original (px): ${SIZES.map((v) => String(v).padStart(6)).join('')}   faces where none was pasted, CPU ms per photo (of it the closer look's decode), looks`);
for (const [label, r] of Object.entries(runs)) {
  console.log(`${label.padEnd(27)} found: ${SIZES.map((v) => `${r.tally[v]?.found ?? 0}/${r.tally[v]?.total ?? 0}`.padStart(6)).join('')}   ${r.extra}, ${(r.cpu / composed.length).toFixed(0)} (${(r.closerCpu / composed.length).toFixed(0)}), ${r.looks}`);
}
console.log(`load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
fs.rmSync(folder, { recursive: true, force: true });
await runner.release();
await objects.release();

function centre(b: readonly number[]): [number, number] {
  return [b[0] + b[2] / 2, b[1] + b[3] / 2];
}
function inside([x, y]: [number, number], b: readonly number[]): boolean {
  return x >= b[0] && x <= b[0] + b[2] && y >= b[1] && y <= b[1] + b[3];
}
