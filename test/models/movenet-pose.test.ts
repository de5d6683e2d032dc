// MoveNet lightning as the face stage runs it: the converted graph's heads (before the graph's own decoding, which the
// converter does not take) decoded in TypeScript (pose-keypoints.ts: decodeSinglePose) must give the keypoints the
// whole TF.js graph gives, on a real photo; and they must sit where the person's face is.
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, test } from 'vitest';
import { decodeSinglePose, KEYPOINT, type Keypoint } from '../../src/main/engine/faces/pose-keypoints.js';
import { POSE_MODEL_ID } from '../../src/main/engine/faces/face-types.js';
import { loadTfjsGraphFromFiles } from '../../scripts/models/tfjs-graph.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { findModel, loadBundled, loadTfjsReference, openSession, tf, tfReady } from './model-helpers.js';
import * as ort from 'onnxruntime-node';

const SIZE = 192;

/** A fixture portrait (anne-helene.jpg, 373 x 560: a woman facing the camera) stretched to 192 x 192, as bytes. */
async function portrait(): Promise<Uint8Array> {
  return sharp(path.join(REPO_ROOT, 'test', 'fixtures', 'faces', 'anne-helene.jpg'))
    .resize(SIZE, SIZE, { fit: 'fill' }).removeAlpha().raw().toBuffer();
}

async function onnxKeypoints(bytes: Uint8Array): Promise<Keypoint[]> {
  const entry = findModel(await loadBundled(), POSE_MODEL_ID);
  const session = await openSession(entry);
  try {
    const out = await session.run({ [entry.input.name]: new ort.Tensor('float32', Float32Array.from(bytes), [1, SIZE, SIZE, 3]) });
    return decodeSinglePose({
      heatmap: out.heatmap.data as Float32Array,
      centre: out.centre.data as Float32Array,
      regress: out.regress.data as Float32Array,
      offset: out.offset.data as Float32Array,
      grid: out.heatmap.dims[1],
    });
  } finally {
    await session.release();
  }
}

/** The original graph, decoding included: [1, 1, 17, 3] of (y, x, score). */
async function tfjsKeypoints(bytes: Uint8Array): Promise<Keypoint[]> {
  const graph = loadTfjsGraphFromFiles(path.join(REPO_ROOT, 'node_modules', '@vladmandic', 'human', 'models', 'movenet-lightning.json'));
  const model = await loadTfjsReference(graph);
  const input = tf.tensor4d(Int32Array.from(bytes), [1, SIZE, SIZE, 3], 'int32');
  const out = model.execute(input, 'Identity') as tf.Tensor;
  const data = await out.data();
  tf.dispose([input, out]);
  return Array.from({ length: 17 }, (_, k) => ({ y: data[3 * k], x: data[3 * k + 1], score: data[3 * k + 2] }));
}

describe('MoveNet lightning (pose model of the profile look)', () => {
  beforeAll(() => tfReady('cpu'));

  test('the converted heads, decoded in TypeScript, give the keypoints of the TF.js graph', async () => {
    const bytes = await portrait();
    const [ours, ref] = [await onnxKeypoints(bytes), await tfjsKeypoints(bytes)];
    for (let k = 0; k < 17; k++) {
      // same cells chosen (a different argmax would move a keypoint by a whole cell, 1/48)
      expect(Math.abs(ours[k].x - ref[k].x), `keypoint ${k} x`).toBeLessThan(1e-3);
      expect(Math.abs(ours[k].y - ref[k].y), `keypoint ${k} y`).toBeLessThan(1e-3);
      expect(Math.abs(ours[k].score - ref[k].score), `keypoint ${k} score`).toBeLessThan(1e-3);
    }
  }, 60_000);

  test('places the head keypoints on the face of a portrait', async () => {
    const kps = await onnxKeypoints(await portrait());
    const { nose, leftEye, rightEye, leftEar, rightEar } = KEYPOINT;
    // the face of anne-helene.jpg spans about x 130-210, y 142-222 of its 373 x 560 px
    const face = { x0: 130 / 373, x1: 210 / 373, y0: 142 / 560, y1: 222 / 560 };
    for (const k of [nose, leftEye, rightEye]) {
      expect(kps[k].score, `keypoint ${k}`).toBeGreaterThan(0.3);
      expect(kps[k].x).toBeGreaterThan(face.x0);
      expect(kps[k].x).toBeLessThan(face.x1);
      expect(kps[k].y).toBeGreaterThan(face.y0);
      expect(kps[k].y).toBeLessThan(face.y1);
    }
    // she faces the camera: her right eye and ear are on the image's left, the eyes above the nose
    expect(kps[rightEye].x).toBeLessThan(kps[leftEye].x);
    expect(kps[rightEar].x).toBeLessThan(kps[leftEar].x);
    expect(Math.max(kps[leftEye].y, kps[rightEye].y)).toBeLessThan(kps[nose].y);
  }, 60_000);
});
