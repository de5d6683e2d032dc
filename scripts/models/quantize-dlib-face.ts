// dlib's face descriptor (resources/models/dlib-face.onnx, float) quantized to int8 the way faceres-int8 was
// (quantize-relu6.ts: per-channel 7-bit weights, bias correction, QDQ that onnxruntime fuses into QLinearConv and
// QLinearAdd). dlib's ResNet has plain ReLUs and residual Adds, so unlike faceres each activation's range is calibrated:
// [0, max over the calibration faces] for every ReLU (its QuantizeLinear's saturation at 0 is the ReLU), and [min,
// max] for the linear tensors (the input after its normalisation, each block's second convolution, the shortcut after
// its pooling). Calibration faces: the repository's own face fixtures (as calibrate-relu6.ts: test/fixtures/faces and
// the Caltech "Faces" fixtures), found by the face stage, warped to dlib's chip and mirrored as the stage does; not the
// evaluation data. The calibration is written to scripts/models/dlib-face-calibration.json, which build-models.ts reads
// to build dlib-face-int8.onnx byte for byte without photos.
// Run: npx tsx scripts/models/quantize-dlib-face.ts [out.onnx]   (default resources/models/dlib-face-int8.onnx; then
// npm run models:build, which writes it and its manifest entry)
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { analyzePhoto } from '../../src/main/engine/media/index.js';
import { FaceRunner, QUALITY_CROP } from '../../src/main/worker/faces/face-runner.js';
import { FaceCrop, dlibChipTemplate } from '../../src/main/worker/faces/face-crop.js';
import { buildDlibFace, quantizeDlibFace } from './build-dlib-face.js';
import { calibrationFile, type Calibration } from './quantize-relu6.js';
import { DLIB_FACE_ID, packageInfo } from './build-models.js';

const { onnx } = onnxProto;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MODELS_DIR = path.join(ROOT, 'resources', 'models');
const FACE_PHOTOS = ['test/fixtures/faces', 'test/fixtures/photos/caltech101-dev/Faces'];
const SIZE = 150;

/** Pairs of (face, mirror) chips of the faces the stage describes in the photos of `dirs` (default: the fixture
 *  faces), as the stage feeds them: [2, 150, 150, 3]. */
