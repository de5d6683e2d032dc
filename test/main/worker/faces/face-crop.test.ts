// The aligned face crop in reused buffers (face-crop.ts) against the plain code it replaced, kept here as the
// reference: the same bytes, the same sharpness to the last bit, the same descriptor input, and through the real
// descriptor model the same descriptor, on a synthetic photo (noise over gradients, faces tilted and at the edges).
import path from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitSimilarity, type Point, type Similarity } from '../../../../src/main/engine/faces/face-geometry.js';
import { FACE_DESCRIPTOR_MODEL_ID } from '../../../../src/main/engine/faces/face-types.js';
import type { RgbImage } from '../../../../src/main/engine/media/rgb-image.js';
import { findModel, loadManifest, modelPath } from '../../../../src/main/engine/models/manifest.js';
import { FaceCrop, alignFace, dlibChipTemplate, laplacianVariance, withMirror } from '../../../../src/main/worker/faces/face-crop.js';
import { FaceRunner } from '../../../../src/main/worker/faces/face-runner.js';
import { REPO_ROOT } from '../../../helpers/fixtures.js';

const MODELS = path.join(REPO_ROOT, 'resources', 'models');
const SIZE = 224;
const TEMPLATE_112: Point[] = [[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [56.1396, 92.2848]];

/** The warp as first written: per channel, the source point stepped along each row, Math.floor, a fresh array. */
function referenceWarp(rgb: Uint8Array, width: number, height: number, t: Similarity, size: number): Uint8Array {
  const d = t.a * t.a + t.b * t.b;
  const ia = t.a / d; const ib = t.b / d;
  const out = new Uint8Array(size * size * 3);
  for (let v = 0; v < size; v++) {
    const py = v + 0.5 - t.ty;
    let px = 0.5 - t.tx;
    for (let u = 0; u < size; u++, px++) {
      const x = Math.min(width - 1, Math.max(0, ia * px + ib * py - 0.5));
      const y = Math.min(height - 1, Math.max(0, -ib * px + ia * py - 0.5));
      const x0 = Math.floor(x); const y0 = Math.floor(y);
      const x1 = Math.min(width - 1, x0 + 1); const y1 = Math.min(height - 1, y0 + 1);
      const fx = x - x0; const fy = y - y0;
      for (let c = 0; c < 3; c++) {
        const at = (xx: number, yy: number) => rgb[(yy * width + xx) * 3 + c];
        out[(v * size + u) * 3 + c] = at(x0, y0) * ((1 - fx) * (1 - fy)) + at(x1, y0) * (fx * (1 - fy)) + at(x0, y1) * ((1 - fx) * fy) + at(x1, y1) * (fx * fy) + 0.5;
      }
    }
  }
  return out;
}

function referenceAlign(image: RgbImage, landmarks: Point[], size: number, template?: Point[]): Uint8Array {
  const k = size / 112;
  const t = fitSimilarity(landmarks.slice(0, 4), template ?? TEMPLATE_112.map(([x, y]) => [x * k, y * k] as Point));
  return referenceWarp(image.data, image.width, image.height, t, size);
}

/** The descriptor's chip: dlib's 150 px */
const CHIP = 150;

/** Variance of the 4-neighbour Laplacian of the luma over the central half, each luma computed where it is used. */
function referenceSharpness(rgb: Uint8Array, size: number): number {
  const luma = (x: number, y: number) => 0.299 * rgb[(y * size + x) * 3] + 0.587 * rgb[(y * size + x) * 3 + 1] + 0.114 * rgb[(y * size + x) * 3 + 2];
  let sum = 0;
  let sum2 = 0;
  let n = 0;
  for (let y = Math.floor(size / 4); y < Math.ceil((3 * size) / 4); y++) {
    for (let x = Math.floor(size / 4); x < Math.ceil((3 * size) / 4); x++) {
      const l = 4 * luma(x, y) - luma(x - 1, y) - luma(x + 1, y) - luma(x, y - 1) - luma(x, y + 1);
      sum += l;
      sum2 += l * l;
      n++;
    }
  }
  return sum2 / n - (sum / n) ** 2;
}

/** The crop and its mirror image (each row reversed pixel by pixel) as floats, one after the other. */
function referencePair(crop: Uint8Array, size: number): Float32Array {
  const out = new Float32Array(2 * crop.length);
  out.set(crop);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) out[crop.length + (y * size + (size - 1 - x)) * 3 + c] = crop[(y * size + x) * 3 + c];
    }
  }
  return out;
}

