// The real face models (converted BlazeFace + faceres, onnxruntime on the CPU) on the kphotoalbum fixtures: faces
// found where they are, the same face described alike in another photo of it, different people apart.
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaceRunner, PROFILE_LOOK, SECOND_LOOK, halve, headRegions, personRegions, toUnitPadded } from '../../../../src/main/worker/faces/face-runner.js';
import { DEFAULT_GROUPING } from '../../../../src/main/engine/faces/face-grouping.js';
import { faceQuality, type PersonBox } from '../../../../src/main/engine/faces/face-types.js';
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
    const [anne] = await runner.faces(await load('anne-helene.jpg'));
    // the descriptor averages the face and its mirror image: a mirrored photo differs only by the detector's landmarks
    expect(cosine(jesper.descriptor!, mirrored.descriptor!)).toBeGreaterThan(0.95);
    expect(cosine(jesper.descriptor!, darker.descriptor!)).toBeGreaterThan(DEFAULT_GROUPING.averageSimilarity);
    expect(cosine(jesper.descriptor!, anne.descriptor!)).toBeLessThan(DEFAULT_GROUPING.joinSimilarity);
    expect(Math.hypot(...jesper.descriptor!)).toBeCloseTo(1, 5);
  });

  it('finds one face pasted at any size from a twentieth to seven tenths of the long edge (the 512 and 128 px passes)', async () => {
    // the passes' ranges overlap (512 px: about 4-35 %, 128 px: about 20 % up; bench/faces-pass-sizes.ts): no size
    // between them is lost. jesper-2's face with a fifth of its width around it, pasted on a 1280 x 1280 grey photo.
    const source = await load('jesper-2.jpg');
    const [own] = await runner.faces(source);
    const m = Math.round(own.box[2] / 5);
    const [cx, cy] = [Math.max(0, Math.round(own.box[0]) - m), Math.max(0, Math.round(own.box[1]) - m)];
    const cw = Math.min(source.width - cx, Math.round(own.box[2]) + 2 * m);
    const ch = Math.min(source.height - cy, Math.round(own.box[3]) + 2 * m);
    const [W, H] = [1280, 1280];
    for (const share of [0.05, 0.12, 0.22, 0.3, 0.4, 0.5, 0.6, 0.7]) {
      const k = (share * W) / own.box[2];
      const face = await sharp(source.data, { raw: { width: source.width, height: source.height, channels: 3 } })
        .extract({ left: cx, top: cy, width: cw, height: ch }).resize(Math.round(cw * k), Math.round(ch * k), { fit: 'fill' }).png().toBuffer();
      const [left, top] = [100, 40];
      const { data } = await sharp({ create: { width: W, height: H, channels: 3, background: '#777' } })
        .composite([{ input: face, left, top }]).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const found = await runner.faces({ data, width: W, height: H, channels: 3 });
      expect(found, `face at ${share * 100} % of the long edge`).toHaveLength(1);
      const [x, , w] = found[0].box;
      expect(Math.abs(x + w / 2 - (left + (own.box[0] - cx + own.box[2] / 2) * k)) / (share * W)).toBeLessThan(0.15);
      expect(w / (share * W)).toBeGreaterThan(0.7);
      expect(w / (share * W)).toBeLessThan(1.4);
    }
  });

  it('finds a face too small for the whole-photo passes where the object detector saw a person', async () => {
    // a portrait shrunk to 60 x 90 px on a 1280 x 853 grey photo: its face is about 13 px, below what the 512 px pass
    // finds; the person box (the portrait's rectangle, as the object detector would give it) points the second look
    // at its head
    const [W, H, left, top] = [1280, 853, 700, 300];
    const portrait = await sharp(path.join(FIXTURES, 'anne-helene.jpg')).resize(60, 90, { fit: 'fill' }).png().toBuffer();
    const { data } = await sharp({ create: { width: W, height: H, channels: 3, background: '#777' } })
      .composite([{ input: portrait, left, top }]).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const photo: RgbImage = { data, width: W, height: H, channels: 3 };
    const person: PersonBox = { box: [left / W, top / H, (left + 60) / W, (top + 90) / H], score: 0.8 };
    expect(await runner.faces(photo)).toHaveLength(0);
    const found = await runner.faces(photo, undefined, [person]);
    expect(found).toHaveLength(1);
    // on the portrait's face (at 130-210 x 142-222 of its 373 x 560 px), listed but kept out of grouping
    const [x, y, w, h] = found[0].box;
    expect(x + w / 2).toBeGreaterThan(left + 60 * (130 / 373));
    expect(x + w / 2).toBeLessThan(left + 60 * (210 / 373));
    expect(y + h / 2).toBeGreaterThan(top + 90 * (142 / 560));
    expect(y + h / 2).toBeLessThan(top + 90 * (222 / 560));
    expect(faceQuality(found[0])).not.toBe('ok');
    // a person box elsewhere, or one the detector was unsure of, finds nothing
    expect(await runner.faces(photo, undefined, [{ box: [0.1, 0.1, 0.15, 0.2], score: 0.8 }])).toHaveLength(0);
    expect(await runner.faces(photo, undefined, [{ ...person, score: SECOND_LOOK.minPersonScore / 2 }])).toHaveLength(0);
  });

  it('places a face the face detector misses by the pose model, where a person box holds no face', async () => {
    // the portrait blurred (sigma 8): BlazeFace scores nothing above 0.63 there (its bar is 0.7), in either look;
    // MoveNet still places the head (its face scores 0.5, the keypoints' bar is 0.3)
    const blurred = await load('anne-helene.jpg', (s) => s.blur(8));
    const person: PersonBox = { box: [0.02, 0.02, 0.98, 0.98], score: 0.9 };
    expect(await runner.faces(blurred, undefined, [person], { profileLook: false })).toHaveLength(0);
    const found = await runner.faces(blurred, undefined, [person]);
    expect(found).toHaveLength(1);
    // on the portrait's face (130-210 x 142-222 of its 373 x 560 px), about as large
    const [x, y, w, h] = found[0].box;
    expect(x + w / 2).toBeGreaterThan(130);
    expect(x + w / 2).toBeLessThan(210);
    expect(y + h / 2).toBeGreaterThan(142);
    expect(y + h / 2).toBeLessThan(222);
    expect(w).toBeGreaterThan(40);
    expect(w).toBeLessThan(120);
    // no person box, no look
    expect(await runner.faces(blurred)).toHaveLength(0);
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

  it('averages each block as the plain per-pixel rule does, on even and odd sizes and on one-pixel-wide images', () => {
    for (const [w, h] of [[9, 6], [8, 7], [1, 5], [6, 1], [1, 1]]) {
      const data = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 97 + 13) % 256);
      const half = halve({ data, width: w, height: h, channels: 3 });
      const at = (x: number, y: number, c: number) => data[(Math.min(y, h - 1) * w + Math.min(x, w - 1)) * 3 + c];
      expect([half.width, half.height]).toEqual([Math.max(1, w >> 1), Math.max(1, h >> 1)]);
      for (let y = 0; y < half.height; y++) {
        for (let x = 0; x < half.width; x++) {
          for (let c = 0; c < 3; c++) {
            const sum = at(2 * x, 2 * y, c) + at(2 * x + 1, 2 * y, c) + at(2 * x, 2 * y + 1, c) + at(2 * x + 1, 2 * y + 1, c);
            expect(half.data[(y * half.width + x) * 3 + c]).toBe(Math.floor((sum + 2) / 4));
          }
        }
      }
    }
  });
});

