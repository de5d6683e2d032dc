import os from 'node:os';
import ort from 'onnxruntime-node';
import { findModel, loadManifest, modelPath, type ModelEntry, type ModelManifest } from '../engine/models/manifest.js';
import { inputSizeFor, preprocessForModel, stackBatch, type RgbImage } from '../engine/models/preprocess.js';
import { decodeCenternet } from '../engine/models/centernet-decode.js';
import { providerCandidates } from '../engine/inference/providers.js';
import type { EmbedItemResult, InitParams, InitResult, PreviewImage } from '../engine/inference/protocol.js';
import { openSession } from './sessions.js';
import { computeRawFeatures, type EmbeddingSessions } from '../engine/embedding/features.js';
import { CENTERNET_MODEL_ID, NSFW_MODEL_ID } from '../engine/embedding/sessions.js';

/** The detector that gives automatic tags, and the input size it runs at. */
const DETECTOR = { model: CENTERNET_MODEL_ID, purpose: 'detect' } as const;

interface LoadedModel {
  entry: ModelEntry;
  session: ort.InferenceSession;
}

/** Holds the ONNX sessions of the embedding process and turns previews into features and detections. */
export class ModelRunner {
  private constructor(
    private readonly models: Map<string, LoadedModel>,
    readonly report: InitResult,
  ) {}

  static async create(params: InitParams): Promise<ModelRunner> {
    const manifest = await loadManifest(params.modelDirs[0]);
    const needed = new Set([NSFW_MODEL_ID, CENTERNET_MODEL_ID, DETECTOR.model]);
    const cudaAvailable = false; // onnxruntime-node's npm package ships no CUDA provider library by default
    let candidates = providerCandidates(params.provider, os.platform(), cudaAvailable);
    const models = new Map<string, LoadedModel>();
    let provider = 'cpu';
    const fallbacks: InitResult['fallbacks'] = [];
    for (const id of needed) {
      const entry = findModel(manifest, id);
      const opened = await openSession(modelPath(params.modelDirs[0], entry), candidates, params.threads, () => probeFeeds(entry));
      models.set(id, { entry, session: opened.session });
      fallbacks.push(...opened.fallbacks.filter((f) => !fallbacks.some((g) => g.provider === f.provider)));
      provider = opened.provider;
      // Providers that failed on one model are not retried on the next.
      candidates = candidates.slice(candidates.indexOf(opened.provider));
    }
    const report: InitResult = {
      provider,
      fallbacks,
      models: [...models.values()].map(({ entry }) => ({ id: entry.id, file: entry.file, outputs: entry.outputs.map((o) => o.name) })),
    };
    return new ModelRunner(models, report);
  }

  static manifestOf(dir: string): Promise<ModelManifest> {
    return loadManifest(dir);
  }

  async embed(images: PreviewImage[]): Promise<EmbedItemResult[]> {
    const rgb: RgbImage[] = images.map((i) => ({ data: i.data, width: i.width, height: i.height, channels: 3 }));
    const sessions: EmbeddingSessions = {
      nsfw: this.models.get(NSFW_MODEL_ID)!,
      centernet: this.models.get(CENTERNET_MODEL_ID)!,
    };
    const features = await computeRawFeatures(sessions, rgb);
    const results: EmbedItemResult[] = features.map((f) => ({ features: { ...f }, detections: [] }));
    const det = this.models.get(DETECTOR.model)!;
    const [h, w] = inputSizeFor(det.entry, DETECTOR.purpose);
    const outputs = await this.run(det, DETECTOR.purpose, rgb, ['heatmap', 'wh']);
    const heads = {
      heatmap: { data: outputs.heatmap.data as Float32Array, dims: outputs.heatmap.dims },
      wh: { data: outputs.wh.data as Float32Array, dims: outputs.wh.dims },
    };
    results.forEach((r, i) => {
      r.detections = decodeCenternet(heads, i, {
        labels: det.entry.labels!,
        params: det.entry.detection!,
        inputWidth: w,
        inputHeight: h,
      }).map(({ label, labelZh, score, box }) => ({ label, labelZh, score, box }));
    });
    return results;
  }

  async release(): Promise<void> {
    for (const m of this.models.values()) await m.session.release().catch(() => undefined);
    this.models.clear();
  }

  private async run(model: LoadedModel, purpose: string, images: RgbImage[], fetches: string[]): Promise<ort.InferenceSession.OnnxValueMapType> {
    const inputs = await Promise.all(images.map((img) => preprocessForModel(img, model.entry, purpose)));
    const batch = stackBatch(inputs);
    const tensor = new ort.Tensor('float32', batch.data, batch.dims);
    return model.session.run({ [model.entry.input.name]: tensor }, fetches);
  }
}

/** A zero image at the model's first listed size: enough to prove a provider can run the graph. */
function probeFeeds(entry: ModelEntry): Record<string, ort.Tensor> {
  const [h, w] = Object.values(entry.input.resize.sizes)[0];
  return { [entry.input.name]: new ort.Tensor('float32', new Float32Array(h * w * 3), [1, h, w, 3]) };
}
