import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { OnnxGraphBuilder } from '../../../../scripts/models/onnx-builder.js';
import { caltechSample, copyPhotos, makeTempDir } from '../../../helpers/fixtures.js';

/** A real (if simple) embedding model made here: a 4x4 grid of mean colours, 48 numbers per photo. */
function writeColourLayoutModel(dir: string): void {
  const g = new OnnxGraphBuilder();
  g.input('pixels', 'float32', ['N', 3, 64, 64]);
  g.node('AveragePool', ['pixels'], 'pooled', { kernel_shape: [16, 16], strides: [16, 16] });
  g.node('Flatten', ['pooled'], 'embedding', { axis: 1 });
  g.output('embedding', 'float32', ['N', 48]);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'colour-layout.onnx'), g.serialize({ graphName: 'colour_layout', opset: 13, producer: 'loupe-test' }));
  fs.writeFileSync(
    path.join(dir, 'loupe-model.json'),
    JSON.stringify({
      id: 'colour-layout',
      file: 'colour-layout.onnx',
      input: { name: 'pixels', layout: 'NCHW', size: [64, 64], mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] },
      output: 'embedding',
      dims: 48,
    }),
  );
}

describe("a power user's own ONNX embedding model in the library home", () => {
  let tmp: { dir: string; cleanup: () => void };
  let home: string;
  let lib: string;
  const warnings: string[] = [];
  const infos: string[] = [];
  const open = () => LoupeEngine.open({ home, warn: (m) => warnings.push(m), info: (m) => infos.push(m) });

  beforeAll(async () => {
    tmp = makeTempDir();
    home = path.join(tmp.dir, 'home');
    lib = path.join(tmp.dir, 'lib');
    copyPhotos(caltechSample(['sunflower', 'ketch', 'brain'], 4), lib);
    const original = path.join(lib, fs.readdirSync(lib).find((f) => f.startsWith('ketch'))!);
    await sharp(original).resize({ width: 120 }).jpeg({ quality: 50 }).toFile(path.join(lib, 'ketch_copy.jpg'));
    // First indexed with the bundled models only.
    const engine = open();
    await engine.library.addFolder(lib);
    await engine.library.index();
    await engine.close();
  }, 180_000);
  afterAll(() => tmp.cleanup());

  it('is picked up on the next start: every photo is embedded again and find-similar uses its vectors', async () => {
    writeColourLayoutModel(path.join(home, 'models', 'mine'));
    fs.mkdirSync(path.join(home, 'models', 'zz-broken'), { recursive: true });
    fs.writeFileSync(path.join(home, 'models', 'zz-broken', 'loupe-model.json'), JSON.stringify({ id: 'x', file: 'missing.onnx' }));

    const engine = open();
    try {
      expect(infos.some((m) => m.includes('colour-layout'))).toBe(true);
      expect(engine.library.status().pending).toBe(13); // the embedding stage is due again for every photo
      await engine.library.index();
      expect(engine.library.status()).toMatchObject({ files: 13, pending: 0 });

      const query = path.join(lib, fs.readdirSync(lib).find((f) => f.startsWith('ketch_image'))!);
      const { results } = await engine.similar(query, 3);
      expect(results[0].path).toBe(path.join(lib, 'ketch_copy.jpg'));
      expect(results[0].score).toBeGreaterThan(0.95); // colour layout barely changes under resizing

      const meta = fs.readdirSync(path.join(home, 'index')).find((f) => f.startsWith('similarity-user-') && f.endsWith('.meta.json'))!;
      expect(JSON.parse(fs.readFileSync(path.join(home, 'index', meta), 'utf8')).dim).toBe(48);
    } finally {
      await engine.close();
    }
    // The broken one was reported, naming its manifest, and did not stop anything.
    expect(warnings.some((w) => w.includes(path.join('zz-broken', 'loupe-model.json')) && w.includes('missing.onnx'))).toBe(true);
  }, 180_000);

  it('a model file that cannot run fails the photos for now, and they are retried once it is fixed', async () => {
    fs.rmSync(path.join(home, 'models'), { recursive: true, force: true });
    const dir = path.join(home, 'models', 'garbage');
    writeColourLayoutModel(dir);
    fs.writeFileSync(path.join(dir, 'colour-layout.onnx'), 'not an onnx model at all');
    let engine = open();
    try {
      const summary = await engine.library.index();
      expect(summary.failed).toHaveLength(13);
      expect(summary.failed[0].reason).toMatch(/colour-layout\.onnx/);
    } finally {
      await engine.close();
    }
    // Not a problem of the photos: once the model is gone, the next run retries every one of them.
    fs.rmSync(path.join(home, 'models'), { recursive: true, force: true });
    engine = open();
    try {
      const summary = await engine.library.index();
      expect(summary.failed).toEqual([]);
      expect(engine.library.status()).toMatchObject({ files: 13, pending: 0, failed: [] });
    } finally {
      await engine.close();
    }
  }, 180_000);
});
