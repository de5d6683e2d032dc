// Measures what the int8 build of a face descriptor needs from real faces: the mean of every convolution's input,
// per channel (quantize-relu6.ts corrects each bias by the mean shift that rounding the weights causes). Written to
// scripts/models/<id>-calibration.json, which build-models.ts reads, so that the build itself stays deterministic
// (the same bytes on every machine) and needs no photos.
//
// Calibration faces: the repository's own face photos (test/fixtures/faces, the Caltech "Faces" fixtures), found by
// the face stage's detector, aligned as the stage aligns them, and mirrored as the stage mirrors them. Not the
// evaluation data (faces-dev).
// Run (after npm run models:build, whose face models it uses to find the faces): npx tsx scripts/models/calibrate-relu6.ts
//
// MobileNetV2 (`npx tsx scripts/models/calibrate-relu6.ts nsfwjs-mobilenetv2-embed`): its projections are linear and
// its residual Adds are sums of them, so beside the means it measures each linear tensor's range: the photos of the
// repository's own fixtures that are not Caltech-101 (the find-similar evaluation's set): the hires wallpapers,
// kphotoalbum's, the faces', the text photos and the EXIF samples, each stretched to 224 px as the embed stage does,
// and mirrored as it mirrors them. RANGE_QUANTILE says which range.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';
import { analyzePhoto } from '../../src/main/engine/media/index.js';
import { FaceRunner, alignFace } from '../../src/main/worker/faces/face-runner.js';
import { mirrorRgb } from '../../src/main/engine/models/preprocess.js';
import sharp from 'sharp';
import { bytesToRange, resizeRgb } from '../../src/main/engine/models/preprocess.js';
import { calibrationFile, withCalibrationOutputs, withRelu6Outputs } from './quantize-relu6.js';
import { convertRecipe } from './build-models.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MODELS_DIR = path.join(ROOT, 'resources', 'models');
const FACE_PHOTOS = ['test/fixtures/faces', 'test/fixtures/photos/caltech101-dev/Faces'];
const SIZE = 224;
/** the name the converter gives the descriptor's input after its NHWC -> NCHW transpose */
const INPUT_NCHW = 'input_1__nchw';

/** Adds each channel's mean over an NCHW output (one image) to `sums[name]`. */
function addChannelMeans(sums: Record<string, Float64Array>, name: string, tensor: ort.Tensor): void {
  const [, channels, h, w] = tensor.dims;
  const data = tensor.data as Float32Array;
  sums[name] ??= new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    let s = 0;
    for (let k = 0; k < h * w; k++) s += data[c * h * w + k];
    sums[name][c] += s / (h * w);
  }
}

async function faceCrops(): Promise<Uint8Array[]> {
  const runner = await FaceRunner.create(MODELS_DIR, ['cpu'], 1);
  const crops: Uint8Array[] = [];
  try {
    for (const dir of FACE_PHOTOS) {
      for (const name of readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.jpg')).sort()) {
        const photo = await analyzePhoto(path.join(ROOT, dir, name), { mtimeMs: 0, previewEdge: 1280 });
        const image = { data: photo.preview.data, width: photo.preview.width, height: photo.preview.height, channels: 3 as const };
        for (const face of await runner.faces(image)) {
          if (!face.descriptor) continue; // too small or blurred: the stage does not describe it either
          const crop = alignFace(image, face.landmarks, SIZE);
          crops.push(crop, mirrorRgb(crop, SIZE, SIZE));
        }
      }
    }
  } finally {
    await runner.release();
  }
  return crops;
}

async function calibrate(id: string): Promise<void> {
  const crops = await faceCrops();
  const probe = withRelu6Outputs(readFileSync(path.join(MODELS_DIR, `${id}.onnx`)));
  const session = await ort.InferenceSession.create(probe.bytes, { intraOpNumThreads: 1 });
  const sums: Record<string, Float64Array> = { [INPUT_NCHW]: new Float64Array(3) };
  for (const crop of crops) {
    for (let i = 0; i < crop.length; i++) sums[INPUT_NCHW][i % 3] += crop[i] / (SIZE * SIZE);
    const out = await session.run({ input: new ort.Tensor('float32', Float32Array.from(crop), [1, SIZE, SIZE, 3]) });
    for (const name of probe.names) addChannelMeans(sums, name, out[name]);
  }
  await session.release();
  // Four significant digits: the build reads exactly these numbers, whatever machine measured them.
  const means = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, Array.from(v, (x) => Number((x / crops.length).toPrecision(4)))]));
  writeFileSync(calibrationFile(id), `${JSON.stringify({ model: id, faces: crops.length, inputMeans: means })}\n`);
  console.log(`${id}: ${crops.length} aligned faces (with mirrors), means of ${Object.keys(means).length} convolution inputs -> ${path.relative(ROOT, calibrationFile(id))}`);
}

