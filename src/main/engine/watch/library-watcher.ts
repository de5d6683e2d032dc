import { EventEmitter } from 'node:events';
import path from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';
import type { IndexSummary } from '../../../shared/library-types.js';
import { WATCH_REMOVAL_GRACE_MS } from '../library/library-service.js';
import { isInsideOrEqual } from '../library/folder-paths.js';
import type { Job } from '../jobs/job.js';

export interface WatcherOptions {
  /** quiet time before a batch of changes is indexed */
  debounceMs?: number;
  /** removals wait this long for the matching "add" of a move, so a moved photo keeps its identity */
  moveGraceMs?: number;
  /** a file must stop growing for this long before it is read (copies in progress) */
  writeStabilityMs?: number;
  /** folders never reported (the library home) */
  exclude?: readonly string[];
  /** a vanished file counts as removed once it has not come back for this long (default: the library's) */
  removalGraceMs?: number;
}


/** What the watcher needs of the library (LibraryService is one; the backend hands it one that queues its runs). */
export interface WatchedLibrary {
  /** Indexes the changed paths of one batch; vanished files are counted as removed after `graceMs`. */
  indexPaths(paths: readonly string[], job?: Job, graceMs?: number): Promise<IndexSummary>;
  /** Whether vanished files wait to be counted as removed (the watcher then calls indexPaths([]) later). */
  hasPendingRemovals(): boolean;
}

/**
 * Follows library folders live and feeds changed paths to the library in debounced batches. Uses chokidar rather
 * than recursive fs.watch, which drops events in bursts (a camera import of 500 files) on Linux.
 * Start-up reconciliation is the caller's job: `library.index()` AFTER `start()` has resolved, so nothing missed
 * while Loupe was closed is lost, and nothing added during that first pass either (the scan or the watcher sees it).
 */
export class LibraryWatcher extends EventEmitter<{ batch: [IndexSummary]; error: [Error]; ready: [] }> {
  private watcher: FSWatcher | null = null;
  private pending = new Set<string>();
  private hasRemovals = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private readonly debounceMs: number;
  private readonly moveGraceMs: number;
  private readonly stabilityMs: number;
  private readonly exclude: string[];
  private readonly removalGraceMs: number | undefined;
  private settleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly library: WatchedLibrary, options: WatcherOptions = {}) {
    super();
    this.debounceMs = options.debounceMs ?? 400;
    this.moveGraceMs = options.moveGraceMs ?? 1500;
    this.stabilityMs = options.writeStabilityMs ?? 500;
    this.exclude = (options.exclude ?? []).map((p) => path.resolve(p));
    this.removalGraceMs = options.removalGraceMs;
  }

  async start(folders: readonly string[]): Promise<void> {
    const watcher = chokidar.watch([...folders], {
      ignoreInitial: true,
      followSymlinks: true,
      awaitWriteFinish: { stabilityThreshold: this.stabilityMs, pollInterval: 100 },
      ignored: (p: string) => path.basename(p).startsWith('.') || this.exclude.some((e) => isInsideOrEqual(p, e)),
    });
    this.watcher = watcher;
    watcher.on('all', (event, p) => this.onEvent(event, p));
    watcher.on('error', (err) => this.emit('error', err instanceof Error ? err : new Error(String(err))));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    this.emit('ready');
  }

  /** Resolves once every change reported so far has been indexed. */
  async idle(): Promise<void> {
    while (this.timer || this.pending.size > 0) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.running;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    await this.watcher?.close();
    this.watcher = null;
    await this.running;
  }

  private onEvent(event: string, p: string): void {
    if (event === 'unlink' || event === 'unlinkDir') this.hasRemovals = true;
    this.pending.add(p);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.hasRemovals ? this.moveGraceMs : this.debounceMs);
  }

  private flush(): void {
    this.timer = null;
    const batch = [...this.pending];
    this.pending.clear();
    this.hasRemovals = false;
    // Batches run one after another: the catalog sees changes in the order they happened.
    this.running = this.running.then(async () => {
      try {
        this.emit('batch', await this.library.indexPaths(batch, undefined, this.removalGraceMs));
      } catch (err) {
        this.emit('error', err instanceof Error ? err : new Error(String(err)));
      }
      this.scheduleSettle();
    });
  }

  /** Files that vanished wait as move candidates; once their grace period is over, an empty batch settles them. */
  private scheduleSettle(): void {
    if (this.settleTimer || !this.watcher || !this.library.hasPendingRemovals()) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      this.flush();
    }, (this.removalGraceMs ?? WATCH_REMOVAL_GRACE_MS) + 100);
    this.settleTimer.unref();
  }
}