describe("the detector's input", () => {
  it('maps bytes to -1..1 and pads each row and the rows below with black, also in an array used before', () => {
    const input = new Float32Array(16 * 8 * 3).fill(0.5); // 16 x 8: a 13 x 7 view, then a 10 x 5 one in the same array
    for (const [w, h] of [[13, 7], [10, 5]]) {
      const view: RgbImage = { data: Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 31 + w) % 256), width: w, height: h, channels: 3 };
      toUnitPadded(view, input, 16);
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 16; x++) {
          for (let c = 0; c < 3; c++) {
            const expected = x < w && y < h ? Math.fround(view.data[(y * w + x) * 3 + c] / 127.5 - 1) : -1;
            expect(input[(y * 16 + x) * 3 + c]).toBe(expected);
          }
        }
      }
    }
  });
});

describe('the second look', () => {
  const photo: RgbImage = { data: new Uint8Array(0), width: 1000, height: 500, channels: 3 };
  const face = (x: number, y: number) => ({ box: [x, y, 20, 20] as [number, number, number, number], landmarks: [], score: 0.9 });

  it('looks at the head of each person with no face found in the top half of their box, largest first', () => {
    const standing: PersonBox = { box: [0.1, 0.2, 0.15, 0.8], score: 0.9 }; // 50 x 300 px
    const seated: PersonBox = { box: [0.5, 0.4, 0.7, 0.9], score: 0.6 }; // 200 x 250 px
    const regions = headRegions(photo, [standing, seated], []);
    // a square as wide as the box (and a tenth more), raised by a tenth of its side, clamped to the photo
    expect(regions).toEqual([[490, 178, 220], [98, 95, 55]]);
    // a face in the top half of the standing person's box: only the seated one is looked at
    expect(headRegions(photo, [standing, seated], [face(110, 120)])).toEqual([[490, 178, 220]]);
    // a face lower down (a child in front) does not count as the standing person's
    expect(headRegions(photo, [standing], [face(110, 300)])).toHaveLength(1);
  });

  it('leaves out unsure, tiny and large persons and looks at most SECOND_LOOK.maxLooks times', () => {
    const crowd: PersonBox[] = Array.from({ length: 10 }, (_, i) => ({ box: [i / 10, 0.3, i / 10 + 0.05, 0.9], score: 0.9 }));
    expect(headRegions(photo, crowd, [])).toHaveLength(SECOND_LOOK.maxLooks);
    expect(headRegions(photo, [{ box: [0.1, 0.2, 0.15, 0.8], score: SECOND_LOOK.minPersonScore - 0.01 }], [])).toHaveLength(0);
    // a person 20 px wide: a head of a few pixels, nothing the detector could find
    expect(headRegions(photo, [{ box: [0.1, 0.2, 0.12, 0.4], score: 0.9 }], [])).toHaveLength(0);
    // a person 400 px wide: their head is large enough for the whole-photo passes, the look would only shrink it
    expect(headRegions(photo, [{ box: [0.1, 0.1, 0.5, 0.9], score: 0.9 }], [])).toHaveLength(0);
  });
});