/** A 640 x 480 photo: horizontal and vertical gradients per channel under seeded noise, so that every sample of the
 *  warp reads four different pixels and a wrong weight or offset shows. */
function syntheticPhoto(): RgbImage {
  const width = 640;
  const height = 480;
  const data = new Uint8Array(width * height * 3);
  let s = 12345;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        const base = c === 0 ? (x * 255) / width : c === 1 ? (y * 255) / height : ((x + y) * 255) / (width + height);
        data[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(base + ((s >>> 24) - 128) / 4)));
      }
    }
  }
  return { data, width, height, channels: 3 };
}

/** Eyes, nose tip, mouth centre (and two ears) of a face `w` px between the eyes at (cx, cy), turned by `angle`. */
function faceAt(cx: number, cy: number, w: number, angle: number): Point[] {
  const rel: Point[] = [[-0.5, -0.3], [0.5, -0.3], [0, 0.15], [0, 0.6], [-0.9, -0.1], [0.9, -0.1]];
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  return rel.map(([u, v]) => [cx + w * (c * u - s * v), cy + w * (s * u + c * v)] as Point);
}

const photo = syntheticPhoto();
// a small upright face, a large turned one, one half outside the left edge, one past the bottom right corner
const FACES = [faceAt(320, 240, 20, 0), faceAt(200, 180, 90, 0.35), faceAt(10, 100, 40, -0.2), faceAt(630, 470, 60, 2.5)];

describe('the aligned face crop', () => {
  it('warps, measures and mirrors each face exactly as the plain code does, in buffers reused from face to face', () => {
    const crop = new FaceCrop(SIZE);
    // twice round, so that a buffer's previous face cannot leak into the next
    for (const landmarks of [...FACES, ...FACES]) {
      const expected = referenceAlign(photo, landmarks, SIZE);
      expect(Buffer.from(alignFace(photo, landmarks, SIZE)).equals(expected)).toBe(true);
      const sharpness = crop.align(photo, landmarks);
      expect(sharpness).toBe(referenceSharpness(expected, SIZE));
      expect(laplacianVariance(expected, SIZE)).toBe(sharpness);
      const input = crop.descriptorInput();
      const reference = referencePair(expected, SIZE);
      expect(input.length).toBe(reference.length);
      let differing = 0;
      for (let i = 0; i < input.length; i++) if (input[i] !== reference[i]) differing++;
      expect(differing).toBe(0);
    }
  });

  it('reads the descriptor from its own chip when given one, the sharpness still from the ArcFace crop', () => {
    const template = dlibChipTemplate(CHIP);
    const crop = new FaceCrop(SIZE, { size: CHIP, template });
    expect(crop.inputSize).toBe(CHIP);
    for (const landmarks of [...FACES, ...FACES]) {
      const expected = referenceAlign(photo, landmarks, SIZE);
      expect(crop.align(photo, landmarks)).toBe(referenceSharpness(expected, SIZE));
      const input = crop.descriptorInput();
      const reference = referencePair(referenceAlign(photo, landmarks, CHIP, template), CHIP);
      expect(input.length).toBe(reference.length);
      expect(input.every((v, i) => v === reference[i])).toBe(true);
    }
  });

  it("puts the eyes where dlib's 150 px chip (padding 0.25) has them, level, the mouth below", () => {
    const [left, right, nose, mouth] = dlibChipTemplate(150);
    expect(left[0]).toBeCloseTo(47.7, 1);
    expect(right[0]).toBeCloseTo(100.3, 1);
    expect(left[1]).toBeCloseTo(47.1, 1);
    expect(right[1]).toBeCloseTo(47.1, 1);
    expect(nose[1]).toBeGreaterThan(left[1]);
    expect(mouth[1]).toBeGreaterThan(nose[1]);
    expect(mouth[1]).toBeLessThan(150);
  });

  it('is the photo itself under the identity transform, and its mirror reverses each row', () => {
    const crop = alignFace(photo, TEMPLATE_112.map(([x, y]) => [x * 2, y * 2] as Point), SIZE);
    for (let y = 0; y < SIZE; y += 37) {
      for (let x = 0; x < SIZE; x += 41) {
        for (let c = 0; c < 3; c++) expect(crop[(y * SIZE + x) * 3 + c]).toBe(photo.data[(y * photo.width + x) * 3 + c]);
      }
    }
    const pair = withMirror(crop, SIZE);
    expect(pair[crop.length + ((5 * SIZE) + SIZE - 1) * 3 + 1]).toBe(crop[(5 * SIZE) * 3 + 1]);
    // a flat crop has no edges: sharpness 0; a checkerboard has the most
    expect(laplacianVariance(new Uint8Array(SIZE * SIZE * 3).fill(90), SIZE)).toBe(0);
    const checker = Uint8Array.from({ length: SIZE * SIZE * 3 }, (_, i) => ((Math.floor(i / 3) % SIZE) + Math.floor(i / 3 / SIZE)) % 2 ? 255 : 0);
    expect(laplacianVariance(checker, SIZE)).toBeGreaterThan(1000);
  });
});

