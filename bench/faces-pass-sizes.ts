// Which face sizes each whole-photo pass of the face detector finds (FACE_DETECTION.sizes), as a share of the photo's
// long edge: LFW photos of faces-dev (one face, centred) pasted, scaled, into a 1280 x 853 view of a hires photo, at a
// spread of face sizes, and each pass size run alone on the view (the long edge resized to that size, as the runner
// does). Prints found / pasted by face size for each pass size. Synthetic, not shipped: the photos are composed here.
// Usage: npx tsx bench/faces-pass-sizes.ts [PEOPLE=40] [sizes=128,192,256,512]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { iou, weightedNms, type RawFace } from '../src/main/engine/faces/face-geometry.js';
import { FACE_DETECTION, FACE_THREADS, FaceRunner } from '../src/main/worker/faces/face-runner.js';
import type { RgbImage } from '../src/main/engine/media/rgb-image.js';
import { evaluationData } from './evaluation-data.js';

const PEOPLE = Number(process.argv[2] ?? 40);
const SIZES = (process.argv[3] ?? '128,192,256,512').split(',').map(Number);
const SHARES = [0.04, 0.06, 0.08, 0.1, 0.13, 0.16, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45];
const lfw = evaluationData('faces-dev', 'lfw-deepfunneled');
const people = fs.readdirSync(lfw).sort().slice(0, PEOPLE).map((p) => path.join(lfw, p, fs.readdirSync(path.join(lfw, p)).sort()[0]));
const hires = evaluationData('hires');
const backgrounds = fs.readdirSync(hires).filter((f) => /\.jpe?g$/i.test(f)).sort().map((f) => path.join(hires, f));
const runner = await FaceRunner.create(path.resolve(import.meta.dirname, '..', 'resources', 'models'), ['cpu'], FACE_THREADS);
const detect = (view: RgbImage, sx: number, sy: number): Promise<RawFace[]> =>
  (runner as unknown as { detect: (v: RgbImage, sx: number, sy: number) => Promise<RawFace[]> }).detect(view, sx, sy);
const W = 1280;
const H = 853;
const raw = async (s: Sharp): Promise<RgbImage> => {
  const { data, info } = await s.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
};
const view = async (image: RgbImage, edge: number) => {
  const k = edge / Math.max(image.width, image.height);
  return raw(sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).resize(Math.round(image.width * k), Math.round(image.height * k), { fit: 'fill' }));
};
const found: Record<string, number> = {};
const tried: Record<number, number> = {};
let pasted = 0;
console.log(`load average ${os.loadavg()[0].toFixed(1)}`);
for (const [i, file] of people.entries()) {
  // the face's own box in the LFW photo, from the 256 px pass (LFW photos are 250 px: the runner's only pass there)
  const lfwImage = await raw(sharp(file));
  const own = weightedNms(await detect(lfwImage, 1, 1), FACE_DETECTION.iouThreshold).sort((a, b) => b.score - a.score)[0];
  if (!own) continue;
  const background = await raw(sharp(backgrounds[i % backgrounds.length]).rotate().resize(W, H, { fit: 'cover' }));
  for (const [j, share] of SHARES.entries()) {
    // the face with a margin of a fifth of its width around it (clipped to the LFW photo), scaled to the share
    const m = Math.round(own.box[2] / 5);
    const cx0 = Math.max(0, Math.round(own.box[0]) - m);
    const cy0 = Math.max(0, Math.round(own.box[1]) - m);
    const cw = Math.min(lfwImage.width - cx0, Math.round(own.box[2]) + 2 * m);
    const ch = Math.min(lfwImage.height - cy0, Math.round(own.box[3]) + 2 * m);
    const k = (share * W) / own.box[2];
    const fw = Math.max(4, Math.round(cw * k));
    const fh = Math.max(4, Math.round(ch * k));
    if (fw > W || fh > H) continue;
    const face = await sharp(file).extract({ left: cx0, top: cy0, width: cw, height: ch }).resize(fw, fh, { fit: 'fill' }).toBuffer();
    const left = Math.round(((i * 7 + j * 13) % 10) / 10 * (W - fw));
    const top = Math.round(((i * 3 + j * 5) % 10) / 10 * (H - fh));
    const photo = await raw(sharp(background.data, { raw: { width: W, height: H, channels: 3 } }).composite([{ input: face, left, top }]));
    const truth = [left + (own.box[0] - cx0) * k, top + (own.box[1] - cy0) * k, own.box[2] * k, own.box[3] * k];
    pasted++;
    tried[share] = (tried[share] ?? 0) + 1;
    for (const size of SIZES) {
      const v = await view(photo, size);
      const faces = await detect(v, W / v.width, H / v.height);
      const hit = faces.some((f) => iou(f.box, truth) >= 0.3);
      const key = `${size}:${share}`;
      found[key] = (found[key] ?? 0) + (hit ? 1 : 0);
    }
  }
}
console.log(`face width as % of the long edge: ${SHARES.map((s) => (s * 100).toFixed(0).padStart(4)).join(' ')}   (${pasted} pasted)`);
console.log(`pasted:                        ${SHARES.map((s) => String(tried[s] ?? 0).padStart(4)).join(' ')}`);
for (const size of SIZES) console.log(`pass at ${String(size).padStart(3)} px found:         ${SHARES.map((s) => String(found[`${size}:${s}`] ?? 0).padStart(4)).join(' ')}`);
console.log(`load average ${os.loadavg()[0].toFixed(1)}`);
await runner.release();
