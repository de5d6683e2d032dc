import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { caltechSample, copyPhotos, makeTempDir, TEST_PHOTOS } from '../../../helpers/fixtures.js';
import { similarityIndexName } from '../../../../src/main/engine/search/similarity-service.js';

const INDEX_FILE = `${similarityIndexName()}.hnsw`;

const CLASSES = ['Motorbikes', 'airplanes', 'sunflower', 'pagoda'];

describe('find similar: real models, real HNSW index on disk', () => {
  let tmp: { dir: string; cleanup: () => void };
  let home: string;
  let lib: string;
  let engine: LoupeEngine;
  const logs: string[] = [];
  const open = () => LoupeEngine.open({ home, warn: () => {}, info: (m) => logs.push(m) });
  const classOf = (p: string) => CLASSES.find((c) => path.basename(p).startsWith(c));

  beforeAll(async () => {
    tmp = makeTempDir();
    home = path.join(tmp.dir, 'home');
    lib = path.join(tmp.dir, 'lib');
    copyPhotos(caltechSample(CLASSES, 6), lib);
    // A near-duplicate: the first sunflower, half size and re-compressed.
    const original = path.join(lib, fs.readdirSync(lib).find((f) => f.startsWith('sunflower'))!);
    await sharp(original).resize({ width: 150 }).jpeg({ quality: 60 }).toFile(path.join(lib, 'sunflower_copy_small.jpg'));
    engine = open();
    await engine.library.addFolder(lib);
    expect((await engine.library.index()).failed).toEqual([]);
  }, 180_000);

  afterAll(async () => {
    await engine.close();
    tmp.cleanup();
  });

  it('ranks the near-duplicate first and photos of the same kind above others, never the query itself', async () => {
    const query = path.join(lib, fs.readdirSync(lib).find((f) => f.startsWith('sunflower_image'))!);
    const { query: q, results } = await engine.similar(query, 10);
    expect(q).toBe(query);
    expect(results).toHaveLength(10);
    expect(results.map((r) => r.path)).not.toContain(query);
    expect(results[0].path).toBe(path.join(lib, 'sunflower_copy_small.jpg'));
    for (let i = 1; i < results.length; i++) expect(results[i].score).toBeLessThanOrEqual(results[i - 1].score);
    const top5 = results.slice(0, 5).map((r) => classOf(r.path) ?? 'sunflower');
    expect(top5.filter((c) => c === 'sunflower').length).toBeGreaterThanOrEqual(4);
  });

  it('searches by an image outside the library without adding it', async () => {
    const outside = path.join(TEST_PHOTOS, 'caltech101-dev', 'Motorbikes', fs.readdirSync(path.join(TEST_PHOTOS, 'caltech101-dev', 'Motorbikes')).sort().at(-1)!);
    const { results } = await engine.similar(outside, 5);
    expect(results.filter((r) => classOf(r.path) === 'Motorbikes').length).toBeGreaterThanOrEqual(4);
    expect(engine.library.photoIdAt(outside)).toBeNull();
    await expect(engine.similar(path.join(tmp.dir, 'nothing.jpg'), 5)).rejects.toThrow(/nothing\.jpg/);
  });

  it('keeps the index on disk across restarts, rebuilds it from the catalog when damaged, and drops deleted photos', async () => {
    const query = path.join(lib, fs.readdirSync(lib).find((f) => f.startsWith('pagoda'))!);
    const before = (await engine.similar(query, 5)).results;
    await engine.close();

    logs.length = 0;
    engine = open();
    expect((await engine.similar(query, 5)).results).toEqual(before);
    expect(logs.join('\n')).not.toMatch(/rebuild/i);
    await engine.close();

    const indexFile = path.join(home, 'index', INDEX_FILE);
    fs.writeFileSync(indexFile, Buffer.alloc(1000, 7)); // damaged
    logs.length = 0;
    engine = open();
    const rebuilt = (await engine.similar(query, 5)).results;
    expect(logs.join('\n')).toMatch(/rebuild/i);
    expect(rebuilt.map((r) => r.path)).toEqual(before.map((r) => r.path));

    const size = await engine.similarity.size();
    fs.unlinkSync(before[0].path);
    await engine.library.index();
    expect(await engine.similarity.size()).toBe(size - 1); // the vector itself left the index
    const after = (await engine.similar(query, 5)).results;
    expect(after).toHaveLength(5);
    expect(after.map((r) => r.path)).not.toContain(before[0].path);
  });

  it('two processes on one library: a stale copy of the index is never saved over a newer one', async () => {
    const other = open(); // e.g. `loupe similar` while `loupe index` runs
    const query = path.join(lib, fs.readdirSync(lib).find((f) => f.startsWith('airplanes'))!);
    await other.similar(query, 3); // loads the index
    const added = copyPhotos(caltechSample(['airplanes'], 8).slice(6), lib);
    await engine.library.index();
    await other.close();

    await engine.close();
    engine = open();
    for (const p of added) expect((await engine.similar(p, 3)).results).toHaveLength(3);
  });
});
