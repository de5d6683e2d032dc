// Turns the centernet detector's raw heads into labelled boxes, reproducing what @vladmandic/human
// 3.3.6 does with the same network: the graph's own decoding (3x3 max-pool peak picking on the class
// heatmap, top 100 peaks, box = cell centre * stride -/+ the predicted extents; tower_0/detections in
// centernet.json) followed by human's src/object/centernet.ts (one class-agnostic greedy NMS,
// tf.image.nonMaxSuppression semantics: score > minScore, suppress when IoU >= iouThreshold, at most
// maxDetections). Differences from human, on purpose: the score is not truncated to 2 decimals, and
// boxes are [x0, y0, x1, y1] fractions of the input clamped to 0..1 instead of pixel [x, y, w, h].
import type { DetectionParams, ModelLabel } from './manifest.js';

export interface Detection {
  classIndex: number;
  label: string;
  labelZh: string;
  /** heatmap peak value, 0..1 */
  score: number;
  /** [x0, y0, x1, y1] as fractions of the image width and height, clamped to 0..1 */
  box: [number, number, number, number];
}

/** One output tensor as onnxruntime returns it: flat data plus dims. */
export interface RawTensor {
  data: Float32Array;
  dims: readonly number[];
}

export interface CenternetOutputs {
  /** [N, h, w, classes] sigmoid heatmap, channels last */
  heatmap: RawTensor;
  /** [N, h, w, 4] extents in input pixels: left, top, right, bottom distances from the cell centre */
  wh: RawTensor;
}

/** A decoded peak before NMS, in input pixels (the same six numbers as the graph's tower_0/detections). */
export interface Candidate {
  x0: number; y0: number; x1: number; y1: number;
  score: number;
  classIndex: number;
}

/**
 * The `topK` strongest local maxima of image `n`'s heatmap with score > `minScore`, strongest first
 * (equal scores: lower flat index first, as TF's TopK), decoded to boxes.
 * A cell is a peak when no in-bounds 3x3 neighbour of the same class is larger (TF: x == maxpool3x3(x)).
 */
export function topPeaks(out: CenternetOutputs, n: number, stride: number, topK: number, minScore = Number.NEGATIVE_INFINITY): Candidate[] {
  const [batch, h, w, classes] = out.heatmap.dims;
  if (n < 0 || n >= batch) throw new RangeError(`image ${n} not in a batch of ${batch}`);
  const whDims = out.wh.dims;
  if (whDims[1] !== h || whDims[2] !== w || whDims[3] !== 4) throw new Error(`wh dims [${whDims.join(',')}] do not match heatmap [${out.heatmap.dims.join(',')}]`);
  const heat = out.heatmap.data.subarray(n * h * w * classes, (n + 1) * h * w * classes);
  const wh = out.wh.data.subarray(n * h * w * 4, (n + 1) * h * w * 4);

  const found: { score: number; flat: number }[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const base = (y * w + x) * classes;
      for (let c = 0; c < classes; c++) {
        const v = heat[base + c];
        if (!(v > minScore) || !isPeak(heat, h, w, classes, y, x, c, v)) continue;
        found.push({ score: v, flat: base + c });
      }
    }
  }
  found.sort((a, b) => b.score - a.score || a.flat - b.flat);
  return found.slice(0, topK).map(({ score, flat }) => {
    const classIndex = flat % classes;
    const cell = (flat - classIndex) / classes;
    const x = cell % w;
    const y = (cell - x) / w;
    const cx = x * stride;
    const cy = y * stride;
    const e = wh.subarray(cell * 4, cell * 4 + 4);
    return { x0: cx - e[0], y0: cy - e[1], x1: cx + e[2], y1: cy + e[3], score, classIndex };
  });
}

function isPeak(heat: Float32Array, h: number, w: number, classes: number, y: number, x: number, c: number, v: number): boolean {
  for (let dy = -1; dy <= 1; dy++) {
    const yy = y + dy;
    if (yy < 0 || yy >= h) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx;
      if (xx < 0 || xx >= w || (dx === 0 && dy === 0)) continue;
      if (heat[(yy * w + xx) * classes + c] > v) return false;
    }
  }
  return true;
}

/** Greedy hard NMS with tf.image.nonMaxSuppression semantics; returns indices into `cands`, best first. */
export function nonMaxSuppression(cands: Candidate[], maxOutput: number, iouThreshold: number, scoreThreshold: number): number[] {
  const order = cands
    .map((c, i) => ({ score: c.score, i }))
    .filter((c) => c.score > scoreThreshold)
    .sort((a, b) => b.score - a.score || a.i - b.i);
  const selected: number[] = [];
  for (const { i } of order) {
    if (selected.length >= maxOutput) break;
    if (selected.every((j) => iou(cands[i], cands[j]) < iouThreshold)) selected.push(i);
  }
  return selected;
}

export function iou(a: Candidate, b: Candidate): number {
  const ax0 = Math.min(a.x0, a.x1), ax1 = Math.max(a.x0, a.x1), ay0 = Math.min(a.y0, a.y1), ay1 = Math.max(a.y0, a.y1);
  const bx0 = Math.min(b.x0, b.x1), bx1 = Math.max(b.x0, b.x1), by0 = Math.min(b.y0, b.y1), by1 = Math.max(b.y0, b.y1);
  const areaA = (ax1 - ax0) * (ay1 - ay0);
  const areaB = (bx1 - bx0) * (by1 - by0);
  if (areaA <= 0 || areaB <= 0) return 0;
  const inter = Math.max(Math.min(ay1, by1) - Math.max(ay0, by0), 0) * Math.max(Math.min(ax1, bx1) - Math.max(ax0, bx0), 0);
  return inter / (areaA + areaB - inter);
}

export interface DecodeOptions {
  labels: readonly ModelLabel[];
  params: DetectionParams;
  /** the size of the tensor fed to the model (not of the photo): boxes are normalised by it */
  inputWidth: number;
  inputHeight: number;
}

/** Detections for image `n` of a batch, best first. */
export function decodeCenternet(out: CenternetOutputs, n: number, opts: DecodeOptions): Detection[] {
  const { params, labels, inputWidth, inputHeight } = opts;
  const [, h, w, classes] = out.heatmap.dims;
  if (h * params.stride !== inputHeight || w * params.stride !== inputWidth) {
    throw new Error(`heatmap ${w}x${h} does not match input ${inputWidth}x${inputHeight} at stride ${params.stride}`);
  }
  if (labels.length !== classes) throw new Error(`${labels.length} labels for ${classes} heatmap classes`);
  // Peaks at or below minScore can never survive NMS, so they are not collected (same result, less work).
  const cands = topPeaks(out, n, params.stride, params.topK, params.minScore);
  const keep = nonMaxSuppression(cands, params.maxDetections, params.iouThreshold, params.minScore);
  const clamp = (v: number): number => Math.min(1, Math.max(0, v));
  return keep.map((i) => {
    const c = cands[i];
    const label = labels[c.classIndex];
    return {
      classIndex: c.classIndex,
      label: label.en,
      labelZh: label.zh,
      score: c.score,
      box: [clamp(c.x0 / inputWidth), clamp(c.y0 / inputHeight), clamp(c.x1 / inputWidth), clamp(c.y1 / inputHeight)],
    };
  });
}
