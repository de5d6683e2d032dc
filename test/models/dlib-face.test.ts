// dlib's face recognition network, written as ONNX by scripts/models/build-dlib-face.ts, must compute what
// @vladmandic/face-api computes from the same weights (its FaceRecognitionNet in TF.js), on real faces and on smooth
// synthetic images. Measured: max |diff| about 4e-6 for outputs of about 0.3 (the weights are dequantized and
// folded in a different order); a mistake in a layer (padding, a shortcut, a layout) shows at 1e-2 and more.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ModelManifest } from '../../src/main/engine/models/manifest.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { findModel, loadBundled, maxAbsDiff, openSession } from './model-helpers.js';
import ort from 'onnxruntime-node';

const require = createRequire(import.meta.url);
const PKG = path.join(REPO_ROOT, 'node_modules', '@vladmandic', 'face-api');

interface FaceApi {
  tf: {
    setBackend(name: string): Promise<boolean>;
    ready(): Promise<void>;
    io: { decodeWeights(buffer: ArrayBuffer, specs: unknown[]): Record<string, unknown> };
    tensor3d(values: Float32Array, shape: [number, number, number]): { dispose(): void };
  };
  nets: { faceRecognitionNet: { loadFromWeightMap(map: Record<string, unknown>): void; computeFaceDescriptor(input: unknown): Promise<Float32Array> } };
}

let faceapi: FaceApi;
let manifest: ModelManifest;

beforeAll(async () => {
  faceapi = require(path.join(PKG, 'dist', 'face-api.node-wasm.js')) as FaceApi;
  await faceapi.tf.setBackend('cpu');
  await faceapi.tf.ready();
  const dir = path.join(PKG, 'model');
  const groups = JSON.parse(fs.readFileSync(path.join(dir, 'face_recognition_model-weights_manifest.json'), 'utf8')) as { paths: string[]; weights: unknown[] }[];
  const bytes = Buffer.concat(groups.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(dir, p)))));
  const weights = faceapi.tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), groups.flatMap((g) => g.weights));
  faceapi.nets.faceRecognitionNet.loadFromWeightMap(weights);
  manifest = await loadBundled();
}, 60_000);

async function faceChips(): Promise<Float32Array[]> {
  const chips: Float32Array[] = [];
  for (const file of ['jesper.jpg', 'anne-helene.jpg'].map((f) => path.join(REPO_ROOT, 'test', 'fixtures', 'faces', f)).filter((f) => fs.existsSync(f))) {
    const { data } = await sharp(file).rotate().resize(150, 150, { fit: 'cover' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    chips.push(Float32Array.from(data));
  }
  for (let k = 0; k < 2; k++) {
    const a = new Float32Array(150 * 150 * 3);
    for (let y = 0; y < 150; y++) {
      for (let x = 0; x < 150; x++) {
        for (let c = 0; c < 3; c++) a[(y * 150 + x) * 3 + c] = Math.round(127.5 + 127.5 * Math.sin(x * 0.05 * (k + 1) + c) * Math.cos(y * 0.07 + k * c));
      }
    }
    chips.push(a);
  }
  return chips;
}

describe('dlib-face matches face-api\'s FaceRecognitionNet', () => {
  test('128-d descriptors to 1e-4 of the output scale', async () => {
    const entry = findModel(manifest, 'dlib-face');
    expect(entry.input.shape).toEqual(['N', 150, 150, 3]);
    const session = await openSession(entry);
    try {
      const chips = await faceChips();
      expect(chips).toHaveLength(4);
      for (const chip of chips) {
        const t = faceapi.tf.tensor3d(chip, [150, 150, 3]);
        const ref = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(t);
        t.dispose();
        const out = (await session.run({ [entry.input.name]: new ort.Tensor('float32', chip, [1, 150, 150, 3]) })).descriptor.data as Float32Array;
        expect(out).toHaveLength(128);
        const { diff, scale } = maxAbsDiff(out, ref);
        expect(scale).toBeGreaterThan(0.05);
        expect(diff).toBeLessThanOrEqual(1e-4 * scale);
      }
    } finally {
      await session.release();
    }
  }, 120_000);
});
