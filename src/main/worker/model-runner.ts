import os from 'node:os';
import '../engine/inference/no-telemetry.js'; // before any onnxruntime session: no telemetry
import ort from 'onnxruntime-node';
import { findModel, loadManifest, modelPath, type ModelEntry, type ModelManifest } from '../engine/models/manifest.js';
import { bytesToRange, resizeRgb, stackBatch } from '../engine/models/preprocess.js';
import { decodeCenternet } from '../engine/models/centernet-decode.js';
import { providerCandidates } from '../engine/inference/providers.js';
import type { DetectionResult, EmbedItemResult, InitParams, InitResult } from '../engine/inference/protocol.js';
import { openSession } from './sessions.js';
import { userModelInput, type UserModelSpec } from '../engine/models/user-model.js';
import { computeRawFeatures, type EmbeddingSessions } from '../engine/embedding/features.js';
import { CENTERNET_EMBED_MODEL_ID, CENTERNET_MODEL_ID, MOBILENET_MODEL_ID } from '../engine/embedding/sessions.js';
import type { RgbImage } from '../engine/media/rgb-image.js';

/** The detector that gives automatic tags. */
const DETECTOR = { model: CENTERNET_MODEL_ID } as const;

/**
 * The detector's input size. Measured with bench/tags-coco-caltech.ts (288 Caltech photos of 17 COCO classes):
 * micro precision / recall at the chosen threshold 0.35 were 0.90 / 0.54 at 320 px, 0.88 / 0.50 at 384 and
 * 0.88 / 0.34 at human.js's 512, and 320 costs 2.5x less than 512. Photos whose objects are small lose some recall
 * at 320; 320 keeps objects of a tenth of the frame above the network's 4-px stride several cells wide.
 */
export const DEFAULT_DETECT_SIZE = 320;

interface LoadedModel {
  entry: ModelEntry;
  session: ort.InferenceSession;
}

/** Holds the ONNX sessions of the embedding process and turns previews into features and detections. */
export class ModelRunner {
  private constructor(
    private readonly models: Map<string, LoadedModel>,
    readonly report: InitResult,
    private readonly detectSize: [number, number],
    private readonly user: { spec: UserModelSpec; session: ort.InferenceSession; oneAtATime: boolean } | null,
  ) {}

  static async create(params: InitParams): Promise<ModelRunner> {
    const manifest = await loadManifest(params.modelDirs[0]);
    // The centernet embedding comes from its backbone-only export: the full detector computes its heads on every
    // run (onnxruntime does not prune unfetched outputs), which doubles the cost of the embedding pass.
    const needed = new Set([MOBILENET_MODEL_ID, CENTERNET_EMBED_MODEL_ID, DETECTOR.model]);
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
    const detector = models.get(DETECTOR.model)!.entry;
    const side = params.detectSize ?? DEFAULT_DETECT_SIZE;
    const detectSize: [number, number] = [side, side];
    const multiple = detector.input.resize.multipleOf ?? 1;
    if (detectSize.some((v) => !Number.isInteger(v) || v <= 0 || v % multiple !== 0)) {
      throw new Error(`detector input size must be a positive multiple of ${multiple}, got ${params.detectSize}`);
    }
    let user: { spec: UserModelSpec; session: ort.InferenceSession; oneAtATime: boolean } | null = null;
    if (params.userModel) {
      const spec = params.userModel;
      const opened = await openSession(spec.file, candidates, params.threads, () => userFeeds(spec, 1));
      const probe = await opened.session.run(userFeeds(spec, 1));
      const out = probe[spec.output];
      if (!out) throw new Error(`${spec.file} has no output "${spec.output}" (it has: ${opened.session.outputNames.join(', ')})`);
      if (out.data.length !== spec.dims) throw new Error(`${spec.file} gives ${out.data.length} numbers per image, its manifest says ${spec.dims}`);
      // Many exported encoders have a fixed batch size of 1: feed those one image at a time.
      const oneAtATime = await opened.session.run(userFeeds(spec, 2)).then(() => false, () => true);
      user = { spec, session: opened.session, oneAtATime };
      report.models.push({ id: spec.id, file: spec.file, outputs: [spec.output] });
    }
    return new ModelRunner(models, report, detectSize, user);
  }

