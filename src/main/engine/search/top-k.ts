import type { Neighbour } from './vector-index.js';

/**
 * Keeps the k best (score, id) pairs seen so far in a bounded min-heap whose root is the worst kept
 * pair, so a brute-force scan costs O(n log k) and, for the vast majority of rows that score below
 * the root, a single comparison.
 *
 * Ordering is total: a higher score wins, and equal scores go to the smaller id. That makes results
 * reproducible when vectors are duplicated (burst shots, re-imports), which is common in photo
 * libraries.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly ids: Float64Array;
  private length = 0;

  constructor(private readonly k: number) {
    this.scores = new Float64Array(k);
    this.ids = new Float64Array(k);
  }

  /** Lowest score still kept; anything below it cannot enter (−Infinity until the heap is full). */
  get floor(): number {
    return this.length < this.k ? -Infinity : this.scores[0];
  }

  offer(id: number, score: number): void {
    if (this.k === 0) return;
    if (this.length < this.k) {
      this.siftUp(this.length++, id, score);
    } else if (worse(this.scores[0], this.ids[0], score, id)) {
      this.siftDown(id, score);
    }
  }

  /** The kept pairs, best first. */
  sorted(): Neighbour[] {
    const out: Neighbour[] = [];
    for (let i = 0; i < this.length; i++) out.push({ id: this.ids[i], score: this.scores[i] });
    return out.sort(compareNeighbours);
  }

  private siftUp(at: number, id: number, score: number): void {
    let i = at;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(score, id, this.scores[parent], this.ids[parent])) break;
      this.scores[i] = this.scores[parent];
      this.ids[i] = this.ids[parent];
      i = parent;
    }
    this.scores[i] = score;
    this.ids[i] = id;
  }

  /** Replaces the root by (id, score) and restores the heap. */
  private siftDown(id: number, score: number): void {
    const n = this.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && worse(this.scores[right], this.ids[right], this.scores[left], this.ids[left])) child = right;
      if (!worse(this.scores[child], this.ids[child], score, id)) break;
      this.scores[i] = this.scores[child];
      this.ids[i] = this.ids[child];
      i = child;
    }
    this.scores[i] = score;
    this.ids[i] = id;
  }
}

/** True when (scoreA, idA) ranks below (scoreB, idB). */
function worse(scoreA: number, idA: number, scoreB: number, idB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && idA > idB);
}

/** Best first: higher score, then smaller id. */
export function compareNeighbours(a: Neighbour, b: Neighbour): number {
  return b.score - a.score || a.id - b.id;
}
