/**
 * The photos the user opened while the deep pass runs, the latest first: the deep pass takes their stages (faces,
 * text, the viewer image, ...) before any other photo's (issue #15: "prioritised by what the user is looking at").
 * Kept in memory only: it orders work, it decides none; what it forgets is done in the walk's own order.
 */
export class DeepPriority {
  /** most recent last */
  private readonly recent: number[] = [];
  private readonly listeners = new Set<(id: number) => void>();

  /** `cap`: how many opened photos are remembered (the oldest go first) */
  constructor(private readonly cap = 256) {}

  /** The user is looking at photo `id` now: it goes to the front. */
  lookedAt(id: number): void {
    const at = this.recent.indexOf(id);
    if (at >= 0) this.recent.splice(at, 1);
    this.recent.push(id);
    if (this.recent.length > this.cap) this.recent.shift();
  }

  /** Calls `listener` with each opened photo whose deep stages a walk has just done (a viewer showing it asks
   *  again); returns the unsubscribe. */
  onDone(listener: (id: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The deep pass has just done photo `id`'s walk: the listeners hear of it if the user opened it. */
  done(id: number): void {
    if (this.recent.includes(id)) for (const listener of this.listeners) listener(id);
  }

  /** The photo looked at most recently that is in `waiting`, or undefined; it stays remembered for later walks. */
  first(waiting: ReadonlySet<number>): number | undefined {
    for (let i = this.recent.length - 1; i >= 0; i--) if (waiting.has(this.recent[i])) return this.recent[i];
    return undefined;
  }
}
