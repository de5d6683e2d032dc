// Opens the two bundled models for embedding. CPU execution with few threads: the indexer runs next
// to thumbnailing and the UI on machines with as little as 2 cores.
import ort from 'onnxruntime-node';
import { findModel, loadManifest, modelPath } from '../models/manifest.js';
import type { EmbeddingSessions } from './features.js';

export const NSFW_MODEL_ID = 'nsfwjs-mobilenetv2';
export const CENTERNET_MODEL_ID = 'centernet-coco';

export async function openEmbeddingSessions(modelsDir: string, threads = 2): Promise<EmbeddingSessions> {
  const manifest = await loadManifest(modelsDir);
  const opts: ort.InferenceSession.SessionOptions = {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  };
  const nsfwEntry = findModel(manifest, NSFW_MODEL_ID);
  const cnEntry = findModel(manifest, CENTERNET_MODEL_ID);
  return {
    nsfw: { session: await ort.InferenceSession.create(modelPath(modelsDir, nsfwEntry), opts), entry: nsfwEntry },
    centernet: { session: await ort.InferenceSession.create(modelPath(modelsDir, cnEntry), opts), entry: cnEntry },
  };
}

export async function closeEmbeddingSessions(s: EmbeddingSessions): Promise<void> {
  await s.nsfw.session.release();
  await s.centernet.session.release();
}
