// The converted ONNX models must compute what the TF.js originals compute, on real photos.
//
// Tolerance: max |onnx - tfjs| <= 5e-4 x (largest |tfjs| value of that output). Both run float32 but
// sum in different orders (MLAS vs XNNPACK), which over ~50 layers leaves ~1e-6 relative error
// (measured: <= 2e-5, the box-extent head being the worst); a conversion mistake (padding, layout,
// weight order, a missing activation) shows up at 1e-2..1 relative. 5e-4 sits well between the two.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type * as ort from 'onnxruntime-node';
import { decodeCenternet, type CenternetOutputs } from '../../src/main/engine/models/centernet-decode.js';
import type { ModelEntry, ModelManifest } from '../../src/main/engine/models/manifest.js';
import type { RgbImage } from '../../src/main/engine/models/preprocess.js';
import { TENSORS } from '../../scripts/models/build-models.js';
import { caltechSample, copyPhotos, makeTempDir } from '../helpers/fixtures.js';
import {
  batchFor, decodePreview, findModel, loadBundled, loadOriginalGraph, loadTfjsReference, maxAbsDiff, openSession, runTfjs, tf, tfReady,
} from './model-helpers.js';

const REL_TOLERANCE = 5e-4;

const PHOTOS = [
  ...caltechSample(['Motorbikes', 'airplanes', 'Faces', 'car_side'], 1),
  'hires/lomiri16__friends_by_Aitzol_Berasategi.jpg',
  'hires/plasma__Kite.jpg',
  'hires/lxqt__drop.png',
  'hires/mate__GreenMeadow.jpg',
];

let tmp: ReturnType<typeof makeTempDir>;
let images: RgbImage[];
let manifest: ModelManifest;

beforeAll(async () => {
  tmp = makeTempDir('loupe-models-');
  const files = copyPhotos(PHOTOS, tmp.dir);
  images = await Promise.all(files.map((f) => decodePreview(f)));
  manifest = await loadBundled();
  await tfReady();
});

afterAll(() => tmp?.cleanup());

function expectClose(name: string, onnx: ArrayLike<number>, ref: ArrayLike<number>): void {
  const { diff, scale } = maxAbsDiff(onnx, ref);
  console.log(`  ${name}: max |diff| ${diff.toExponential(2)} (output scale ${scale.toPrecision(3)})`);
  expect(scale, `${name} is all zeros`).toBeGreaterThan(0);
  expect(diff, name).toBeLessThanOrEqual(REL_TOLERANCE * scale);
}