const EMBED_PHOTOS = [
  'test/fixtures/photos/hires', 'test/fixtures/photos/robustness/kphotoalbum-demo/CategoryImages', 'test/fixtures/faces',
  'test/fixtures/text', 'test/fixtures/photos/robustness/exif-samples/jpg',
];
/** A linear tensor's range: from the RANGE_QUANTILE-th to the (1 - RANGE_QUANTILE)-th quantile of its values over
 *  every calibration image (what lies beyond saturates). */
export const RANGE_QUANTILE = Number(process.env.LOUPE_RANGE_QUANTILE ?? 1e-4);
const BINS = 4096;

async function embedInputs(size: number): Promise<Float32Array[]> {
  const inputs: Float32Array[] = [];
  for (const dir of EMBED_PHOTOS) {
    for (const name of readdirSync(path.join(ROOT, dir)).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort()) {
      let rgb: Buffer;
      try {
        const { data, info } = await sharp(path.join(ROOT, dir, name)).rotate().resize(512, 512, { fit: 'inside', withoutEnlargement: true })
          .removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
        rgb = await resizeRgb({ data, width: info.width, height: info.height, channels: 3 }, size, size);
      } catch {
        continue; // a damaged sample: the stage skips it too
      }
      const x = bytesToRange(rgb, [0, 1]);
      inputs.push(x, mirrorRgb(x, size, size));
    }
  }
  return inputs;
}

async function calibrateEmbed(id: string): Promise<void> {
  const size = 224;
  const inputs = await embedInputs(size);
  const probe = withCalibrationOutputs(convertRecipe(id));
  const session = await ort.InferenceSession.create(probe.bytes, { intraOpNumThreads: 1 });
  const run = (x: Float32Array) => session.run({ input: new ort.Tensor('float32', x, [1, size, size, 3]) });
  const sums: Record<string, Float64Array> = {};
  const lo: Record<string, number> = {};
  const hi: Record<string, number> = {};
  for (const x of inputs) {
    const out = await run(x);
    for (const name of probe.means) addChannelMeans(sums, name, out[name]);
    for (const name of probe.linear) {
      for (const v of out[name].data as Float32Array) {
        if (!(v >= (lo[name] ?? Infinity))) lo[name] = v;
        if (!(v <= (hi[name] ?? -Infinity))) hi[name] = v;
      }
    }
  }
  // second pass: a histogram over each linear tensor's whole range, for its quantiles
  const hist: Record<string, Float64Array> = Object.fromEntries(probe.linear.map((n) => [n, new Float64Array(BINS)]));
  for (const x of inputs) {
    const out = await run(x);
    for (const name of probe.linear) {
      const step = (hi[name] - lo[name]) / BINS || 1;
      for (const v of out[name].data as Float32Array) hist[name][Math.min(BINS - 1, Math.floor((v - lo[name]) / step))]++;
    }
  }
  await session.release();
  const quantileRange = (name: string): [number, number] => {
    const h = hist[name];
    const total = h.reduce((a, b) => a + b, 0);
    const step = (hi[name] - lo[name]) / BINS;
    let a = 0;
    let acc = 0;
    while (a < BINS - 1 && acc + h[a] <= total * RANGE_QUANTILE) acc += h[a++];
    let b = BINS - 1;
    acc = 0;
    while (b > 0 && acc + h[b] <= total * RANGE_QUANTILE) acc += h[b--];
    return [lo[name] + a * step, lo[name] + (b + 1) * step];
  };
  const sig = (x: number): number => Number(x.toPrecision(4));
  const means = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, Array.from(v, (x) => sig(x / inputs.length))]));
  const ranges = Object.fromEntries(probe.linear.map((n) => [n, quantileRange(n).map(sig)]));
  writeFileSync(calibrationFile(id), `${JSON.stringify({ model: id, images: inputs.length, quantile: RANGE_QUANTILE, inputMeans: means, ranges })}\n`);
  console.log(`${id}: ${inputs.length} images (with mirrors), means of ${Object.keys(means).length} convolution inputs, ranges of ${probe.linear.length} linear tensors -> ${path.relative(ROOT, calibrationFile(id))}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const id = process.argv[2] ?? 'faceres';
  await (id === 'faceres' ? calibrate(id) : calibrateEmbed(id));
}
