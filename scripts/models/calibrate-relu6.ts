// Measures what the int8 build of a face descriptor needs from real faces: the mean of every convolution's input,
// per channel (quantize-relu6.ts corrects each bias by the mean shift that rounding the weights causes). Written to
// scripts/models/<id>-calibration.json, which build-models.ts reads, so that the build itself stays deterministic
// (the same bytes on every machine) and needs no photos.
//
// Calibration faces: the repository's own face photos (test/fixtures/faces, the Caltech "Faces" fixtures), found by
// the face stage's detector, aligned as the stage aligns them, and mirrored as the stage mirrors them. Not the
// evaluation data (faces-dev).
// Run (after npm run models:build, whose face models it uses to find the faces): npx tsx scripts/models/calibrate-relu6.ts
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';
import { analyzePhoto } from '../../src/main/engine/media/index.js';
import { FaceRunner, alignFace } from '../../src/main/worker/faces/face-runner.js';
import { mirrorRgb } from '../../src/main/engine/models/preprocess.js';
import { calibrationFile, withRelu6Outputs } from './quantize-relu6.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MODELS_DIR = path.join(ROOT, 'resources', 'models');
const FACE_PHOTOS = ['test/fixtures/faces', 'test/fixtures/photos/caltech101-dev/Faces'];
const SIZE = 224;
/** the name the converter gives the descriptor's input after its NHWC -> NCHW transpose */
const INPUT_NCHW = 'input_1__nchw';

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
    for (const name of probe.names) {
      const [, channels, h, w] = out[name].dims;
      const data = out[name].data as Float32Array;
      sums[name] ??= new Float64Array(channels);
      for (let c = 0; c < channels; c++) {
        let s = 0;
        for (let k = 0; k < h * w; k++) s += data[c * h * w + k];
        sums[name][c] += s / (h * w);
      }
    }
  }
  await session.release();
  // Four significant digits: the build reads exactly these numbers, whatever machine measured them.
  const means = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, Array.from(v, (x) => Number((x / crops.length).toPrecision(4)))]));
  writeFileSync(calibrationFile(id), `${JSON.stringify({ model: id, faces: crops.length, inputMeans: means })}\n`);
  console.log(`${id}: ${crops.length} aligned faces (with mirrors), means of ${Object.keys(means).length} convolution inputs -> ${path.relative(ROOT, calibrationFile(id))}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await calibrate('faceres');
