import { seededRandom as rng } from '../../../../src/main/engine/util/seeded-random.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_HNSW,
  openVectorIndex,
  type Neighbour,
  type OpenVectorIndexOptions,
  type VectorIndex,
} from '../../../../src/main/engine/search/vector-index.js';


function unit(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const inv = 1 / Math.sqrt(s);
  return v.map((x) => x * inv);
}

function randomVectors(count: number, dim: number, seed: number): Float32Array[] {
  const random = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: count }, () => unit(Float32Array.from({ length: dim }, normal)));
}

/** Random unit vectors grouped around `clusters` centres: what image embeddings look like. */
function clusteredVectors(count: number, dim: number, clusters: number, seed: number): Float32Array[] {
  const centres = randomVectors(clusters, dim, seed);
  const noise = randomVectors(count, dim, seed + 1);
  const pick = rng(seed + 2);
  return noise.map((n) => {
    const c = centres[Math.floor(pick() * clusters)];
    return unit(c.map((x, i) => x + 0.9 * n[i]));
  });
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

let dir: string;
let logs: string[];
let rebuilds: number;
let catalog: Map<number, Float32Array>;
const open: VectorIndex[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-vector-index-'));
  logs = [];
  rebuilds = 0;
  catalog = new Map();
});

afterEach(() => {
  for (const index of open.splice(0)) index.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens an index over `catalog` (the stand-in for the SQLite source of truth), counting rebuilds. */
function openIndex(options: Partial<OpenVectorIndexOptions> & { dim: number }): VectorIndex {
  const index = openVectorIndex({
    dir,
    name: 'similarity',
    generation: 1,
    rebuildFrom: function* () {
      rebuilds++;
      for (const [id, vector] of catalog) yield { id, vector };
    },
    log: (message) => logs.push(message),
    ...options,
  });
  open.push(index);
  return index;
}

function ids(results: Neighbour[]): number[] {
  return results.map((r) => r.id);
}

describe('HNSW recall', () => {
  // Uniform random directions in 512-d have no neighbourhood structure (every pairwise cosine is
  // 0 +- 0.04), which defeats any graph index (bench: recall 0.49 at 10k); real embeddings are
  // clustered. So: clustered at the production dim, and uniform at a dim where neighbours exist.
  it('finds >= 95% of the exact top 10 at the default efSearch (3000 clustered @512-d, 3000 uniform @32-d)', () => {
    for (const [label, dim, vectors] of [
      ['clustered', 512, clusteredVectors(3100, 512, 30, 11)],
      ['uniform', 32, randomVectors(3100, 32, 12)],
    ] as const) {
      const index = openIndex({ dim, name: label, exactThreshold: 0 });
      vectors.slice(0, 3000).forEach((v, id) => index.upsert(id, v));
      let hits = 0;
      const queries = vectors.slice(3000);
      for (const q of queries) {
        const truth = new Set(ids(index.search(q, 10, { exact: true })));
        const approx = index.search(q, 10); // exactThreshold 0: the default path is HNSW
        expect(approx).toHaveLength(10);
        hits += approx.filter((n) => truth.has(n.id)).length;
      }
      const recall = hits / (queries.length * 10);
      expect(recall, `${label} recall@10 at efSearch ${DEFAULT_HNSW.efSearch}`).toBeGreaterThanOrEqual(0.95);
    }
  });
});

describe.each([
  ['exact', true],
  ['hnsw', false],
] as const)('semantics (%s search)', (_label, exact) => {
  const dim = 16;

  it('returns the nearest vectors best first with cosine scores', () => {
    const index = openIndex({ dim });
    const vectors = randomVectors(200, dim, 1);
    vectors.forEach((v, id) => index.upsert(id + 100, v));
    const query = vectors[42];
    const results = index.search(query, 5, { exact });
    expect(results[0].id).toBe(142);
    expect(results[0].score).toBeCloseTo(1, 5);
    const brute = vectors
      .map((v, i) => ({ id: i + 100, score: dot(query, v) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
    expect(ids(results)).toEqual(ids(brute));
    results.forEach((r, i) => expect(r.score).toBeCloseTo(brute[i].score, 5));
  });

  it('upsert of an existing id replaces its vector instead of adding a second one', () => {
    const index = openIndex({ dim });
    const [a, b, c, d] = randomVectors(4, dim, 2);
    index.upsert(1, a);
    index.upsert(2, b);
    index.upsert(3, c);
    index.upsert(1, d); // photo 1 edited
    expect(index.size()).toBe(3);
    expect(index.search(d, 1, { exact })[0]).toMatchObject({ id: 1 });
    expect(index.search(d, 1, { exact })[0].score).toBeCloseTo(1, 5);
    const all = index.search(a, 10, { exact });
    expect(ids(all).sort()).toEqual([1, 2, 3]);
    expect(all.find((n) => n.id === 1)!.score).toBeCloseTo(dot(a, d), 5);
  });

  it('remove hides an id, ignores unknown ids, and a removed id can come back', () => {
    const index = openIndex({ dim });
    const vectors = randomVectors(50, dim, 3);
    vectors.forEach((v, id) => index.upsert(id, v));
    index.remove(7);
    index.remove(7);
    index.remove(12345);
    expect(index.size()).toBe(49);
    expect(index.has(7)).toBe(false);
    expect(ids(index.search(vectors[7], 50, { exact }))).not.toContain(7);
    expect(index.search(vectors[7], 50, { exact })).toHaveLength(49);
    index.upsert(7, vectors[7]);
    expect(index.has(7)).toBe(true);
    expect(index.search(vectors[7], 1, { exact })[0].id).toBe(7);
  });

  it('keeps every id exactly once through delete / reuse / re-add cycles', () => {
    // hnswlib hands a deleted slot to the next new id; re-adding an id whose slot was or was not
    // handed over must neither duplicate it nor lose another id.
    const index = openIndex({ dim });
    const vectors = randomVectors(60, dim, 4);
    const current = new Map<number, Float32Array>();
    const put = (id: number, v: Float32Array) => {
      index.upsert(id, v);
      current.set(id, v);
    };
    const drop = (id: number) => {
      index.remove(id);
      current.delete(id);
    };
    for (let id = 0; id < 20; id++) put(id, vectors[id]);
    for (let id = 0; id < 10; id++) drop(id);
    for (let id = 20; id < 25; id++) put(id, vectors[id]); // take over 5 of the 10 deleted slots
    for (let id = 0; id < 10; id++) put(id, vectors[id + 25]); // back, with new vectors
    drop(3);
    drop(21);
    for (let id = 40; id < 60; id++) put(id, vectors[id]); // consume every slot still marked deleted
    drop(4);
    drop(45);
    const expected = [...current.keys()].sort((x, y) => x - y);
    expect(index.size()).toBe(expected.length);
    const all = index.search(vectors[0], 100, { exact });
    expect(ids(all).sort((x, y) => x - y)).toEqual(expected);
    for (const [id, v] of current) expect(index.search(v, 1, { exact })[0].id, `id ${id}`).toBe(id);
    for (const id of expected) index.remove(id);
    expect(index.size()).toBe(0);
    expect(index.search(vectors[0], 5, { exact })).toEqual([]);
  });

  it('excludes ids but still returns k results', () => {
    const index = openIndex({ dim });
    const vectors = randomVectors(100, dim, 5);
    vectors.forEach((v, id) => index.upsert(id, v));
    const plain = index.search(vectors[10], 6, { exact });
    expect(plain[0].id).toBe(10);
    const without = index.search(vectors[10], 5, { exact, exclude: new Set([10, 9999]) });
    expect(ids(without)).toEqual(ids(plain).slice(1));
    // many exclusions (the filtered walk inside hnswlib rather than over-fetching)
    const excluded = new Set([...Array(80).keys()]);
    const rest = index.search(vectors[10], 10, { exact, exclude: excluded });
    expect(rest).toHaveLength(10);
    for (const n of rest) expect(n.id).toBeGreaterThanOrEqual(80);
    expect(index.search(vectors[10], 50, { exact, exclude: excluded })).toHaveLength(20);
  });

  it('orders ties by id, and returns everything when k > size', () => {
    const index = openIndex({ dim });
    const [v, other] = randomVectors(2, dim, 6);
    for (const id of [9, 3, 5]) index.upsert(id, v); // burst shots: identical embeddings
    index.upsert(1, other);
    const results = index.search(v, 10, { exact });
    expect(ids(results)).toEqual([3, 5, 9, 1]);
    expect(index.search(v, 0, { exact })).toEqual([]);
  });
});

describe('input validation', () => {
  it('rejects wrong dimensions, bad numbers and bad ids with clear errors', () => {
    const index = openIndex({ dim: 8 });
    expect(() => index.upsert(1, new Float32Array(7))).toThrow(/dimension 7.*dimension 8/);
    expect(() => index.search(new Float32Array(9).fill(1), 3)).toThrow(/dimension 9.*dimension 8/);
    expect(() => index.upsert(1, new Float32Array(8))).toThrow(/all zeros/);
    expect(() => index.upsert(1, new Float32Array(8).fill(NaN))).toThrow(/NaN/);
    expect(() => index.upsert(-1, new Float32Array(8).fill(1))).toThrow(/ids must be integers/);
    expect(() => index.upsert(1.5, new Float32Array(8).fill(1))).toThrow(/ids must be integers/);
    expect(() => index.search(new Float32Array(8).fill(1), -1)).toThrow(/k must be/);
    expect(() => index.upsert(1, [1, 2] as unknown as Float32Array)).toThrow(/Float32Array/);
    expect(index.size()).toBe(0);
  });

  it('normalises a vector that is not unit length, so scores stay cosine similarities', () => {
    const index = openIndex({ dim: 4 });
    index.upsert(1, new Float32Array([3, 0, 0, 4]));
    index.upsert(2, new Float32Array([0, 1, 0, 0]));
    const [best] = index.search(new Float32Array([0.6, 0, 0, 0.8]), 1);
    expect(best.id).toBe(1);
    expect(best.score).toBeCloseTo(1, 6);
  });

  it('refuses to work after close', () => {
    const index = openIndex({ dim: 4 });
    index.close();
    expect(() => index.size()).toThrow(/closed/);
  });
});

describe('persistence', () => {
  const dim = 32;

  it('reopens a saved index with the same generation without rebuilding, with the same results', () => {
    const vectors = randomVectors(3000, dim, 20);
    const index = openIndex({ dim, generation: 0 });
    expect(rebuilds).toBe(1); // nothing on disk yet: built from the (empty) catalog
    vectors.forEach((v, id) => index.upsert(id, v));
    for (let id = 0; id < 300; id += 3) index.remove(id); // deleted slots are saved too
    const queries = randomVectors(20, dim, 21);
    const before = queries.map((q) => [index.search(q, 10, { exact: false }), index.search(q, 10, { exact: true })]);
    index.save(7);
    index.close();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    logs = [];
    const again = openIndex({ dim, generation: 7 });
    expect(rebuilds).toBe(1);
    expect(logs.filter((l) => /rebuild/.test(l))).toEqual([]);
    expect(again.size()).toBe(3000 - 100);
    expect(again.has(3)).toBe(false);
    const after = queries.map((q) => [again.search(q, 10, { exact: false }), again.search(q, 10, { exact: true })]);
    expect(after).toEqual(before);
    // the reopened index keeps working: revive a deleted id, add past the loaded capacity
    again.upsert(3, vectors[4]);
    expect(ids(again.search(vectors[4], 2, { exact: false })).sort()).toEqual([3, 4]);
    for (let id = 3000; id < 4500; id++) again.upsert(id, vectors[id - 3000]);
    expect(again.size()).toBe(3000 - 100 + 1 + 1500);
    expect(again.search(vectors[1], 2, { exact: false }).map((n) => n.id).sort((a, b) => a - b)).toEqual([1, 3001]);
  });

  it('cleans up temp files left by a save that crashed, but not a save in progress', () => {
    const stale = path.join(dir, 'similarity.hnsw.4242.abc.tmp');
    const fresh = path.join(dir, 'similarity.meta.json.4243.abd.tmp');
    fs.writeFileSync(stale, 'half an index');
    fs.writeFileSync(fresh, '{');
    const dayAgo = new Date(Date.now() - 24 * 3600 * 1000);
    fs.utimesSync(stale, dayAgo, dayAgo);
    openIndex({ dim });
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
  });

  it('reuses deleted slots instead of growing the file', () => {
    const vectors = randomVectors(600, dim, 22);
    const index = openIndex({ dim });
    vectors.slice(0, 300).forEach((v, id) => index.upsert(id, v));
    index.save(1);
    const file = path.join(dir, 'similarity.hnsw');
    const bytes = fs.statSync(file).size;
    for (let id = 0; id < 300; id++) index.remove(id);
    vectors.slice(300).forEach((v, i) => index.upsert(1000 + i, v)); // 300 new photos in the freed slots
    index.save(2);
    expect(fs.statSync(file).size).toBe(bytes);
    expect(index.size()).toBe(300);
    expect(index.search(vectors[450], 1, { exact: false })[0].id).toBe(1150);
  });

  describe('rebuilds from the catalog, with a log line, instead of failing', () => {
    const vectors = randomVectors(500, dim, 30);
    function saveOne(): void {
      vectors.forEach((v, id) => catalog.set(id, v));
      const index = openIndex({ dim, generation: 3 });
      index.save(3);
      index.close();
      rebuilds = 0;
      logs = [];
    }
    function expectRebuilt(index: VectorIndex, reason: RegExp): void {
      expect(rebuilds).toBe(1);
      expect(logs.find((l) => l.includes('rebuilding'))).toMatch(reason);
      expect(index.size()).toBe(catalog.size);
      for (const id of [0, 250, 499]) {
        if (catalog.has(id)) expect(index.search(catalog.get(id)!, 1, { exact: false })[0].id).toBe(id);
      }
    }

    it('when the catalog generation moved on', () => {
      saveOne();
      catalog.delete(250);
      catalog.set(9000, vectors[250]);
      const index = openIndex({ dim, generation: 4 });
      expectRebuilt(index, /generation 3.*generation 4/);
      expect(index.search(vectors[250], 1)[0].id).toBe(9000);
      // the rebuild was saved: the next start loads it
      index.close();
      openIndex({ dim, generation: 4 });
      expect(rebuilds).toBe(1);
    });

    it('when the index file holds garbage bytes', () => {
      saveOne();
      const file = path.join(dir, 'similarity.hnsw');
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, Buffer.from(randomVectors(1, 64, 31)[0].buffer), 0, 256, 1000);
      fs.closeSync(fd);
      expectRebuilt(openIndex({ dim, generation: 3 }), /corrupt/);
    });

    it('when garbage even comes with a matching meta (it never reaches hnswlib)', () => {
      saveOne();
      const file = path.join(dir, 'similarity.hnsw');
      const garbage = Buffer.alloc(fs.statSync(file).size);
      const random = rng(32);
      for (let i = 0; i < garbage.length; i++) garbage[i] = Math.floor(random() * 256);
      fs.writeFileSync(file, garbage);
      const metaFile = path.join(dir, 'similarity.meta.json');
      const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
      fs.writeFileSync(metaFile, JSON.stringify({ ...meta, crc32: zlib.crc32(garbage) }));
      expectRebuilt(openIndex({ dim, generation: 3 }), /unexpected layout/);
    });

    it('when the index file is truncated', () => {
      saveOne();
      const file = path.join(dir, 'similarity.hnsw');
      fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
      expectRebuilt(openIndex({ dim, generation: 3 }), /truncated/);
    });

    it('when the index file was deleted', () => {
      saveOne();
      fs.rmSync(path.join(dir, 'similarity.hnsw'));
      expectRebuilt(openIndex({ dim, generation: 3 }), /missing/);
    });

    it('when the meta is unreadable', () => {
      saveOne();
      fs.writeFileSync(path.join(dir, 'similarity.meta.json'), '{"dim": 3');
      expectRebuilt(openIndex({ dim, generation: 3 }), /JSON/);
    });

    it('when the dimension changed (a new embedding model)', () => {
      saveOne();
      const wider = randomVectors(500, dim * 2, 33);
      catalog = new Map(wider.map((v, id) => [id, v]));
      const index = openIndex({ dim: dim * 2, generation: 3 });
      expect(index.dim).toBe(dim * 2);
      expectRebuilt(index, /dim 32, wanted 64/);
    });
  });
});

describe('growth and memory budget', () => {
  it('grows past its initial capacity without losing points', () => {
    const dim = 24;
    const vectors = randomVectors(2600, dim, 40); // initial capacity is 1024, so it grows twice
    const index = openIndex({ dim, exactThreshold: 0 });
    vectors.forEach((v, id) => index.upsert(id, v));
    expect(index.size()).toBe(2600);
    let found = 0;
    for (let id = 0; id < 2600; id += 13) if (index.search(vectors[id], 1)[0].id === id) found++;
    expect(found).toBe(200);
  });

  it('drops the exact matrix over its memory budget and still answers exact searches correctly', () => {
    const dim = 16;
    const vectors = randomVectors(400, dim, 50);
    const reference = openIndex({ dim, name: 'reference' });
    const lean = openIndex({ dim, name: 'lean', exactMatrixMaxBytes: 8 * 1024 });
    vectors.forEach((v, id) => {
      reference.upsert(id, v);
      lean.upsert(id, v);
    });
    expect(logs.some((l) => l.includes('"lean": dropping the exact-search matrix'))).toBe(true);
    lean.remove(5);
    reference.remove(5);
    for (const q of randomVectors(10, dim, 51)) {
      const a = lean.search(q, 7, { exact: true, exclude: new Set([1]) });
      const b = reference.search(q, 7, { exact: true, exclude: new Set([1]) });
      expect(ids(a)).toEqual(ids(b));
      a.forEach((n, i) => expect(n.score).toBeCloseTo(b[i].score, 5));
    }
    // and reopening over budget loads without the matrix
    lean.save(1);
    lean.close();
    const reopened = openIndex({ dim, name: 'lean', exactMatrixMaxBytes: 8 * 1024 });
    expect(ids(reopened.search(vectors[9], 3, { exact: true }))).toEqual(ids(reference.search(vectors[9], 3, { exact: true })));
  });
});
