// Opens the two bundled models for embedding. CPU execution with few threads: the indexer runs next
// to thumbnailing and the UI on machines with as little as 2 cores.
import '../inference/no-telemetry.js'; // before any onnxruntime session: no telemetry
import ort from 'onnxruntime-node';
import { findModel, loadManifest, modelPath } from '../models/manifest.js';
import type { EmbeddingSessions } from './features.js';

/** The MobileNetV2 feature branch's model: the network cut after its `embed` pool and quantized to int8 (issue #15:
 *  ~5 instead of ~17 CPU ms an image, cosine to the float features 0.999; docs/models.md "int8 MobileNetV2"). Its
 *  weights come from the nsfwjs package, and its id and file keep that name; the branch is named after its role. */
export const MOBILENET_MODEL_ID = 'nsfwjs-mobilenetv2-embed-int8';
/** The float network it is built from and measured against (it also has the `feature` and `nsfw` outputs). */
export const MOBILENET_FLOAT_MODEL_ID = 'nsfwjs-mobilenetv2';
/** The full detector (auto-tags). Its own `embed` output is backbone block 14's, not what the embedding stores. */
export const CENTERNET_MODEL_ID = 'centernet-coco';
/** The detector's backbone up to block 13 (the `embed` output the centernet branch stores; issues #11, #15). */
export const CENTERNET_EMBED_MODEL_ID = 'centernet-coco-embed';

/** `mobilenet`: which MobileNetV2 file (the benches compare the float reference; the engine runs the default). */
export async function openEmbeddingSessions(modelsDir: string, threads = 2, mobilenet = MOBILENET_MODEL_ID): Promise<EmbeddingSessions> {
  const manifest = await loadManifest(modelsDir);
  const opts: ort.InferenceSession.SessionOptions = {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  };
  const mobilenetEntry = findModel(manifest, mobilenet);
  // never the detector's `embed` in its place: that is block 14, another recipe (EMBEDDING_RECIPE_VERSION)
  const cnEntry = findModel(manifest, CENTERNET_EMBED_MODEL_ID);
  return {
    mobilenet: { session: await ort.InferenceSession.create(modelPath(modelsDir, mobilenetEntry), opts), entry: mobilenetEntry },
    centernet: { session: await ort.InferenceSession.create(modelPath(modelsDir, cnEntry), opts), entry: cnEntry },
  };
}

export async function closeEmbeddingSessions(s: EmbeddingSessions): Promise<void> {
  await s.mobilenet.session.release();
  await s.centernet.session.release();
}
