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

/** An append-mostly table of (id, hash) entries; one photo may add several hashes (whole and centred window). */
export class HashIndex {
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private ids = new Int32Array(1024);
  private alive = new Uint8Array(1024);
  /** per chunk: first entry of each bucket (-1 none), and each entry's next in its bucket */
  private readonly heads = Array.from({ length: CHUNKS }, () => new Int32Array(BUCKETS).fill(-1));
  private next = Array.from({ length: CHUNKS }, () => new Int32Array(1024));
  private count = 0;
  private readonly byId = new Map<number, number[]>();

  get size(): number {
    return this.byId.size;
  }

  add(id: number, hash: bigint): void {
    if (this.count === this.ids.length) this.grow();
    const e = this.count++;
    const [hi, lo] = splitHash(hash);
    this.hi[e] = hi;
    this.lo[e] = lo;
    this.ids[e] = id;
    this.alive[e] = 1;
    for (let c = 0; c < CHUNKS; c++) {
      const key = chunkOf(hi, lo, c);
      this.next[c][e] = this.heads[c][key];
      this.heads[c][key] = e;
    }
    const list = this.byId.get(id);
    if (list) list.push(e);
    else this.byId.set(id, [e]);
  }

  /** Forgets every hash of `id` (entries stay in the buckets, marked dead). */
  remove(id: number): void {
    for (const e of this.byId.get(id) ?? []) this.alive[e] = 0;
    this.byId.delete(id);
  }

  /**
   * Ids with a stored hash within `maxDistance` (<= HASH_INDEX_MAX_DISTANCE) of any of `queries`, each with the
   * smallest distance found.
   */
  near(queries: readonly bigint[], maxDistance: number): Map<number, number> {
    if (maxDistance > HASH_INDEX_MAX_DISTANCE) throw new RangeError(`the hash index finds distances up to ${HASH_INDEX_MAX_DISTANCE}`);
    const out = new Map<number, number>();
    for (const q of queries) {
      const [qhi, qlo] = splitHash(q);
      for (let c = 0; c < CHUNKS; c++) {
        const key = chunkOf(qhi, qlo, c);
        const heads = this.heads[c];
        const next = this.next[c];
        for (let flip = -1; flip < 16; flip++) {
          let e = heads[flip < 0 ? key : key ^ (1 << flip)];
          while (e >= 0) {
            if (this.alive[e]) {
              const d = popcount32((this.hi[e] ^ qhi) >>> 0) + popcount32((this.lo[e] ^ qlo) >>> 0);
              if (d <= maxDistance) {
                const id = this.ids[e];
                const prev = out.get(id);
                if (prev === undefined || d < prev) out.set(id, d);
              }
            }
            e = next[e];
          }
        }
      }
    }
    return out;
  }

  private grow(): void {
    const n = this.ids.length * 2;
    const copy = <T extends Uint32Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.hi = copy(this.hi, (k) => new Uint32Array(k));
    this.lo = copy(this.lo, (k) => new Uint32Array(k));
    this.ids = copy(this.ids, (k) => new Int32Array(k));
    this.alive = copy(this.alive, (k) => new Uint8Array(k));
    this.next = this.next.map((a) => copy(a, (k) => new Int32Array(k)));
  }
}
