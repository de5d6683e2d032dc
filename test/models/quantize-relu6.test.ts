// The int8 face descriptor (scripts/models/quantize-relu6.ts): on real faces it describes as the float model does,
// the calibration's bias correction is what brings it that close, and a network it does not understand is refused
// rather than quantized wrongly.
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInputMeans, quantizeRelu6Network } from '../../scripts/models/quantize-relu6.js';
import { FaceRunner, alignFace } from '../../src/main/worker/faces/face-runner.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { MODELS_DIR } from './model-helpers.js';

const PHOTOS = ['jesper-2.jpg', 'donna-2.jpg', 'qt-logo.jpg', 'anne-helene.jpg'].map((f) => path.join(REPO_ROOT, 'test', 'fixtures', 'faces', f));
const FLOAT = fs.readFileSync(path.join(MODELS_DIR, 'faceres.onnx'));

async function describeAll(model: Uint8Array, crops: Uint8Array[]): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  try {
    const out: Float32Array[] = [];
    for (const crop of crops) {
      const d = (await session.run({ input: new ort.Tensor('float32', Float32Array.from(crop), [1, 224, 224, 3]) })).descriptor.data as Float32Array;
      const n = Math.hypot(...d);
      out.push(d.map((v) => v / n));
    }
    return out;
  } finally {
    await session.release();
  }
}

const cosines = (a: Float32Array[], b: Float32Array[]): number[] => a.map((x, i) => x.reduce((s, v, k) => s + v * b[i][k], 0));

describe('int8 face descriptor', () => {
  let crops: Uint8Array[];
  let reference: Float32Array[];
  beforeAll(async () => {
    const runner = await FaceRunner.create(MODELS_DIR, ['cpu'], 1);
    crops = [];
    for (const file of PHOTOS) {
      const { data, info } = await sharp(file).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const image = { data, width: info.width, height: info.height, channels: 3 as const };
      for (const face of await runner.faces(image)) if (face.descriptor) crops.push(alignFace(image, face.landmarks, 224));
    }
    await runner.release();
    reference = await describeAll(FLOAT, crops);
  }, 60_000);

  it('describes real faces as the float model does (cosine >= 0.99), and runs as QLinearConv-able QDQ', async () => {
    expect(crops.length).toBeGreaterThanOrEqual(5);
    const shipped = fs.readFileSync(path.join(MODELS_DIR, 'faceres-int8.onnx'));
    const cos = cosines(await describeAll(shipped, crops), reference);
    // measured: >= 0.994 on LFW faces; a wrong scale, layout or bias shows up far below
    for (const c of cos) expect(c).toBeGreaterThan(0.99);
    // the weights are int8: a quarter of the float file, give or take the scales
    expect(shipped.length).toBeLessThan(FLOAT.length * 0.3);
  }, 60_000);

  it('the bias correction from the calibration means is what brings it that close', async () => {
    const inputMeans = loadInputMeans('faceres');
    expect(inputMeans).toBeDefined();
    const plain = quantizeRelu6Network(FLOAT, { inputRange: [0, 255] });
    const corrected = quantizeRelu6Network(FLOAT, { inputRange: [0, 255], inputMeans });
    expect(corrected.convs).toBe(27);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const plainCos = mean(cosines(await describeAll(plain.bytes, crops), reference));
    const correctedCos = mean(cosines(await describeAll(corrected.bytes, crops), reference));
    // measured on LFW (median): 0.924 -> 0.997, the remaining error shrinks more than twentyfold
    expect(1 - correctedCos).toBeLessThan((1 - plainCos) * 0.6);
  }, 60_000);

  it('refuses a network whose convolutions are not followed by ReLU6', () => {
    expect(() => quantizeRelu6Network(fs.readFileSync(path.join(MODELS_DIR, 'blazeface-back.onnx')), { inputRange: [-1, 1] })).toThrow(/ReLU6/);
  });
});
