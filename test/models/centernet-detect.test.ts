// The bundled COCO detector, end to end (preview -> preprocess -> onnxruntime -> decode), on real
// photos. Only robust facts are asserted; the measured numbers are printed.
// Measured at 512 px (12 photos per category): 'motorcycle' detected in 10/12 Motorbikes photos
// (median top score 0.55, median box area 0.4 of the frame), 'airplane' in 10/12 airplanes, 'person'
// top in 12/12 Faces (scores 0.53-0.73); non-COCO subjects (pagoda, minaret) give nothing in 13/24
// photos and at most 0.39.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type * as ort from 'onnxruntime-node';
import { decodeCenternet, type CenternetOutputs, type Detection } from '../../src/main/engine/models/centernet-decode.js';
import type { ModelEntry } from '../../src/main/engine/models/manifest.js';
import { caltechSample, copyPhotos, makeTempDir } from '../helpers/fixtures.js';
import { batchFor, decodePreview, findModel, loadBundled, openSession } from './model-helpers.js';

const CATEGORIES = ['Motorbikes', 'airplanes', 'Faces', 'pagoda', 'minaret'] as const;

let tmp: ReturnType<typeof makeTempDir>;
let entry: ModelEntry;
let session: ort.InferenceSession;
const results = new Map<string, Detection[][]>();

beforeAll(async () => {
  tmp = makeTempDir('loupe-detect-');
  entry = findModel(await loadBundled(), 'centernet-coco');
  session = await openSession(entry);
  for (const category of CATEGORIES) {
    const files = copyPhotos(caltechSample([category], 12), tmp.dir);
    const images = await Promise.all(files.map((f) => decodePreview(f)));
    const { feeds, dims } = await batchFor(entry, images, 'detect');
    const out = await session.run(feeds);
    const heads: CenternetOutputs = { heatmap: out.heatmap as CenternetOutputs['heatmap'], wh: out.wh as CenternetOutputs['wh'] };
    const perImage = images.map((_, i) => decodeCenternet(heads, i, {
      labels: entry.labels!, params: entry.detection!, inputWidth: dims[2], inputHeight: dims[1],
    }));
    results.set(category, perImage);
    console.log(`  ${category}: ${perImage.map((d) => d.slice(0, 2).map((x) => `${x.label} ${x.score.toFixed(2)}`).join(', ') || '-').join(' | ')}`);
  }
});

afterAll(async () => {
  await session?.release();
  tmp?.cleanup();
});

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const bestScore = (dets: Detection[], label?: string): number =>
  Math.max(0, ...dets.filter((d) => label === undefined || d.label === label).map((d) => d.score));
const area = (d: Detection): number => (d.box[2] - d.box[0]) * (d.box[3] - d.box[1]);

describe('centernet-coco detections on real photos', () => {
  test('finds the motorcycle in most Motorbikes photos, with a box covering much of the frame', () => {
    const photos = results.get('Motorbikes')!;
    const found = photos.map((dets) => dets.find((d) => d.label === 'motorcycle')).filter((d): d is Detection => d !== undefined);
    expect(found.length).toBeGreaterThanOrEqual(8);
    expect(found[0].labelZh).toBe('摩托车');
    // Caltech motorbikes are photographed side-on, filling the frame.
    expect(median(found.map(area))).toBeGreaterThan(0.2);
  });

  test('finds the airplane in most airplanes photos', () => {
    const photos = results.get('airplanes')!;
    expect(photos.filter((dets) => dets.some((d) => d.label === 'airplane')).length).toBeGreaterThanOrEqual(8);
  });

  test('the person is the top detection in close-up face photos', () => {
    const photos = results.get('Faces')!;
    expect(photos.filter((dets) => dets[0]?.label === 'person').length).toBeGreaterThanOrEqual(10);
  });

  test('subjects outside COCO score clearly lower than a COCO subject', () => {
    const nonCoco = [...results.get('pagoda')!, ...results.get('minaret')!].map((dets) => bestScore(dets));
    const motorcycles = results.get('Motorbikes')!.map((dets) => bestScore(dets, 'motorcycle'));
    console.log(`  median top score: non-COCO ${median(nonCoco).toFixed(2)}, motorcycle ${median(motorcycles).toFixed(2)}`);
    expect(median(motorcycles) - median(nonCoco)).toBeGreaterThan(0.2);
  });

  test('detections are well-formed: sorted by score, above the threshold, boxes inside the frame, at most maxDetections', () => {
    for (const dets of [...results.values()].flat()) {
      expect(dets.length).toBeLessThanOrEqual(entry.detection!.maxDetections);
      dets.forEach((d, i) => {
        expect(d.score).toBeGreaterThan(entry.detection!.minScore);
        if (i > 0) expect(d.score).toBeLessThanOrEqual(dets[i - 1].score);
        expect(d.box[0]).toBeLessThanOrEqual(d.box[2]);
        expect(d.box[1]).toBeLessThanOrEqual(d.box[3]);
        for (const v of d.box) expect(v >= 0 && v <= 1).toBe(true);
        expect(entry.labels![d.classIndex].en).toBe(d.label);
      });
    }
  });
});
