// What each whole-photo pass of the face detector finds (src/main/worker/faces/face-runner.ts: FACE_DETECTION.sizes,
// the large-face pass at 256 px and the small-face pass at 512 px), on the 1280 px preview the face stage reads: for
// every face the 256 px pass finds that the 512 px pass misses (and the other way round), its size as a share of the
// photo's long edge and its score. Photos: everyday (kphotoalbum-demo, faces-dev's face_recognition photos), group
// photos, hires and the first STREET ICDAR 2015 street scenes. Photos under 384 px (LFW) run the 256 px pass alone.
// Usage: npx tsx bench/faces-passes.ts [STREET=100]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { analyzePhoto } from '../src/main/engine/media/index.js';
import { iou, weightedNms, type RawFace } from '../src/main/engine/faces/face-geometry.js';
import { FACE_PREVIEW_EDGE } from '../src/main/engine/faces/face-stage.js';
import { FACE_DETECTION, FACE_THREADS, FaceRunner, halve } from '../src/main/worker/faces/face-runner.js';
import type { RgbImage } from '../src/main/engine/media/rgb-image.js';
import { evaluationData } from './evaluation-data.js';

const STREET = Number(process.argv[2] ?? 100);
const images = (dir: string) => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(jpe?g|png)$/i.test(f)).sort().map((f) => path.join(dir, f));
const sets: [string, string[]][] = [
  ['everyday', [...images(evaluationData('robustness', 'kphotoalbum-demo')), ...images(evaluationData('faces-dev', 'face_recognition'))]],
  ['hires', images(evaluationData('hires'))],
  ['street', images(evaluationData('ocr-dev', 'icdar2015', 'ch4_training_images')).slice(0, STREET)],
];
const runner = await FaceRunner.create(path.resolve(import.meta.dirname, '..', 'resources', 'models'), ['cpu'], FACE_THREADS);
const detect = (view: RgbImage, sx: number, sy: number): Promise<RawFace[]> =>
  (runner as unknown as { detect: (v: RgbImage, sx: number, sy: number) => Promise<RawFace[]> }).detect(view, sx, sy);

const same = (a: RawFace, b: RawFace) => {
  const c = (p: RawFace, q: RawFace) => {
    const cx = p.box[0] + p.box[2] / 2;
    const cy = p.box[1] + p.box[3] / 2;
    return cx >= q.box[0] && cx <= q.box[0] + q.box[2] && cy >= q.box[1] && cy <= q.box[1] + q.box[3];
  };
  return iou(a.box, b.box) >= FACE_DETECTION.iouThreshold || c(a, b) || c(b, a);
};
console.log(`load average ${os.loadavg()[0].toFixed(1)}`);
for (const [label, files] of sets) {
  const n = { both: 0, only256: 0, only512: 0 };
  const lines: string[] = [];
  for (const file of files) {
    const photo = await analyzePhoto(file, { mtimeMs: 0, previewEdge: FACE_PREVIEW_EDGE });
    const image: RgbImage = { data: photo.preview.data, width: photo.preview.width, height: photo.preview.height, channels: 3 };
    const long = Math.max(image.width, image.height);
    if (long < 384) continue;
    const k = 512 / long;
    const w = Math.max(1, Math.round(image.width * k));
    const h = Math.max(1, Math.round(image.height * k));
    const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).resize(w, h, { fit: 'fill' }).raw().toBuffer();
    const big: RgbImage = { data, width: w, height: h, channels: 3 };
    const a = weightedNms(await detect(halve(big), (2 * image.width) / w, (2 * image.height) / h), FACE_DETECTION.iouThreshold);
    const b = weightedNms(await detect(big, image.width / w, image.height / h), FACE_DETECTION.iouThreshold);
    const show = (f: RawFace, which: string) => lines.push(`  ${which} ${path.basename(file)}: side ${(f.box[2] / long * 100).toFixed(1)} % of the long edge (${f.box[2].toFixed(0)} px of ${long}), score ${f.score.toFixed(2)}`);
    for (const f of a) {
      if (b.some((g) => same(f, g))) n.both++;
      else { n.only256++; show(f, '256 only'); }
    }
    for (const f of b) if (!a.some((g) => same(f, g))) { n.only512++; show(f, '512 only'); }
  }
  console.log(`${label}: ${files.length} photos; faces found by both passes ${n.both}, by 256 px only ${n.only256}, by 512 px only ${n.only512}`);
  for (const l of lines.filter((x) => x.startsWith('  256'))) console.log(l);
  const sizes512 = lines.filter((x) => x.startsWith('  512')).length;
  if (sizes512) console.log(`  (${sizes512} found by 512 px only)`);
}
await runner.release();