describe('the profile look', () => {
  const photo: RgbImage = { data: new Uint8Array(0), width: 1000, height: 500, channels: 3 };
  const face = (x: number, y: number) => ({ box: [x, y, 20, 20] as [number, number, number, number], landmarks: [], score: 0.9 });

  it('reads the square around each whole person still without a face, kept inside the photo', () => {
    const standing: PersonBox = { box: [0.1, 0.2, 0.15, 0.8], score: 0.9 }; // 50 x 300 px: a 300 px square about it
    const large: PersonBox = { box: [0.5, 0.1, 0.9, 0.9], score: 0.9 }; // 400 x 400 px, beyond what the second look zooms
    expect(personRegions(photo, [standing, large], [])).toEqual([[500, 50, 400], [0, 100, 300]]);
    // a face in the large person's head: only the standing one is read
    expect(personRegions(photo, [standing, large], [face(690, 80)])).toEqual([[0, 100, 300]]);
    // a person taller than the photo: the square is the photo's height
    expect(personRegions(photo, [{ box: [0.4, 0, 0.5, 1], score: 0.9 }], [])).toEqual([[200, 0, 500]]);
  });

  it('leaves out unsure and tiny persons and reads at most PROFILE_LOOK.maxLooks', () => {
    const crowd: PersonBox[] = Array.from({ length: 10 }, (_, i) => ({ box: [i / 10, 0.3, i / 10 + 0.05, 0.9], score: 0.9 }));
    expect(personRegions(photo, crowd, [])).toHaveLength(PROFILE_LOOK.maxLooks);
    expect(personRegions(photo, [{ box: [0.1, 0.2, 0.15, 0.8], score: SECOND_LOOK.minPersonScore - 0.01 }], [])).toHaveLength(0);
    expect(personRegions(photo, [{ box: [0.1, 0.2, 0.12, 0.4], score: 0.9 }], [])).toHaveLength(0);
  });
});
