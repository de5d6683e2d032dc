import { LruMap } from '../util/lru-map.js';

/**
 * The un-augmented vectors of the photos embedded or looked up last, for neighbour augmentation: each new photo's
 * vector is augmented with its nearest photos' vectors, and those are otherwise read from the catalog and projected
 * again every time (two matrix products a neighbour: about 9 CPU ms of each new photo's first pass on hires, `loupe
 * index --quick` under --cpu-prof). Photos indexed together are each other's neighbours (a burst, an event, a folder),
 * so a short memory of the latest ones serves most look-ups. Bounded (least recently used out first), emptied when the
 * projection changes (a new whitening fit), so it never serves a vector of another projection, and by its owner at the
 * end of each index run.
 */
export class RecentOriginals<Projection extends object> {
  private readonly vectors: LruMap<number, Float32Array>;
  private projection: Projection | null = null;

  /** 2,048 vectors: 4 MiB at the 512-d fused vector */
  constructor(capacity = 2048) {
    this.vectors = new LruMap(capacity);
  }

  /** The vector of `fileId` under `projection`, from memory or made by `make` (and remembered when it is made). */
  get(fileId: number, projection: Projection, make: () => Float32Array | undefined): Float32Array | undefined {
    this.follow(projection);
    const known = this.vectors.get(fileId);
    if (known) return known;
    const made = make();
    if (made) this.vectors.set(fileId, made);
    return made;
  }

  /** `fileId`'s vector under `projection` is now this one (its features changed, or it was just made). */
  put(fileId: number, projection: Projection, vector: Float32Array): void {
    this.follow(projection);
    this.vectors.set(fileId, vector);
  }

  /** Forgets every vector (the end of an index run). */
  clear(): void {
    this.vectors.clear();
  }

  get size(): number {
    return this.vectors.size;
  }

  private follow(projection: Projection): void {
    if (projection === this.projection) return;
    this.vectors.clear();
    this.projection = projection;
  }
}