  static manifestOf(dir: string): Promise<ModelManifest> {
    return loadManifest(dir);
  }

  async embed(images: RgbImage[]): Promise<EmbedItemResult[]> {
    const sessions: EmbeddingSessions = {
      mobilenet: this.models.get(MOBILENET_MODEL_ID)!,
      centernet: this.models.get(CENTERNET_EMBED_MODEL_ID)!,
    };
    const features = await computeRawFeatures(sessions, images);
    const results: EmbedItemResult[] = features.map((f) => ({ features: { ...f }, detections: [] }));
    if (this.user) {
      const groups = this.user.oneAtATime ? images.map((img) => [img]) : [images];
      let i = 0;
      for (const group of groups) {
        for (const v of await this.runUserModel(group)) results[i++].features.user = v;
      }
    }
    const detections = await this.detect(images);
    results.forEach((r, i) => {
      r.detections = detections[i];
    });
    return results;
  }

  /** The object detector alone (the face stage's person boxes for a photo indexed before they were kept). */
  async detect(images: RgbImage[]): Promise<DetectionResult[][]> {
    const det = this.models.get(DETECTOR.model)!;
    const [h, w] = this.detectSize;
    // One image a run: the same detections as a batch (each image of a batch is computed alike, bit for bit), a
    // third of the run-time memory (34 vs 94 MiB at 4 images) and no more CPU per image (issue #15).
    const out: DetectionResult[][] = [];
    for (const image of images) {
      const outputs = await this.run(det, [h, w], [image], ['heatmap', 'wh']);
      const heads = {
        heatmap: { data: outputs.heatmap.data as Float32Array, dims: outputs.heatmap.dims },
        wh: { data: outputs.wh.data as Float32Array, dims: outputs.wh.dims },
      };
      out.push(decodeCenternet(heads, 0, {
        labels: det.entry.labels!,
        params: det.entry.detection!,
        inputWidth: w,
        inputHeight: h,
      }).map(({ label, labelZh, score, box }) => ({ label, labelZh, score, box })));
    }
    return out;
  }

  private async runUserModel(images: RgbImage[]): Promise<Float32Array[]> {
    const { spec, session } = this.user!;
    const [h, w] = spec.input.size;
    const per = h * w * 3;
    const batch = new Float32Array(per * images.length);
    for (let i = 0; i < images.length; i++) batch.set(userModelInput(await resizeRgb(images[i], w, h), spec), i * per);
    const dims = spec.input.layout === 'NHWC' ? [images.length, h, w, 3] : [images.length, 3, h, w];
    const out = (await session.run({ [spec.input.name]: new ort.Tensor('float32', batch, dims) }, [spec.output]))[spec.output];
    const data = out.data as Float32Array;
    return images.map((_, i) => data.slice(i * spec.dims, (i + 1) * spec.dims));
  }

  async release(): Promise<void> {
    await this.user?.session.release().catch(() => undefined);
    for (const m of this.models.values()) await m.session.release().catch(() => undefined);
    this.models.clear();
  }

  private async run(model: LoadedModel, [height, width]: [number, number], images: RgbImage[], fetches: string[]): Promise<ort.InferenceSession.OnnxValueMapType> {
    const inputs = await Promise.all(
      images.map(async (img) => ({ data: bytesToRange(await resizeRgb(img, width, height), model.entry.input.range), width, height })),
    );
    const batch = stackBatch(inputs);
    const tensor = new ort.Tensor('float32', batch.data, batch.dims);
    return model.session.run({ [model.entry.input.name]: tensor }, fetches);
  }
}

function userFeeds(spec: UserModelSpec, n: number): Record<string, ort.Tensor> {
  const [h, w] = spec.input.size;
  const dims = spec.input.layout === 'NHWC' ? [n, h, w, 3] : [n, 3, h, w];
  return { [spec.input.name]: new ort.Tensor('float32', new Float32Array(n * h * w * 3), dims) };
}

/** A zero image at the model's first listed size: enough to prove a provider can run the graph. */
function probeFeeds(entry: ModelEntry): Record<string, ort.Tensor> {
  const [h, w] = Object.values(entry.input.resize.sizes)[0];
  return { [entry.input.name]: new ort.Tensor('float32', new Float32Array(h * w * 3), [1, h, w, 3]) };
}
