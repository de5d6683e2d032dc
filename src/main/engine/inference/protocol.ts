// Messages between the engine and the embedding process (a Node child process, or Electron's utilityProcess).
// Plain structured-cloneable data only: typed arrays travel without JSON.
import type { UserModelSpec } from '../models/user-model.js';
import type { CloserCrop, DetectedFace, PersonBox } from '../faces/face-types.js';

/** 'auto' tries the platform's GPU providers, then the CPU; any other value forces that one provider. */
import type { ProviderChoice } from '../../../shared/settings.js';

import type { RgbImage } from '../media/rgb-image.js';
import type { TextTurn } from '../text/text-turn.js';

export interface InitParams {
  /** folders holding a manifest.json each: the bundled models, then the user's own (library home/models) */
  modelDirs: string[];
  provider: ProviderChoice;
  /** intra-op threads for the CPU provider */
  threads: number;
  /** the detector's square input size in pixels (a multiple of 32); default: the manifest's 'detect' size */
  detectSize?: number;
  /** the user's own embedding model, when one is installed in the library home */
  userModel?: UserModelSpec;
  /**
   * a group of models (embedding, faces, text) unused this long is released and loaded again on its next request
   * (default MODEL_IDLE_RELEASE_MS; tests set it short)
   */
  idleReleaseMs?: number;
}

/**
 * How long a group of models may sit unused in the model process before it is released: well above the gaps between
 * a pass's requests (batches and photos come every 0.1-1 s, a few seconds under a heavy load), well below the 60 s
 * after which the idle process itself stops. Reloading a group costs about a second once per pass.
 */
export const MODEL_IDLE_RELEASE_MS = 5_000;
/**
 * A group unused this long goes at once when another group's request comes (the other pass has begun): within a pass
 * one group's requests follow each other closer than this, and the passes do not interleave.
 */
export const MODEL_SWITCH_RELEASE_MS = 1_000;

/**
 * Model requests (embedding batches, faces, text) the engine has at the model process at once: one running and one
 * waiting there, so the process never idles between requests for a round trip. The rest wait in the engine, where a
 * stopped job drops them at once (InferenceClient) instead of the model process working through them first: with
 * every photo in flight queued there (8), Ctrl-C in the deep pass waited for all of them.
 */
export const MODEL_REQUESTS_IN_FLIGHT = 2;

/** The groups of models the model process loads and releases together. */
export type ModelGroup = 'embed' | 'faces' | 'text';

export interface ProviderReport {
  /** the provider the sessions run on */
  provider: string;
  /** providers tried before it and why each failed */
  fallbacks: { provider: string; reason: string }[];
}

export interface InitResult extends ProviderReport {
  models: { id: string; file: string; outputs: string[] }[];
}

export interface DetectionResult {
  label: string;
  labelZh: string;
  score: number;
  box: [number, number, number, number];
}

export interface EmbedItemResult {
  /** pooled features per branch, e.g. { mobilenet: Float32Array(1344), centernet: Float32Array(720) } */
  features: Record<string, Float32Array>;
  detections: DetectionResult[];
}

/** Text in photos (src/main/engine/text): the detector's quick look at a small preview. */
export interface TextLookResult {
  /** the detector is more sure than not of text somewhere at the look's resolution (peak >= 0.5): worth confirming */
  hasText: boolean;
  /** the largest text probability of the map, 0..1 */
  peak: number;
  /**
   * where the look saw text: its boxes (corners in fractions of the image's width and height), most certain first;
   * the recogniser confirms one before the photo is read (empty when `hasText` is false)
   */
  candidates: [number, number][][];
}

/** Whether the recogniser reads a character in one of the quick look's candidate boxes. */
export interface TextConfirmResult {
  confirmed: boolean;
  /** what it read there first (for reports), or null */
  text: string | null;
  /** the clockwise turn that makes the photo's text upright (a photo turned in its pixels): read it so turned */
  turn: TextTurn;
}

/** One recognised line, in pixels of the image that was sent. */
export interface TextLineResult {
  text: string;
  confidence: number;
  /** the line's rotated rectangle: top-left, top-right, bottom-right, bottom-left as read */
  quad: [number, number][];
}

export type WorkerRequest =
  | { id: number; type: 'init'; params: InitParams }
  | { id: number; type: 'embed'; images: RgbImage[] }
  | { id: number; type: 'textLook'; image: RgbImage }
  | { id: number; type: 'textRead'; image: RgbImage; detectEdge: number }
  | { id: number; type: 'textConfirm'; image: RgbImage; candidates: [number, number][][] }
  | { id: number; type: 'shutdown' }
  // faces (issue #12): the face models load on the first of these
  // people: where the quick pass's object detector saw persons; left out, the model process finds them
  | { id: number; type: 'faces'; image: RgbImage; people?: PersonBox[]; closer?: CloserCrop[] }
  | { id: number; type: 'describe-face'; image: RgbImage; box: [number, number, number, number] }
  // what the model process has cost so far (benchmarks: per-stage CPU, peak memory)
  | { id: number; type: 'usage' }
  // the requests `ids` are no longer wanted (a stopped job): handled on arrival, not queued; one that has not begun is
  // skipped, answered 'cancelled' (a model run already going cannot be stopped: onnxruntime-node has no terminate)
  | { id: number; type: 'cancel'; ids: number[] };

export type { DetectedFace };

/** The model process's own resource use since it started (process.cpuUsage, process.resourceUsage). */
export interface WorkerUsage {
  /** user + system CPU time, ms */
  cpuMs: number;
  /** peak resident set size, bytes */
  maxRssBytes: number;
  /** resident set size now, bytes */
  rssBytes: number;
  /** the groups of models loaded now (each is released when unused for a while: MODEL_IDLE_RELEASE_MS) */
  loaded: ModelGroup[];
}

export type WorkerResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string }
  | { type: 'log'; level: 'info' | 'warn'; message: string };
