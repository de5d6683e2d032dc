// The real face models (converted BlazeFace + faceres, onnxruntime on the CPU) on the kphotoalbum fixtures: faces
// found where they are, the same face described alike in another photo of it, different people apart.
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceRunner, halve } from '../../../../src/main/worker/faces/face-runner.js';
import { DEFAULT_GROUPING } from '../../../../src/main/engine/faces/face-grouping.js';
import { faceQuality } from '../../../../src/main/engine/faces/face-types.js';
import type { RgbImage } from '../../../../src/main/engine/media/rgb-image.js';
import { REPO_ROOT } from '../../../helpers/fixtures.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'faces');
const MODELS = path.join(REPO_ROOT, 'resources', 'models');

async function load(file: string, transform?: (s: Sharp) => Sharp): Promise<RgbImage> {
  let s = sharp(path.join(FIXTURES, file)).rotate();
  if (transform) s = transform(s);
  const { data, info } = await s.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

describe('face models', () => {
  let runner: FaceRunner;
  beforeAll(async () => {
    runner = await FaceRunner.create(MODELS, ['cpu'], 1);
  }, 60_000);
  afterAll(() => runner?.release());

  it('finds the three faces of a group photo, left to right, and nothing on a fist', async () => {
    const faces = await runner.faces(await load('qt-logo.jpg'));
    const good = faces.filter((f) => faceQuality(f) === 'ok').sort((a, b) => a.box[0] - b.box[0]);
    expect(good).toHaveLength(3);
    // the three heads are in the upper half, side by side, each 60-130 px wide in a 560 px photo
    for (const f of good) {
      expect(f.box[1] + f.box[3] / 2).toBeLessThan(379 / 2);
      expect(f.box[2]).toBeGreaterThan(60);
      expect(f.box[2]).toBeLessThan(130);
    }
    expect(good[1].box[0]).toBeGreaterThan(good[0].box[0] + good[0].box[2] * 0.8);
    // landmarks: the eyes sit inside the box, above the mouth
    const [le, re, , mouth] = good[0].landmarks;
    expect(le[0]).toBeLessThan(re[0]);
    expect(mouth[1]).toBeGreaterThan(le[1]);
  });

  it('describes one person alike across photos and two people apart', async () => {
    const [jesper] = await runner.faces(await load('jesper-2.jpg'));
    const [mirrored] = await runner.faces(await load('jesper-2.jpg', (s) => s.flop()));
    const [darker] = await runner.faces(await load('jesper-2.jpg', (s) => s.modulate({ brightness: 0.7 }).resize(400)));
    const [donna] = await runner.faces(await load('donna-2.jpg'));
    // the descriptor averages the face and its mirror image: a mirrored photo differs only by the detector's landmarks
    expect(cosine(jesper.descriptor!, mirrored.descriptor!)).toBeGreaterThan(0.95);
    expect(cosine(jesper.descriptor!, darker.descriptor!)).toBeGreaterThan(DEFAULT_GROUPING.averageSimilarity);
    expect(cosine(jesper.descriptor!, donna.descriptor!)).toBeLessThan(DEFAULT_GROUPING.joinSimilarity);
    expect(Math.hypot(...jesper.descriptor!)).toBeCloseTo(1, 5);
  });

  it('keeps a tiny face out of grouping', async () => {
    // the photo shrunk to 60 px: the face is a few pixels, found or not it must not be "ok"
    const faces = await runner.faces(await load('jesper-2.jpg', (s) => s.resize(60)));
    expect(faces.every((f) => faceQuality(f) !== 'ok')).toBe(true);
    // and the descriptor model is not run for it
    expect(faces.every((f) => f.descriptor === null)).toBe(true);
    // a face the user draws is always described, however small
    const drawn = await runner.describeBox(await load('jesper-2.jpg', (s) => s.resize(60)), [18, 8, 20, 20]);
    expect(drawn.descriptor).not.toBeNull();
  });
});

describe('the large-face pass reads the small-face pass image halved', () => {
  it('averages each 2 x 2 block per channel and drops an odd last row and column', () => {
    // 3 x 3 pixels: the top-left block is (10,20,30) (30,40,50) / (50,60,70) (70,80,90); the rest must not leak in
    const px = [[10, 20, 30], [30, 40, 50], [255, 255, 255], [50, 60, 70], [70, 80, 90], [255, 255, 255], [255, 0, 0], [255, 0, 0], [255, 0, 0]];
    const half = halve({ data: Uint8Array.from(px.flat()), width: 3, height: 3, channels: 3 });
    expect([half.width, half.height]).toEqual([1, 1]);
    expect([...half.data]).toEqual([40, 50, 60]);
  });
});