describe('the face runner with reused buffers', () => {
  let runner: FaceRunner;
  let descriptor: ort.InferenceSession;
  let inputName: string;
  beforeAll(async () => {
    runner = await FaceRunner.create(MODELS, ['cpu'], 1);
    const entry = findModel(await loadManifest(MODELS), FACE_DESCRIPTOR_MODEL_ID);
    inputName = entry.input.name;
    descriptor = await ort.InferenceSession.create(modelPath(MODELS, entry), { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
  }, 60_000);
  afterAll(async () => {
    await runner?.release();
    await descriptor?.release();
  });

  it('describes a drawn face as the plain crop, mirror and model run do (to 1e-6)', async () => {
    for (const box of [[180, 150, 80, 80], [0, 60, 50, 60]] as [number, number, number, number][]) {
      const face = await runner.describeBox(photo, box);
      const crop = referenceAlign(photo, face.landmarks, SIZE);
      expect(face.sharpness).toBe(referenceSharpness(crop, SIZE));
      const chip = referenceAlign(photo, face.landmarks, CHIP, dlibChipTemplate(CHIP));
      const out = (await descriptor.run({ [inputName]: new ort.Tensor('float32', referencePair(chip, CHIP), [2, CHIP, CHIP, 3]) })).descriptor.data as Float32Array;
      const dims = out.length / 2;
      const sum = Array.from({ length: dims }, (_, i) => out[i] + out[dims + i]);
      const norm = Math.hypot(...sum);
      expect(face.descriptor).toHaveLength(dims);
      let worst = 0;
      for (let i = 0; i < dims; i++) worst = Math.max(worst, Math.abs(face.descriptor![i] - sum[i] / norm));
      expect(worst).toBeLessThanOrEqual(1e-6);
    }
  }, 60_000);

  it('gives each of several calls made at once the faces it gives them one by one', async () => {
    const boxes: [number, number, number, number][] = [[180, 150, 80, 80], [400, 200, 120, 120], [0, 60, 50, 60]];
    const alone = [];
    for (const box of boxes) alone.push(await runner.describeBox(photo, box));
    const [together] = await Promise.all([Promise.all(boxes.map((box) => runner.describeBox(photo, box))), runner.faces(photo)]);
    for (let i = 0; i < boxes.length; i++) {
      expect(together[i].sharpness).toBe(alone[i].sharpness);
      expect(Array.from(together[i].descriptor!)).toEqual(Array.from(alone[i].descriptor!));
    }
  }, 60_000);
});
