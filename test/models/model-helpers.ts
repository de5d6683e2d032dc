// Shared pieces of the bundled-model tests: decoding real photos into the RGB previews the engine
// feeds the models, running the ONNX files with onnxruntime-node, and loading the TF.js originals
// (the reference the converted models are checked against).
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { findModel, loadManifest, modelPath, type ModelEntry, type ModelManifest } from '../../src/main/engine/models/manifest.js';
import { preprocessForModel, stackBatch, type RgbImage } from '../../src/main/engine/models/preprocess.js';
import { loadTfjsGraphFromFiles, loadTfjsGraphFromJsModules, type TfGraph } from '../../scripts/models/tfjs-graph.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

export const MODELS_DIR = path.join(REPO_ROOT, 'resources', 'models');

/** What the media layer hands the models: an auto-rotated sRGB preview, long edge <= maxEdge. */
export async function decodePreview(file: string, maxEdge = 640): Promise<RgbImage> {
  const { data, info } = await sharp(file)
    .rotate()
    .resize(maxEdge, maxEdge, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

export async function loadBundled(): Promise<ModelManifest> {
  return loadManifest(MODELS_DIR);
}

export function openSession(entry: ModelEntry): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(modelPath(MODELS_DIR, entry), {
    executionProviders: ['cpu'],
    intraOpNumThreads: 2,
    interOpNumThreads: 1,
  });
}

/** Preprocesses `images` for `purpose` and returns the batch as an ORT feed plus the raw data. */
export async function batchFor(entry: ModelEntry, images: readonly RgbImage[], purpose: string): Promise<{ data: Float32Array; dims: number[]; feeds: Record<string, ort.Tensor> }> {
  const items = await Promise.all(images.map((img) => preprocessForModel(img, entry, purpose)));
  const { data, dims } = stackBatch(items);
  return { data, dims, feeds: { [entry.input.name]: new ort.Tensor('float32', data, dims) } };
}

export { findModel };

// ---- the TF.js originals ---------------------------------------------------------------------

/** TF.js on its WASM backend (XNNPACK; loaded from node_modules, no network) or its plain-JS CPU backend. */
export async function tfReady(backend: 'wasm' | 'cpu' = 'wasm'): Promise<void> {
  await tf.setBackend(backend);
  await tf.ready();
}

export function loadOriginalGraph(id: string): TfGraph {
  if (id === 'nsfwjs-mobilenetv2') return loadTfjsGraphFromJsModules(path.join(REPO_ROOT, 'node_modules/nsfwjs/dist/models/mobilenet_v2_mid'));
  if (id === 'centernet-coco' || id === 'centernet-coco-embed') return loadTfjsGraphFromFiles(path.join(REPO_ROOT, 'node_modules/@vladmandic/human/models/centernet.json'));
  throw new Error(`no original for ${id}`);
}

/**
 * The TF.js graph model, with its input declared [-1, -1, -1, 3] so that it accepts batches, and its
 * baked-in resize sizes (UpSampling2D at the nominal resolution) scaled by `scale` so that the
 * graph also runs at other input sizes. Weights are otherwise untouched.
 */
export async function loadTfjsReference(graph: TfGraph, scale = 1): Promise<tf.GraphModel> {
  const topology = structuredClone(graph.modelJson.modelTopology);
  const resizeSizes = new Set<string>();
  for (const n of topology.node) {
    if (n.op === 'Placeholder' && n.attr?.shape?.shape) n.attr.shape.shape.dim = [-1, -1, -1, 3].map((size) => ({ size: String(size) }));
    if (n.op === 'ResizeBilinear' || n.op === 'ResizeNearestNeighbor') resizeSizes.add(n.input![1]);
  }
  const specs = graph.modelJson.weightsManifest.flatMap((g) => g.weights);
  const weightData = graph.weightData.slice(0);
  const view = new DataView(weightData);
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const bytesPer = spec.quantization ? (spec.quantization.dtype === 'uint8' ? 1 : 2) : 4;
    if (resizeSizes.has(spec.name) && scale !== 1) {
      if (spec.dtype !== 'int32' || spec.quantization) throw new Error(`unexpected resize size weight ${spec.name}`);
      for (let i = 0; i < count; i++) view.setInt32(offset + 4 * i, Math.round(view.getInt32(offset + 4 * i, true) * scale), true);
    }
    offset += count * bytesPer;
  }
  return tf.loadGraphModel(tf.io.fromMemory({ modelTopology: topology, weightSpecs: specs, weightData }));
}

/** Runs the TF.js model on an NHWC batch; 'gap:<tensor>' asks for the mean over H and W of <tensor>. */
export async function runTfjs(model: tf.GraphModel, data: Float32Array, dims: number[], outputs: string[]): Promise<Float32Array[]> {
  const input = tf.tensor4d(data, dims as [number, number, number, number]);
  const names = outputs.map((o) => o.replace(/^gap:/, ''));
  const raw = model.execute(input, names);
  const tensors = Array.isArray(raw) ? raw : [raw];
  const results: Float32Array[] = [];
  for (let i = 0; i < outputs.length; i++) {
    const t = outputs[i].startsWith('gap:') ? tf.mean(tensors[i], [1, 2]) : tensors[i];
    results.push(Float32Array.from(await t.data()));
    if (t !== tensors[i]) t.dispose();
  }
  tf.dispose([input, ...tensors]);
  return results;
}

export { tf };

/** Largest |a - b| and largest |b| (the reference's scale). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): { diff: number; scale: number } {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return { diff, scale };
}
