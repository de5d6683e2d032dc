// Dropped photos arrive as large request bodies (up to ~54 MB of base64 each) and are decoded and run through the
// models: unlimited in parallel, six of them took `loupe serve` from 0.4 to 1.9 GB. Large requests therefore take
// one of a few slots; the others wait unread (their bytes stay in the socket, not in memory), and past a queue of
// waiting uploads the server says it is busy instead of piling up more.

/** A request body at least this large (or of unknown length) is an upload. */
export const UPLOAD_BYTES = 1024 * 1024;
/** Uploads handled at once. */
export const MAX_CONCURRENT_UPLOADS = 2;
/** Uploads allowed to wait for a slot; more are refused with 503. */
export const MAX_WAITING_UPLOADS = 8;

export class UploadLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrent = MAX_CONCURRENT_UPLOADS,
    private readonly maxWaiting = MAX_WAITING_UPLOADS,
  ) {}

  /** Resolves to a release function once a slot is free; null when too many wait already. */
  async acquire(): Promise<(() => void) | null> {
    if (this.active >= this.concurrent) {
      if (this.waiting.length >= this.maxWaiting) return null;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight to the next upload
      else this.active--;
    };
  }

  get inFlight(): number {
    return this.active;
  }
}
