// The int8 face descriptor (scripts/models/quantize-relu6.ts): on real faces it describes as the float model does,
// the calibration's bias correction is what brings it that close, and a network it does not understand is refused
// rather than quantized wrongly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
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

// The int8 MobileNetV2 embedding (issue #15): its projections and residual Adds are linear, quantized over ranges
// calibrated on the repository's non-Caltech fixtures (scripts/models/nsfwjs-mobilenetv2-embed-calibration.json).
describe('int8 MobileNetV2 embedding', () => {
  const CALTECH = path.join(REPO_ROOT, 'test', 'fixtures', 'photos', 'caltech101-dev');
  const FILES = ['airplanes/image_0055.jpg', 'sunflower/image_0005.jpg', 'Motorbikes/image_0226.jpg', 'pagoda', 'watch', 'crab', 'Faces', 'minaret']
    .map((f) => (f.endsWith('.jpg') ? path.join(CALTECH, f) : path.join(CALTECH, f, fs.readdirSync(path.join(CALTECH, f)).sort()[0])));
  const FLOAT_MOBILENET = path.join(MODELS_DIR, 'nsfwjs-mobilenetv2.onnx');
  const INT8_MOBILENET = path.join(MODELS_DIR, 'nsfwjs-mobilenetv2-embed-int8.onnx');

  async function embedAll(model: string, inputs: Float32Array[], optimizedModelFilePath?: string): Promise<Float32Array[]> {
    const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, ...(optimizedModelFilePath ? { optimizedModelFilePath, graphOptimizationLevel: 'extended' } : {}) });
    try {
      const out: Float32Array[] = [];
      for (const x of inputs) out.push((await session.run({ input: new ort.Tensor('float32', x, [1, 224, 224, 3]) }, ['embed'])).embed.data as Float32Array);
      return out;
    } finally {
      await session.release();
    }
  }

  it('gives the float model\'s embedding on real photos (cosine >= 0.998), computed in QLinearConv and QLinearAdd', async () => {
    const inputs: Float32Array[] = [];
    for (const file of FILES) {
      const { data } = await sharp(file).rotate().removeAlpha().toColourspace('srgb').resize(224, 224, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
      inputs.push(Float32Array.from(data, (v) => v / 255));
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-int8-'));
    try {
      const optimized = path.join(dir, 'optimized.onnx');
      const int8 = await embedAll(INT8_MOBILENET, inputs, optimized);
      const float = await embedAll(FLOAT_MOBILENET, inputs);
      const unit = (v: Float32Array) => v.map((x) => x / Math.hypot(...v));
      // measured: min 0.9992 over 1,200 Caltech and 25 hires photos (median 0.9998); a wrong range, scale or layout
      // shows up far below
      for (const c of cosines(int8.map(unit), float.map(unit))) expect(c).toBeGreaterThan(0.998);
      // what onnxruntime runs: every convolution and residual Add in int8
      const ops = onnxOps(fs.readFileSync(optimized));
      expect(ops.QLinearConv).toBe(50);
      expect(ops.QLinearAdd).toBe(10);
      expect(ops.Conv ?? 0).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a linear convolution whose output range was not calibrated', () => {
    expect(() => quantizeRelu6Network(fs.readFileSync(FLOAT_MOBILENET), { inputRange: [0, 1] })).toThrow(/calibrated range/);
  });
});

function onnxOps(bytes: Uint8Array): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of onnxProto.onnx.ModelProto.decode(bytes).graph?.node ?? []) counts[n.opType!] = (counts[n.opType!] ?? 0) + 1;
  return counts;
}
