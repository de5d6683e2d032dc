// Decoding rules of the centernet heads on small hand-made heatmaps, where the right answer is
// known by construction. (That the same code matches @vladmandic/human on the real network's output
// is checked in parity.test.ts.)
import { describe, expect, test } from 'vitest';
import { decodeCenternet, nonMaxSuppression, topPeaks, type Candidate, type CenternetOutputs } from '../../src/main/engine/models/centernet-decode.js';
import type { DetectionParams, ModelLabel } from '../../src/main/engine/models/manifest.js';

const H = 16, W = 16, C = 3, STRIDE = 4;
const LABELS: ModelLabel[] = [{ index: 0, en: 'person', zh: '人' }, { index: 1, en: 'dog', zh: '狗' }, { index: 2, en: 'cat', zh: '猫' }];
const PARAMS: DetectionParams = { stride: STRIDE, topK: 100, minScore: 0.2, iouThreshold: 0.4, maxDetections: 10 };

function heads(batch = 1): CenternetOutputs & { set(n: number, y: number, x: number, c: number, v: number): void; extents(n: number, y: number, x: number, e: number[]): void } {
  const heat = new Float32Array(batch * H * W * C);
  const wh = new Float32Array(batch * H * W * 4);
  return {
    heatmap: { data: heat, dims: [batch, H, W, C] },
    wh: { data: wh, dims: [batch, H, W, 4] },
    set: (n, y, x, c, v) => { heat[((n * H + y) * W + x) * C + c] = v; },
    extents: (n, y, x, e) => { wh.set(e, ((n * H + y) * W + x) * 4); },
  };
}

const decode = (out: CenternetOutputs, n = 0, params = PARAMS) =>
  decodeCenternet(out, n, { labels: LABELS, params, inputWidth: W * STRIDE, inputHeight: H * STRIDE });

describe('centernet decoding', () => {
  test('a blob on the heatmap yields one detection at its maximum, not one per cell above threshold', () => {
    const out = heads();
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) out.set(0, 8 + dy, 8 + dx, 1, 0.6);
    out.set(0, 8, 8, 1, 0.9);
    out.extents(0, 8, 8, [4, 4, 4, 4]);
    const dets = decode(out);
    expect(dets).toHaveLength(1);
    expect(dets[0]).toMatchObject({ label: 'dog', labelZh: '狗', classIndex: 1 });
    expect(dets[0].score).toBeCloseTo(0.9, 6);
  });

  test('the box is the cell centre (x * stride, y * stride) minus/plus the predicted extents, as fractions of the input', () => {
    const out = heads();
    out.set(0, 5, 6, 2, 0.8); // cell centre at x = 24, y = 20 input pixels
    out.extents(0, 5, 6, [8, 4, 12, 16]); // left, top, right, bottom
    const [d] = decode(out);
    expect(d.box[0]).toBeCloseTo((24 - 8) / 64, 6);
    expect(d.box[1]).toBeCloseTo((20 - 4) / 64, 6);
    expect(d.box[2]).toBeCloseTo((24 + 12) / 64, 6);
    expect(d.box[3]).toBeCloseTo((20 + 16) / 64, 6);
  });

  test('boxes reaching outside the input are clamped to the frame', () => {
    const out = heads();
    out.set(0, 1, 1, 0, 0.7);
    out.extents(0, 1, 1, [100, 100, 100, 100]);
    expect(decode(out)[0].box).toEqual([0, 0, 1, 1]);
  });

  test('overlapping boxes are suppressed across classes (human runs one class-agnostic NMS); distant ones are kept', () => {
    const out = heads();
    out.set(0, 8, 8, 0, 0.9);
    out.extents(0, 8, 8, [10, 10, 10, 10]);
    out.set(0, 8, 10, 2, 0.7); // 8 px to the right, same size: IoU = 12*20 / (2*400 - 240) = 0.43
    out.extents(0, 8, 10, [10, 10, 10, 10]);
    out.set(0, 1, 14, 1, 0.5); // far away
    out.extents(0, 1, 14, [2, 2, 2, 2]);
    expect(decode(out).map((d) => d.label)).toEqual(['person', 'dog']);
  });

  test('scores below minScore are dropped, and at most maxDetections are returned, strongest first', () => {
    const out = heads();
    const scores = [0.15, 0.95, 0.3, 0.5, 0.21, 0.8];
    scores.forEach((s, i) => { out.set(0, 2, 2 * i + 1, 0, s); out.extents(0, 2, 2 * i + 1, [1, 1, 1, 1]); });
    expect(decode(out).map((d) => d.score.toFixed(2))).toEqual(['0.95', '0.80', '0.50', '0.30', '0.21']);
    expect(decode(out, 0, { ...PARAMS, maxDetections: 2 }).map((d) => d.score.toFixed(2))).toEqual(['0.95', '0.80']);
  });

  test('each image of a batch is decoded from its own slice', () => {
    const out = heads(2);
    out.set(1, 3, 3, 2, 0.6);
    out.extents(1, 3, 3, [2, 2, 2, 2]);
    expect(decode(out, 0)).toEqual([]);
    expect(decode(out, 1).map((d) => d.label)).toEqual(['cat']);
  });

  test('topPeaks keeps the K best peaks of all classes; nonMaxSuppression keeps equal-score candidates in index order', () => {
    const out = heads();
    for (let i = 0; i < 6; i++) out.set(0, 10, 2 * i + 1, i % C, 0.1 * (i + 1));
    expect(topPeaks(out, 0, STRIDE, 3).map((c) => c.score.toFixed(1))).toEqual(['0.6', '0.5', '0.4']);
    const box = { x0: 0, y0: 0, x1: 10, y1: 10 };
    const cands: Candidate[] = [{ ...box, score: 0.5, classIndex: 0 }, { ...box, score: 0.5, classIndex: 1 }];
    expect(nonMaxSuppression(cands, 10, 0.4, 0.2)).toEqual([0]);
  });
});
