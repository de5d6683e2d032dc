// Finds stored 64-bit perceptual hashes within a small Hamming distance of a query without comparing it
// with every photo: multi-index hashing (Norouzi et al., "Fast search in Hamming space with multi-index
// hashing", CVPR 2012). The hash is cut into 4 chunks of 16 bits; two hashes at distance <= r differ in
// some chunk by at most floor(r / 4) bits, so probing each chunk's table at the query chunk and its
// 1-bit neighbours finds every hash within distance 7 (r = 6 is the hash-alone rule), exactly.

const CHUNKS = 4;
const BUCKETS = 1 << 16;

/** The largest distance `near` is guaranteed to find. */
export const HASH_INDEX_MAX_DISTANCE = 2 * CHUNKS - 1;

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function chunkOf(hi: number, lo: number, c: number): number {
  const word = c < 2 ? hi : lo;
  return c % 2 === 0 ? word >>> 16 : word & 0xffff;
}

export function splitHash(h: bigint): [number, number] {
  return [Number(h >> 32n) >>> 0, Number(h & 0xffffffffn) >>> 0];
}

/**
 * The hashes of one photo a HashIndex holds: each family's hash of the picture as it lies (whole picture, centred
 * window, picture inside a letterbox; a family the photo has none of is left out). Queries bring the turns and
 * mirrors, so the index holds one of each family.
 */
export function indexedHashes(...families: (readonly bigint[] | undefined)[]): bigint[] {
  return families.map((f) => f?.[0]).filter((h): h is bigint => h !== undefined);
}

/**
 * A table of (id, hash) entries; one photo may add several hashes (whole and centred window). Entries are
 * appended cheaply; the first query after additions lays each chunk table out again as contiguous buckets
 * (a counting sort), because following per-entry links through memory cost 150 ns an entry in cache misses
 * (measured: 530 µs a query at 200,000 entries, against about a third of that contiguous). So add in bulk,
 * then query.
 */
export class HashIndex {
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private ids = new Int32Array(1024);
  private count = 0;
  /** per chunk: bucket start offsets (65,537) and the entries' hash halves and ids, in bucket order */
  private tables: { offsets: Int32Array; hi: Uint32Array; lo: Uint32Array; ids: Int32Array }[] = [];
  private laidOut = 0;

  add(id: number, hash: bigint): void {
    if (this.count === this.ids.length) this.grow();
    const e = this.count++;
    const [hi, lo] = splitHash(hash);
    this.hi[e] = hi;
    this.lo[e] = lo;
    this.ids[e] = id;
  }

  /**
   * Ids with a stored hash within `maxDistance` (<= HASH_INDEX_MAX_DISTANCE) of any of `queries`, each with the
   * smallest distance found.
   */
  near(queries: readonly bigint[], maxDistance: number): Map<number, number> {
    if (maxDistance > HASH_INDEX_MAX_DISTANCE) throw new RangeError(`the hash index finds distances up to ${HASH_INDEX_MAX_DISTANCE}`);
    const out = new Map<number, number>();
    // (an empty index was never laid out: it has no tables to probe)
    if (this.count === 0) return out;
    if (this.laidOut !== this.count) this.layOut();
    // Exact with fewer probes (Norouzi et al., section 4): with r = CHUNKS * q + a, two hashes within r differ by at
    // most q bits in one of the first a + 1 chunks, or else by at most q - 1 in one of the others (otherwise they differ
    // by at least (a + 1)(q + 1) + (CHUNKS - a - 1) q = r + 1). At r = 6: three chunks probed with their 1-bit
    // neighbours and one exactly, 52 buckets instead of 68.
    const q = Math.floor(maxDistance / CHUNKS);
    const a = maxDistance % CHUNKS;
    for (const query of queries) {
      const [qhi, qlo] = splitHash(query);
      for (let c = 0; c < CHUNKS; c++) {
        const radius = c <= a ? q : q - 1;
        if (radius < 0) continue;
        const key = chunkOf(qhi, qlo, c);
        // (the table's arrays held in locals: read through the table object, each entry reloaded them, the Map's
        // writes between two entries keeping the compiler from holding them)
        const { offsets, hi, lo, ids } = this.tables[c];
        for (let flip = -1; flip < (radius > 0 ? 16 : 0); flip++) {
          const b = flip < 0 ? key : key ^ (1 << flip);
          for (let i = offsets[b], end = offsets[b + 1]; i < end; i++) {
            // (most entries are far: their high half alone is past the distance)
            const dhi = popcount32((hi[i] ^ qhi) >>> 0);
            if (dhi > maxDistance) continue;
            const d = dhi + popcount32((lo[i] ^ qlo) >>> 0);
            if (d > maxDistance) continue;
            const id = ids[i];
            const prev = out.get(id);
            if (prev === undefined || d < prev) out.set(id, d);
          }
        }
      }
    }
    return out;
  }

  /** Counting sort of every entry into each chunk table's buckets. */
  private layOut(): void {
    const n = this.count;
    this.tables = [];
    for (let c = 0; c < CHUNKS; c++) {
      const offsets = new Int32Array(BUCKETS + 1);
      for (let e = 0; e < n; e++) offsets[chunkOf(this.hi[e], this.lo[e], c) + 1]++;
      for (let b = 0; b < BUCKETS; b++) offsets[b + 1] += offsets[b];
      const fill = offsets.slice(0, BUCKETS);
      const hi = new Uint32Array(n);
      const lo = new Uint32Array(n);
      const ids = new Int32Array(n);
      for (let e = 0; e < n; e++) {
        const i = fill[chunkOf(this.hi[e], this.lo[e], c)]++;
        hi[i] = this.hi[e];
        lo[i] = this.lo[e];
        ids[i] = this.ids[e];
      }
      this.tables.push({ offsets, hi, lo, ids });
    }
    this.laidOut = n;
  }

  private grow(): void {
    const n = this.ids.length * 2;
    const copy = <T extends Uint32Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.hi = copy(this.hi, (k) => new Uint32Array(k));
    this.lo = copy(this.lo, (k) => new Uint32Array(k));
    this.ids = copy(this.ids, (k) => new Int32Array(k));
  }
}
