import { describe, expect, it } from 'vitest';
import { HASH_INDEX_MAX_DISTANCE, HashIndex } from '../../../../src/main/engine/duplicates/hash-index.js';
import { THRESHOLDS } from '../../../../src/main/engine/duplicates/near-duplicate-rule.js';
import { seededRandom } from '../../../../src/main/engine/util/seeded-random.js';

const MASK64 = (1n << 64n) - 1n;

/** Independent of the index's popcount: count the ones in the binary string. */
function hammingRef(a: bigint, b: bigint): number {
  let n = 0;
  for (const ch of (a ^ b).toString(2)) if (ch === '1') n++;
  return n;
}

function randomHash(rand: () => number): bigint {
  const hi = BigInt(Math.floor(rand() * 2 ** 32));
  const lo = BigInt(Math.floor(rand() * 2 ** 32));
  return ((hi << 32n) | lo) & MASK64;
}

/** `h` with `d` distinct random bits flipped. */
function flipRandomBits(h: bigint, d: number, rand: () => number): bigint {
  const bits = new Set<number>();
  while (bits.size < d) bits.add(Math.floor(rand() * 64));
  let out = h;
  for (const b of bits) out ^= 1n << BigInt(b);
  return out;
}

/**
 * `h` with `perChunk[c]` bits flipped inside 16-bit chunk c (chunk 0 = bits 48..63): spreads a distance over
 * the chunks the way that makes multi-index hashing work hardest (only one chunk within 1 bit).
 */
function flipPerChunk(h: bigint, perChunk: readonly number[], rand: () => number): bigint {
  let out = h;
  perChunk.forEach((n, c) => {
    const base = 48 - 16 * c;
    const bits = new Set<number>();
    while (bits.size < n) bits.add(base + Math.floor(rand() * 16));
    for (const b of bits) out ^= 1n << BigInt(b);
  });
  return out;
}

/** Brute force over every (id, hash): ids within r of any query, with their smallest distance. */
function bruteForce(entries: ReadonlyArray<{ id: number; hash: bigint }>, queries: readonly bigint[], r: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const { id, hash } of entries) {
    for (const q of queries) {
      const d = hammingRef(q, hash);
      if (d <= r && (out.get(id) === undefined || d < out.get(id)!)) out.set(id, d);
    }
  }
  return out;
}

const sorted = (m: Map<number, number>): [number, number][] => [...m].sort((a, b) => a[0] - b[0]);

describe('HashIndex', () => {
  it('covers the hash-alone duplicate rule, and refuses distances it cannot find exactly', () => {
    expect(HASH_INDEX_MAX_DISTANCE).toBeGreaterThanOrEqual(THRESHOLDS.hashSure);
    const idx = new HashIndex();
    idx.add(1, 0n);
    expect(() => idx.near([0n], HASH_INDEX_MAX_DISTANCE + 1)).toThrow(RangeError);
    expect(idx.near([0n], HASH_INDEX_MAX_DISTANCE).get(1)).toBe(0);
  });

  it('returns exactly the brute-force neighbours at every radius 0..7, across growth past 1,024 entries', () => {
    const rand = seededRandom(20240501);
    const entries: { id: number; hash: bigint }[] = [];
    const idx = new HashIndex();
    const add = (id: number, hash: bigint): void => {
      idx.add(id, hash);
      entries.push({ id, hash });
    };
    let nextId = 1;
    // background: 5,000 unrelated photos, some with a second (centre-window) hash
    for (let i = 0; i < 5000; i++) {
      const id = nextId++;
      add(id, randomHash(rand));
      if (i % 7 === 0) add(id, randomHash(rand));
    }
    const queries = Array.from({ length: 12 }, () => randomHash(rand));
    // the top bit matters for splitting: make sure some queries have it set and some do not
    queries[0] |= 1n << 63n;
    queries[1] &= ~(1n << 63n);
    // planted neighbours of every query at every distance 0..9, random bits and worst-case chunk spreads
    const spreads = [[2, 2, 2, 1], [2, 2, 1, 2], [2, 1, 2, 2], [1, 2, 2, 2], [2, 2, 2, 0], [0, 2, 2, 2]];
    for (const q of queries) {
      for (let d = 0; d <= 9; d++) add(nextId++, flipRandomBits(q, d, rand));
      for (const s of spreads) add(nextId++, flipPerChunk(q, s, rand));
      // one id holding hashes at two distances: only the nearer counts
      const two = nextId++;
      add(two, flipRandomBits(q, 7, rand));
      add(two, flipRandomBits(q, 3, rand));
    }
    // interleave more background after the planted ones so they are spread across several growths
    for (let i = 0; i < 500; i++) add(nextId++, randomHash(rand));
    expect(entries.length).toBeGreaterThan(4 * 1024);

    const check = (): void => {
      for (let r = 0; r <= HASH_INDEX_MAX_DISTANCE; r++) {
        for (const q of queries) {
          const expected = bruteForce(entries, [q], r);
          expect(sorted(idx.near([q], r)), `query ${q.toString(16)} r=${r}`).toEqual(sorted(expected));
        }
        // several queries at once (a photo's 8 symmetries): union with the minimum distance
        const many = queries.slice(0, 5);
        expect(sorted(idx.near(many, r))).toEqual(sorted(bruteForce(entries, many, r)));
      }
    };
    check();
    // the planted sets are non-trivial: every distance 0..7 actually occurs
    const found = new Set(idx.near(queries, HASH_INDEX_MAX_DISTANCE).values());
    for (let d = 0; d <= HASH_INDEX_MAX_DISTANCE; d++) expect(found.has(d)).toBe(true);
  });

  it('reports the smallest distance over all of an id’s hashes and all queries', () => {
    const q = 0xf00d_cafe_8000_0001n;
    const idx = new HashIndex();
    idx.add(7, q ^ 0b11111n); // 5 away
    idx.add(7, q ^ (0b11n << 62n)); // 2 away, in the top bits
    idx.add(8, q ^ 0b1111n); // 4 away
    expect(idx.near([q], 7).get(7)).toBe(2);
    expect(idx.near([q], 1).has(7)).toBe(false);
    // a second query that lands on id 8's hash exactly, and 1 bit from id 7's farther hash
    expect(idx.near([q, q ^ 0b1111n], 7)).toEqual(new Map([[7, 1], [8, 0]]));
  });

  it('finds nothing, and does not fail, when it holds nothing (a run in which every photo of the library went or came)', () => {
    expect(new HashIndex().near([0xf00d_cafe_8000_0001n], HASH_INDEX_MAX_DISTANCE).size).toBe(0);
  });
});