export async function dlibChips(files = FACE_PHOTOS.flatMap((dir) => readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.jpg')).sort().map((f) => path.join(ROOT, dir, f)))): Promise<Float32Array[]> {
  const runner = await FaceRunner.create(MODELS_DIR, ['cpu'], 1);
  const crop = new FaceCrop(QUALITY_CROP, { size: SIZE, template: dlibChipTemplate(SIZE) });
  const out: Float32Array[] = [];
  try {
    for (const file of files) {
      const photo = await analyzePhoto(file, { mtimeMs: 0, previewEdge: 1280 }).catch(() => null);
      if (!photo) continue; // undecodable: the app skips it too
      const image = { data: photo.preview.data, width: photo.preview.width, height: photo.preview.height, channels: 3 as const };
      for (const face of await runner.faces(image)) {
        if (!face.descriptor) continue;
        crop.align(image, face.landmarks);
        out.push(Float32Array.from(crop.descriptorInput()));
      }
    }
  } finally {
    await runner.release();
  }
  return out;
}

/** Calibrates on the fixture faces, writes scripts/models/dlib-face-calibration.json and the int8 model. */
export async function calibrateDlibFace(outFile: string): Promise<{ faces: number; cosines: number[] }> {
  const pkgDir = packageInfo('@vladmandic/face-api').dir;
  const bytes = buildDlibFace(pkgDir, { floatWeights: true });
  const model = onnx.ModelProto.decode(bytes);
  const g = model.graph!;
  const nodes = g.node ?? [];
  const producer = new Map(nodes.flatMap((n) => (n.output ?? []).map((o) => [o, n] as const)));
  const consumers = new Map<string, typeof nodes>();
  for (const n of nodes) for (const i of n.input ?? []) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  const convIn = [...new Set(nodes.filter((n) => n.opType === 'Conv').map((n) => n.input![0]))];
  const ranged = new Set<string>();
  for (const n of nodes) if (n.opType === 'Relu') ranged.add(n.output![0]);
  for (const n of nodes) if (n.opType === 'Conv' && (consumers.get(n.output![0]) ?? []).some((c) => c.opType !== 'Relu')) ranged.add(n.output![0]);
  for (const n of nodes) if (n.opType === 'Add') for (const i of n.input!) if (producer.get(i)?.opType !== 'Conv') ranged.add(i);
  for (const x of convIn) ranged.add(x);
  const probe = onnx.ModelProto.decode(bytes);
  for (const name of new Set([...convIn, ...ranged])) {
    probe.graph!.output!.push(onnx.ValueInfoProto.create({ name, type: onnx.TypeProto.create({ tensorType: onnx.TypeProto.Tensor.create({ elemType: onnx.TensorProto.DataType.FLOAT }) }) }));
  }
  const inputs = await dlibChips();
  const session = await ort.InferenceSession.create(onnx.ModelProto.encode(probe).finish(), { intraOpNumThreads: 1 });
  const sums: Record<string, Float64Array> = {};
  const ranges: Record<string, [number, number]> = {};
  const floats: Float32Array[] = [];
  let images = 0;
  for (const x of inputs) {
    const out = await session.run({ input: new ort.Tensor('float32', x, [2, SIZE, SIZE, 3]) });
    floats.push(out.descriptor.data as Float32Array);
    images += 2;
    for (const name of convIn) {
      const [n, c, h, w] = out[name].dims;
      const d = out[name].data as Float32Array;
      sums[name] ??= new Float64Array(c);
      for (let b = 0; b < n; b++) for (let k = 0; k < c; k++) {
        let s = 0;
        for (let i = 0; i < h * w; i++) s += d[(b * c + k) * h * w + i];
        sums[name][k] += s / (h * w);
      }
    }
    for (const name of ranged) {
      const d = out[name].data as Float32Array;
      const r = (ranges[name] ??= [Infinity, -Infinity]);
      for (let i = 0; i < d.length; i++) {
        if (d[i] < r[0]) r[0] = d[i];
        if (d[i] > r[1]) r[1] = d[i];
      }
    }
  }
  await session.release();
  // Four significant digits: the build reads exactly these numbers, whatever machine measured them.
  const r4 = (x: number): number => Number(x.toPrecision(4));
  const calibration: Calibration = {
    inputMeans: Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, Array.from(v, (s) => r4(s / images))])),
    ranges: Object.fromEntries(Object.entries(ranges).map(([k, [lo, hi]]) => [k, [r4(lo), r4(hi)]])),
  };
  writeFileSync(calibrationFile(DLIB_FACE_ID), `${JSON.stringify({ model: DLIB_FACE_ID, faces: inputs.length, ...calibration })}\n`);
  const q = quantizeDlibFace(pkgDir, calibration);
  writeFileSync(outFile, q);
  // cosine of int8 to float descriptors on the calibration faces themselves (a sanity check, not the evaluation)
  const s8 = await ort.InferenceSession.create(q, { intraOpNumThreads: 1 });
  const cosines: number[] = [];
  for (let k = 0; k < inputs.length; k++) {
    const o = (await s8.run({ input: new ort.Tensor('float32', inputs[k], [2, SIZE, SIZE, 3]) })).descriptor.data as Float32Array;
    const f = floats[k];
    let dot = 0, a = 0, b = 0;
    for (let i = 0; i < 128; i++) {
      const fi = f[i] + f[i + 128], oi = o[i] + o[i + 128];
      dot += fi * oi; a += fi * fi; b += oi * oi;
    }
    cosines.push(dot / Math.sqrt(a * b));
  }
  await s8.release();
  return { faces: inputs.length, cosines };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outFile = process.argv[2] ?? path.join(MODELS_DIR, 'dlib-face-int8.onnx');
  const { faces, cosines } = await calibrateDlibFace(outFile);
  cosines.sort((a, b) => a - b);
  console.log(`${faces} calibration faces (+ mirrors) -> ${path.relative(ROOT, outFile)}; cosine int8 to float (face + mirror mean) median ${cosines[cosines.length >> 1].toFixed(4)}, min ${cosines[0].toFixed(4)}`);
}
