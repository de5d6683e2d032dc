// resources/models/manifest.json: it describes the files that are really there (size, sha256, the
// input/output names onnxruntime sees), the build script reproduces those files byte for byte, and
// a damaged file or manifest is refused.
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ManifestError, loadManifest, sha256File, validateManifest, verifyModelFile, type ModelManifest,
} from '../../src/main/engine/models/manifest.js';
import { buildModels } from '../../scripts/models/build-models.js';
import { REPO_ROOT, makeTempDir } from '../helpers/fixtures.js';
import { MODELS_DIR, loadBundled } from './model-helpers.js';

let manifest: ModelManifest;
let tmp: ReturnType<typeof makeTempDir>;

beforeAll(async () => {
  manifest = await loadBundled();
  tmp = makeTempDir('loupe-manifest-');
});

afterAll(() => tmp?.cleanup());

describe('bundled model manifest', () => {
  test('lists the ten models, and each file has the recorded size and sha256', async () => {
    expect(manifest.models.map((m) => m.id).sort()).toEqual([
      'blazeface-back', 'centernet-coco', 'centernet-coco-embed', 'dlib-face', 'dlib-face-int8', 'faceres', 'faceres-int8', 'movenet-lightning', 'nsfwjs-mobilenetv2',
      'nsfwjs-mobilenetv2-embed-int8',
    ]);
    for (const entry of manifest.models) {
      const file = path.join(MODELS_DIR, entry.file);
      expect(fs.statSync(file).size).toBe(entry.bytes);
      expect(await sha256File(file)).toBe(entry.sha256);
      await expect(verifyModelFile(MODELS_DIR, entry)).resolves.toBeUndefined();
    }
  });

  test('input and output names, dims and element type match what onnxruntime reads from each file', async () => {
    for (const entry of manifest.models) {
      const session = await ort.InferenceSession.create(path.join(MODELS_DIR, entry.file));
      try {
        expect(session.inputNames).toEqual([entry.input.name]);
        expect([...session.outputNames].sort()).toEqual(entry.outputs.map((o) => o.name).sort());
        const input = session.inputMetadata[0];
        expect(input.isTensor && input.type).toBe('float32');
        if (input.isTensor) {
          // Fixed dims must agree; symbolic ones are free in both.
          input.shape.forEach((d, i) => {
            const declared = entry.input.shape[i];
            expect(typeof d === 'number' ? d : 'free').toBe(typeof declared === 'number' ? declared : 'free');
          });
        }
        for (const meta of session.outputMetadata) {
          const declared = entry.outputs.find((o) => o.name === meta.name)!;
          if (meta.isTensor) {
            expect(meta.shape.length).toBe(declared.dims.length);
            expect(meta.shape.at(-1)).toBe(declared.dims.at(-1));
          }
        }
      } finally {
        await session.release();
      }
    }
  });

  test('the build script reproduces the committed files and manifest byte for byte', () => {
    const out = path.join(tmp.dir, 'rebuilt');
    const rebuilt = buildModels(out);
    expect(rebuilt).toEqual(manifest);
    for (const entry of manifest.models) {
      expect(fs.readFileSync(path.join(out, entry.file)).equals(fs.readFileSync(path.join(MODELS_DIR, entry.file)))).toBe(true);
    }
    expect(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe(fs.readFileSync(path.join(MODELS_DIR, 'manifest.json'), 'utf8'));
  });

  test('a corrupted or truncated model file is refused', async () => {
    const dir = path.join(tmp.dir, 'damaged');
    fs.mkdirSync(dir);
    const entry = manifest.models[0];
    const copy = path.join(dir, entry.file);
    fs.copyFileSync(path.join(MODELS_DIR, entry.file), copy);
    const bytes = fs.readFileSync(copy);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    fs.writeFileSync(copy, bytes);
    await expect(verifyModelFile(dir, entry)).rejects.toThrow(/sha256/);
    fs.truncateSync(copy, 1000);
    await expect(verifyModelFile(dir, entry)).rejects.toThrow(/bytes/);
    fs.rmSync(copy);
    await expect(verifyModelFile(dir, entry)).rejects.toThrow(/missing/);
  });

  test('malformed manifests are refused with a reason', async () => {
    const clone = (): ModelManifest => structuredClone(manifest);
    const escaping = clone();
    escaping.models[0].file = '../../outside.onnx';
    expect(() => validateManifest(escaping)).toThrow(/bare \.onnx file name/);
    const badHash = clone();
    badHash.models[1].sha256 = 'abc';
    expect(() => validateManifest(badHash)).toThrow(/sha256/);
    const wrongSize = clone();
    wrongSize.models.find((m) => m.id === 'nsfwjs-mobilenetv2')!.input.resize.sizes.embed = [256, 256];
    expect(() => validateManifest(wrongSize)).toThrow(/fixed input shape/);
    const shuffledLabels = clone();
    const labels = shuffledLabels.models.find((m) => m.labels)!.labels!;
    [labels[0], labels[1]] = [labels[1], labels[0]];
    expect(() => validateManifest(shuffledLabels)).toThrow(/index/);
    const dup = clone();
    dup.models[1].id = dup.models[0].id;
    expect(() => validateManifest(dup)).toThrow(/duplicate/);

    const dir = path.join(tmp.dir, 'not-json');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{ truncated');
    await expect(loadManifest(dir)).rejects.toBeInstanceOf(ManifestError);
  });

  test('the detector labels are the 80 COCO classes in human\'s order, each with a Chinese name', () => {
    const entry = manifest.models.find((m) => m.id === 'centernet-coco')!;
    // The order the network was trained with, as the source package lists it.
    const humanLabels = [...fs.readFileSync(path.join(REPO_ROOT, 'node_modules/@vladmandic/human/src/object/labels.ts'), 'utf8')
      .matchAll(/label: '([^']+)'/g)].map((m) => m[1]);
    expect(humanLabels).toHaveLength(80);
    expect(entry.labels!.map((l) => l.en)).toEqual(humanLabels);
    const zh = entry.labels!.map((l) => l.zh);
    expect(new Set(zh).size).toBe(80);
    for (const name of zh) expect(name).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(Object.fromEntries(entry.labels!.map((l) => [l.en, l.zh]))).toMatchObject({ person: '人', dog: '狗', motorcycle: '摩托车', airplane: '飞机' });
  });

  test('every model names its source package, version, path and license', () => {
    for (const entry of manifest.models) {
      const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', entry.source.package, 'package.json'), 'utf8')) as { version: string; license: string };
      expect(entry.source.version).toBe(pkg.version);
      expect(entry.source.license).toBe(pkg.license);
      expect(fs.existsSync(path.join(REPO_ROOT, 'node_modules', entry.source.package, entry.source.path))).toBe(true);
    }
  });
});
