// The per-image RAW features Loupe stores: each bundled model's pooled mid-layer output, before any
// normalisation or whitening. Storing them raw (not the final vector) is what lets a new whitening fit
// re-project the whole library without decoding a photo or running a model again.
import type { InferenceSession } from 'onnxruntime-node';
import '../inference/no-telemetry.js'; // before any onnxruntime session: no telemetry
import ort from 'onnxruntime-node';
import type { ModelEntry } from '../models/manifest.js';
import { bytesToRange, inputSizeFor, mirrorRgb, resizeRgb, stackBatch, type ModelInputData, type RgbImage } from '../models/preprocess.js';

/** The branches of the similarity embedding, in fusion order. */
export const BRANCHES = ['mobilenet', 'centernet'] as const;
export type Branch = (typeof BRANCHES)[number];

/** Dimensions of each branch's raw feature (the models' `embed` outputs). */
export const BRANCH_DIMS: Readonly<Record<Branch, number>> = { mobilenet: 1344, centernet: 720 };

export type RawFeatures = Record<Branch, Float32Array>;

/** The two models with their manifest entries (for input size and value range). */
export interface EmbeddingSessions {
  mobilenet: { session: InferenceSession; entry: ModelEntry };
  centernet: { session: InferenceSession; entry: ModelEntry };
}

/** Which branches are flip-averaged: each image also run mirrored, the two pooled outputs averaged. */
export type FlipSetting = Readonly<Record<Branch, boolean>>;

export interface FeatureOptions {
  /**
   * Flip-averaging, per branch (or `true` / `false` for both). Measured on caltech101-dev
   * (bench/retrieval-caltech.ts): see FLIP_DEFAULT. Costs a second inference pass of each branch it is on.
   */
  flip?: boolean | FlipSetting;
}

/**
 * Flip-averaging on both branches. Measured per branch on caltech101-dev (bench/retrieval-caltech.ts, "flip-averaging
 * per branch"; mAP / P@1, fusion + DBA + QE):
 *   own-library fit:     none 0.482 / 0.642, mobilenet 0.484 / 0.632, centernet 0.490 / 0.652, both 0.491 / 0.646
 *   default whitening:   none 0.395 / 0.583, mobilenet 0.399 / 0.596, centernet 0.401 / 0.597, both 0.404 / 0.602
 * The centernet flip is the cheap one (~9 CPU ms a photo) and carries most of the find-similar gain; the mobilenet flip
 * (~17-20 CPU ms a photo, an eighth of the first pass on hires) adds 0.001-0.003 mAP. Dropping it was measured and not
 * made (issue #15, docs/models.md "Cost"): duplicate groups lost 2-3 of 25 half-picture crops a seed, and a learned tag
 * taught from 3 examples found none of the other sunflowers (test/main/engine/learn/learn-service.test.ts).
 * Changing this changes every stored feature: EMBEDDING_RECIPE_VERSION must follow (keep one setting per library:
 * the whitening is fitted on one kind).
 */
export const FLIP_DEFAULT: FlipSetting = { mobilenet: true, centernet: true };

/** The recipe of the features computeRawFeatures computes (embedding/recipe.ts). */
export { EMBEDDING_RECIPE_VERSION } from './recipe.js';

/** The per-branch setting of a FeatureOptions.flip value. */
export function flipSetting(flip: FeatureOptions['flip'] = FLIP_DEFAULT): FlipSetting {
  return typeof flip === 'boolean' ? { mobilenet: flip, centernet: flip } : flip;
}

/** Mirrors an NHWC image left-right (a flip after a 'fill' resize is, up to resampling phase, a resize after a flip). */
export function flipHorizontal(input: ModelInputData): ModelInputData {
  return { ...input, data: mirrorRgb(input.data, input.width, input.height) };
}

/** Runs one model on a batch and returns one pooled vector per input for each requested output. */
export async function runPooled(
  session: InferenceSession,
  inputName: string,
  inputs: readonly ModelInputData[],
  outputNames: readonly string[],
): Promise<Float32Array[][]> {
  const batch = stackBatch(inputs);
  const feeds = { [inputName]: new ort.Tensor('float32', batch.data, batch.dims) };
  const results = await session.run(feeds, outputNames as string[]);
  return outputNames.map((name) => {
    const t = results[name];
    const data = t.data as Float32Array;
    const dim = data.length / inputs.length;
    // copy out, so each vector owns a small buffer instead of pinning the whole batch output
    return inputs.map((_, i) => data.slice(i * dim, (i + 1) * dim));
  });
}

/** Averages each original's vector with its mirror's. */
function averagePairs(originals: Float32Array[], mirrors: Float32Array[]): Float32Array[] {
  return originals.map((a, i) => {
    const b = mirrors[i];
    const out = new Float32Array(a.length);
    for (let j = 0; j < a.length; j++) out[j] = (a[j] + b[j]) / 2;
    return out;
  });
}

async function branchFeatures(
  model: EmbeddingSessions[Branch],
  previews: readonly RgbImage[],
  flip: boolean,
): Promise<Float32Array[]> {
  const [height, width] = inputSizeFor(model.entry, 'embed');
  // resizes run concurrently on sharp's own thread pool
  const resized = await Promise.all(previews.map((p) => resizeRgb(p, width, height)));
  const inputs: ModelInputData[] = resized.map((rgb) => ({ data: bytesToRange(rgb, model.entry.input.range), width, height }));
  const [embed] = await runPooled(model.session, model.entry.input.name, inputs, ['embed']);
  if (!flip) return embed;
  // The mirrors run on their own rather than in one batch with the originals: the same vectors (the CPU provider
  // computes each image of a batch alike, bit for bit), half the activations held at once (mobilenet's run-time
  // memory at 4 images is 60 MiB, at 8 134 MiB), and no more CPU per image (issue #15, docs/models.md "Memory").
  const [mirrored] = await runPooled(model.session, model.entry.input.name, inputs.map(flipHorizontal), ['embed']);
  return averagePairs(embed, mirrored);
}

/**
 * Raw features of a batch of decoded previews (upright sRGB RGB bytes, any size; the engine's
 * 1280-px preview is plenty). One result per preview, in order.
 */
export async function computeRawFeatures(
  sessions: EmbeddingSessions,
  previews: readonly RgbImage[],
  options: FeatureOptions = {},
): Promise<RawFeatures[]> {
  if (previews.length === 0) return [];
  const flip = flipSetting(options.flip);
  const mobilenet = await branchFeatures(sessions.mobilenet, previews, flip.mobilenet);
  const centernet = await branchFeatures(sessions.centernet, previews, flip.centernet);
  return previews.map((_, i) => ({ mobilenet: mobilenet[i], centernet: centernet[i] }));
}