async function runOnnx(entry: ModelEntry, feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = await openSession(entry);
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

describe('converted models match their TF.js originals on real photos', () => {
  test('nsfwjs-mobilenetv2 (224 px): embed, feature and nsfw outputs', async () => {
    const entry = findModel(manifest, 'nsfwjs-mobilenetv2');
    const { data, dims, feeds } = await batchFor(entry, images, 'embed');
    expect(dims).toEqual([8, 224, 224, 3]);
    const out = await runOnnx(entry, feeds);
    const ref = await runTfjs(await loadTfjsReference(loadOriginalGraph(entry.id)), data, dims, [
      `gap:${TENSORS.nsfwBlock16Depthwise}`, TENSORS.nsfwFeature, TENSORS.nsfwProbs,
    ]);
    expect(out.embed.dims).toEqual([8, 1344]);
    expect(out.feature.dims).toEqual([8, 1792]);
    expect(out.nsfw.dims).toEqual([8, 5]);
    expectClose('nsfwjs embed', out.embed.data as Float32Array, ref[0]);
    expectClose('nsfwjs feature', out.feature.data as Float32Array, ref[1]);
    expectClose('nsfwjs nsfw', out.nsfw.data as Float32Array, ref[2]);
  });

  test('centernet-coco and centernet-coco-embed at 256 px (the embedding size): embed (block 14 and block 13) and both heads', async () => {
    const entry = findModel(manifest, 'centernet-coco');
    const backbone = findModel(manifest, 'centernet-coco-embed');
    const { data, dims, feeds } = await batchFor(entry, images, 'embed');
    expect(dims).toEqual([8, 256, 256, 3]);
    const out = await runOnnx(entry, feeds);
    const embedOnly = await runOnnx(backbone, (await batchFor(backbone, images, 'embed')).feeds);
    // The TF.js graph was frozen at 512 px: its up-sampling sizes are scaled to run it at 256.
    const ref = await runTfjs(await loadTfjsReference(loadOriginalGraph(entry.id), 256 / 512), data, dims, [
      `gap:${TENSORS.centernetBlock14Depthwise}`, TENSORS.centernetHeatmap, TENSORS.centernetWh, `gap:${TENSORS.centernetBlock13Depthwise}`,
    ]);
    expect(out.embed.dims).toEqual([8, 720]);
    expect(embedOnly.embed.dims).toEqual([8, 720]);
    expect(out.heatmap.dims).toEqual([8, 64, 64, 80]);
    expect(out.wh.dims).toEqual([8, 64, 64, 4]);
    expect(Object.keys(embedOnly)).toEqual(['embed']);
    expectClose('centernet@256 embed', out.embed.data as Float32Array, ref[0]);
    // the backbone model's embed is block 13's (what the embedding stores, issues #11, #15), the detector's block 14's
    expectClose('centernet-embed@256 embed (block 13)', embedOnly.embed.data as Float32Array, ref[3]);
    expectClose('centernet@256 heatmap', out.heatmap.data as Float32Array, ref[1]);
    expectClose('centernet@256 wh', out.wh.data as Float32Array, ref[2]);
  });

  test('centernet-coco at 512 px: embed, heads, and detections decoded as @vladmandic/human decodes them', async () => {
    const entry = findModel(manifest, 'centernet-coco');
    const { data, dims, feeds } = await batchFor(entry, images, 'detect');
    expect(dims).toEqual([8, 512, 512, 3]);
    const out = await runOnnx(entry, feeds);
    const model = await loadTfjsReference(loadOriginalGraph(entry.id));
    const per = 512 * 512 * 3;
    const refEmbed = new Float32Array(out.embed.data.length);
    const refHeat = new Float32Array(out.heatmap.data.length);
    const refWh = new Float32Array(out.wh.data.length);
    const heads: CenternetOutputs = { heatmap: out.heatmap as CenternetOutputs['heatmap'], wh: out.wh as CenternetOutputs['wh'] };
    let compared = 0;
    for (let i = 0; i < images.length; i++) {
      // The graph's own decoding (TopK etc.) is written for batch 1, so the reference runs image by image.
      const [embed, heat, wh, detections] = await runTfjs(model, data.subarray(i * per, (i + 1) * per), [1, 512, 512, 3], [
        `gap:${TENSORS.centernetBlock14Depthwise}`, TENSORS.centernetHeatmap, TENSORS.centernetWh, 'tower_0/detections',
      ]);
      refEmbed.set(embed, i * embed.length);
      refHeat.set(heat, i * heat.length);
      refWh.set(wh, i * wh.length);

      const expected = await humanPostprocess(detections, entry);
      const actual = decodeCenternet(heads, i, { labels: entry.labels!, params: entry.detection!, inputWidth: 512, inputHeight: 512 });
      expect(actual.map((d) => d.label), `image ${i}`).toEqual(expected.map((d) => d.label));
      actual.forEach((d, k) => {
        expect(Math.abs(d.score - expected[k].score)).toBeLessThan(1e-4);
        d.box.forEach((v, j) => expect(Math.abs(v - expected[k].box[j])).toBeLessThan(1e-4));
      });
      compared += actual.length;
    }
    expect(compared, 'no detection at all to compare').toBeGreaterThanOrEqual(4);
    expectClose('centernet@512 embed', out.embed.data as Float32Array, refEmbed);
    expectClose('centernet@512 heatmap', out.heatmap.data as Float32Array, refHeat);
    expectClose('centernet@512 wh', out.wh.data as Float32Array, refWh);
  });
});

/**
 * human 3.3.6 src/object/centernet.ts process(), on the graph's tower_0/detections [1, 100, 6]
 * (x0, y0, x1, y1 in input pixels, score, class), with tf.image.nonMaxSuppressionAsync itself.
 * Boxes are returned as clamped fractions, like decodeCenternet's.
 */
async function humanPostprocess(detections: Float32Array, entry: ModelEntry): Promise<{ label: string; score: number; box: number[] }[]> {
  const p = entry.detection!;
  const rows = Array.from({ length: detections.length / 6 }, (_, i) => Array.from(detections.subarray(i * 6, i * 6 + 6)));
  const boxes = tf.tensor2d(rows.map((r) => [r[1], r[0], r[3], r[2]]));
  const scores = tf.tensor1d(rows.map((r) => r[4]));
  const nms = await tf.image.nonMaxSuppressionAsync(boxes, scores, p.maxDetections, p.iouThreshold, p.minScore);
  const ids = Array.from(await nms.data());
  tf.dispose([boxes, scores, nms]);
  const clamp = (v: number): number => Math.min(1, Math.max(0, v));
  return ids.map((id) => ({
    label: entry.labels![rows[id][5]].en,
    score: rows[id][4],
    box: [rows[id][0], rows[id][1], rows[id][2], rows[id][3]].map((v) => clamp(v / 512)),
  }));
}
