import fs from 'node:fs/promises';

/**
 * Holds back files that are still being written (a copy from a camera card, a download) until their size and
 * modification time have stopped changing for `stabilityMs`, then hands each one on once. A file that vanishes while
 * it waits is dropped (the watcher reports its deletion separately); a path that turns out to be a folder is handed
 * to `onFolder`. This is what chokidar's `awaitWriteFinish` did: stat again after the quiet time.
 */
export class WriteStability {
  private readonly waiting = new Map<string, { size: number; mtimeMs: number; since: number }>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private closed = false;
  private readonly pollMs: number;

  constructor(
    private readonly stabilityMs: number,
    private readonly onStable: (file: string) => void,
    private readonly onFolder: (folder: string) => void,
  ) {
    // chokidar polled every 100 ms; a shorter quiet time polls more often so it is not overshot by much
    this.pollMs = Math.max(20, Math.min(100, Math.floor(stabilityMs / 2)));
  }

  /** Whether some file is still waiting to settle. */
  get busy(): boolean {
    return this.waiting.size > 0 || this.polling !== null;
  }

  /** A file was created or written: (re)start its quiet time. */
  touch(file: string): void {
    if (this.closed) return;
    this.waiting.set(file, { size: -1, mtimeMs: -1, since: Date.now() });
    this.schedule();
  }

  /** The file is gone: stop waiting for it. */
  forget(file: string): void {
    this.waiting.delete(file);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.waiting.clear();
    await this.polling;
  }

  private schedule(): void {
    if (this.timer || this.polling || this.closed || this.waiting.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.polling = this.poll().finally(() => {
        this.polling = null;
        this.schedule();
      });
    }, this.pollMs);
  }

  private async poll(): Promise<void> {
    const entries = [...this.waiting];
    const stats = await Promise.all(entries.map(([file]) => fs.stat(file).catch(() => null)));
    const now = Date.now();
    entries.forEach(([file, seen], i) => {
      const stat = stats[i];
      if (this.closed || this.waiting.get(file) !== seen) return; // closed, or touched again while we looked
      if (!stat) {
        this.waiting.delete(file);
      } else if (stat.isDirectory()) {
        this.waiting.delete(file);
        this.onFolder(file);
      } else if (stat.size !== seen.size || stat.mtimeMs !== seen.mtimeMs) {
        this.waiting.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, since: now });
      } else if (now - seen.since >= this.stabilityMs) {
        this.waiting.delete(file);
        this.onStable(file);
      }
    });
  }
}
