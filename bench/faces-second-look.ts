// What the face stage's looks where a person is add (src/main/worker/faces/face-runner.ts): the second look
// (SECOND_LOOK: the head regions of the person boxes the quick pass's object detector found, read again by the face
// detector where the whole-photo passes found no face) or, with --profile, the profile look (PROFILE_LOOK: the pose
// model on the persons still without a face after both looks). For everyday photos (kphotoalbum-demo, faces-dev's
// face_recognition photos), ../shared/data/hires and ICDAR 2015 street scenes (ocr-dev, pedestrians): faces and CPU ms
// per photo without and with that look, and each face it adds, as a crop written to OUT (default
// /tmp/faces-second-look or /tmp/faces-profile-look) to be looked at one by one.
// Usage: npx tsx bench/faces-second-look.ts [--profile] [OUT] [street photos, default 40]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { analyzePhoto } from '../src/main/engine/media/index.js';
import { iou } from '../src/main/engine/faces/face-geometry.js';
import { faceQuality } from '../src/main/engine/faces/face-types.js';
import { FACE_PREVIEW_EDGE } from '../src/main/engine/faces/face-stage.js';
import { QUICK_PREVIEW_EDGE } from '../src/main/engine/pipeline/stage.js';
import { FACE_THREADS, FaceRunner } from '../src/main/worker/faces/face-runner.js';
import { ModelRunner } from '../src/main/worker/model-runner.js';
import type { PersonBox } from '../src/main/engine/faces/face-types.js';
import { personBoxes } from '../src/main/engine/faces/person-boxes.js';
import type { RgbImage } from '../src/main/engine/media/rgb-image.js';
import { evaluationData } from './evaluation-data.js';

const PROFILE = process.argv.includes('--profile');
const args = process.argv.slice(2).filter((a) => a !== '--profile');
const LOOK = PROFILE ? 'profile look' : 'second look';
const OUT = args[0] ?? path.join(os.tmpdir(), PROFILE ? 'faces-profile-look' : 'faces-second-look');
const STREET = Number(args[1] ?? 40);
const kp = evaluationData('robustness', 'kphotoalbum-demo');
const fr = evaluationData('faces-dev', 'face_recognition', 'knn_examples');
const hires = evaluationData('hires');
const street = evaluationData('ocr-dev', 'icdar2015', 'ch4_training_images');
const images = (dir: string) => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(jpe?g|png)$/i.test(f)).sort().map((f) => path.join(dir, f));
const sets: [string, string[]][] = [
  ['everyday', [...images(kp), ...images(fr)]],
  ['hires', images(hires)],
  ['street', images(street).slice(0, STREET)],
];

const models = path.resolve(import.meta.dirname, '..', 'resources', 'models');
const runner = await FaceRunner.create(models, ['cpu'], FACE_THREADS);
const objects = await ModelRunner.create({ modelDirs: [models], provider: 'cpu', threads: 1 });
fs.mkdirSync(OUT, { recursive: true });

async function shrink(image: RgbImage, edge: number): Promise<RgbImage> {
  const k = edge / Math.max(image.width, image.height);
  if (k >= 1) return image;
  const out = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(Math.round(image.width * k), Math.round(image.height * k), { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  return { data: out.data, width: out.info.width, height: out.info.height, channels: 3 };
}

const cpu = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

console.log(`load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')} (CPU ms of this process)`);
for (const [name, files] of sets) {
  let before = 0;
  let after = 0;
  let cpuBefore = 0;
  let cpuAfter = 0;
  let withPeople = 0;
  let looks = 0;
  const added: string[] = [];
  for (const file of files) {
    let photo;
    try {
      photo = await analyzePhoto(file, { mtimeMs: 0, previewEdge: FACE_PREVIEW_EDGE });
    } catch {
      continue;
    }
    const image: RgbImage = { data: photo.preview.data, width: photo.preview.width, height: photo.preview.height, channels: 3 };
    const [res] = await objects.embed([await shrink(image, QUICK_PREVIEW_EDGE)]);
    const people: PersonBox[] = personBoxes(res.detections);
    if (people.length) withPeople++;
    await runner.faces(image, undefined, people); // warm
    // without the look: no person boxes (the second look), or both looks of the face detector only (the profile look)
    let c = process.cpuUsage();
    const plain = PROFILE ? await runner.faces(image, undefined, people, { profileLook: false }) : await runner.faces(image);
    cpuBefore += cpu(c);
    const parts: Record<string, number> = {};
    c = process.cpuUsage();
    const second = await runner.faces(image, parts, people, { profileLook: PROFILE });
    cpuAfter += cpu(c);
    if ((parts[LOOK] ?? 0) > 0.5) looks++;
    before += plain.length;
    after += second.length;
    for (const f of second) {
      if (plain.some((g) => iou(g.box, f.box) > 0.3)) continue;
      const [x, y, w, h] = f.box;
      const m = Math.max(w, h) * 0.8;
      const left = Math.max(0, Math.round(x - m));
      const top = Math.max(0, Math.round(y - m));
      const cw = Math.min(image.width - left, Math.round(w + 2 * m));
      const ch = Math.min(image.height - top, Math.round(h + 2 * m));
      const tag = `${name}-${path.basename(file).replace(/\.\w+$/, '')}-${Math.round(x)}x${Math.round(y)}-${Math.round(w)}px-s${f.score.toFixed(2)}-${faceQuality(f)}`;
      added.push(tag);
      await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
        .extract({ left, top, width: cw, height: ch }).resize(160, 160, { fit: 'contain' }).jpeg().toFile(path.join(OUT, `${tag}.jpg`));
    }
  }
  const n = files.length;
  console.log(`${name}: ${n} photos (${withPeople} with a person box, ${looks} read by the ${LOOK}); faces ${before} -> ${after}; ` +
    `CPU ms per photo ${(cpuBefore / n).toFixed(1)} -> ${(cpuAfter / n).toFixed(1)}`);
  for (const a of added) console.log(`  + ${a}`);
}
console.log(`crops of the added faces: ${OUT}; load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
await runner.release();
await objects.release();
