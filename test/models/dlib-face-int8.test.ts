// dlib-face-int8 (scripts/models/quantize-dlib-face.ts: dlib's descriptor with int8 convolutions and Adds, calibrated
// on the fixture faces) must describe faces as the float dlib-face does: the cosine of the two descriptors, on the
// face fixtures and their mirror images as the stage feeds them (one batch of two, averaged). Measured on faces-dev's
// 239 described faces: median 0.9997, min 0.9891 (bench/faces-int8-descriptor.ts, docs/faces.md); a wrong scale or
// zero point in one layer gives far less.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, test } from 'vitest';
import ort from 'onnxruntime-node';
import type { ModelManifest } from '../../src/main/engine/models/manifest.js';
import { withMirror } from '../../src/main/worker/faces/face-crop.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { findModel, loadBundled, openSession } from './model-helpers.js';

let manifest: ModelManifest;
beforeAll(async () => {
  manifest = await loadBundled();
});

async function describeAll(id: string, chips: Float32Array[]): Promise<Float32Array[]> {
  const entry = findModel(manifest, id);
  const session = await openSession(entry);
  try {
    const out: Float32Array[] = [];
    for (const chip of chips) {
      const d = (await session.run({ [entry.input.name]: new ort.Tensor('float32', chip, [2, 150, 150, 3]) })).descriptor.data as Float32Array;
      out.push(Float32Array.from({ length: 128 }, (_, i) => d[i] + d[i + 128]));
    }
    return out;
  } finally {
    await session.release();
  }
}

describe('dlib-face-int8 agrees with the float dlib-face', () => {
  test('cosine of the descriptors of the face fixtures >= 0.98', async () => {
    const chips: Float32Array[] = [];
    const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'faces');
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.jpg')).sort()) {
      const { data } = await sharp(path.join(dir, f)).rotate().resize(150, 150, { fit: 'cover' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      chips.push(withMirror(new Uint8Array(data), 150));
    }
    expect(chips.length).toBeGreaterThan(0);
    const float = await describeAll('dlib-face', chips);
    const int8 = await describeAll('dlib-face-int8', chips);
    const cosines = float.map((a, k) => {
      const b = int8[k];
      let dot = 0, na = 0, nb = 0;
      for (let i = 0; i < 128; i++) {
        dot += a[i] * b[i];
        na += a[i] * a[i];
        nb += b[i] * b[i];
      }
      return dot / Math.sqrt(na * nb);
    });
    console.log(`dlib-face-int8 vs float, ${chips.length} face fixtures: cosines ${cosines.map((c) => c.toFixed(4)).join(' ')}`);
    for (const c of cosines) expect(c).toBeGreaterThanOrEqual(0.98);
  }, 120_000);
});
