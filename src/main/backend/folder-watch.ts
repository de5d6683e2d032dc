// Follows the library folders live, like `loupe watch`, for as long as a backend runs; started again whenever the
// folder list changes. The watcher's batches go through the backend's serial queue so they never run beside a
// full index.
import type { IndexSummary, JobProgress } from '../../shared/library-types.js';
import { Job } from '../engine/jobs/job.js';
import { LibraryWatcher, type WatchedLibrary, type WatcherOptions } from '../engine/watch/library-watcher.js';
import type { SerialQueue } from './serial-queue.js';
import { liveRefresh } from './live-refresh.js';

export interface FolderWatchDeps {
  library: WatchedLibrary;
  queue: SerialQueue;
  /** folders never reported (the library home) */
  exclude: string[];
  onBatch: (summary: IndexSummary) => void;
  onError: (error: Error) => void;
  /** a library folder went (unplugged, renamed away) or came back */
  onFolderState?: (folder: string) => void;
  /** progress of the batch being indexed, so the UI shows watcher-driven work like a full index (ends with 'done') */
  onProgress?: (progress: JobProgress) => void;
  /** more of the batch's photos are browsable (its quick pass went on or ended), before the batch ends */
  onReady?: () => void;
  /** timings for tests; defaults are the watcher's */
  options?: Omit<WatcherOptions, 'exclude'>;
}

export class FolderWatch {
  private watcher: LibraryWatcher | null = null;
  /** restarts run one after another; the last one asked for wins */
  private restarting: Promise<void> = Promise.resolve();
  private closed = false;
  /** the batch being indexed now */
  private running: Job | null = null;

  constructor(private readonly deps: FolderWatchDeps) {}

  /** The watcher's batch being indexed now, as progress; null when none. */
  progress(): JobProgress | null {
    return this.running?.progress() ?? null;
  }

  /** The running batch's job with this id (pause, resume, cancel from the UI), or null. */
  job(jobId: string): Job | null {
    return this.running?.id === jobId ? this.running : null;
  }

  /** Watches exactly `folders` from now on (none: stops watching). Resolves once the new watcher is ready. */
  restart(folders: readonly string[]): Promise<void> {
    const next = this.restarting.then(async () => {
      await this.stop();
      if (this.closed || folders.length === 0) return;
      const { library, queue } = this.deps;
      // The watcher is handed the library with its indexPaths waiting its turn in the queue, and each batch's job
      // reported as progress (so watcher-driven indexing shows in the UI and can be paused).
      const queued: WatchedLibrary = {
        indexPaths: (paths, given, graceMs) =>
          queue.run(async () => {
            const job = given ?? new Job('watch');
            const refresh = liveRefresh(() => this.deps.onReady?.());
            const report = (p: JobProgress): void => {
              this.deps.onProgress?.(p);
              refresh(p);
            };
            job.on('progress', report);
            this.running = job;
            try {
              return await library.indexPaths(paths, job, graceMs);
            } finally {
              this.running = null;
              job.off('progress', report);
              if (paths.length > 0) this.deps.onProgress?.({ ...job.progress(), state: 'done' });
            }
          }),
        hasPendingRemovals: () => library.hasPendingRemovals(),
      };
      const watcher = new LibraryWatcher(queued, { ...this.deps.options, exclude: this.deps.exclude });
      watcher.on('batch', (s) => this.deps.onBatch(s));
      watcher.on('error', (e) => this.deps.onError(e));
      watcher.on('folder', (f) => this.deps.onFolderState?.(f));
      this.watcher = watcher;
      await watcher.start(folders);
    });
    this.restarting = next.catch((err: unknown) => this.deps.onError(err instanceof Error ? err : new Error(String(err))));
    return this.restarting;
  }

  /** Resolves once every change reported so far has been indexed. */
  async idle(): Promise<void> {
    await this.restarting;
    await this.watcher?.idle();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.restarting;
    await this.stop();
  }

  private async stop(): Promise<void> {
    const w = this.watcher;
    this.watcher = null;
    await w?.close();
  }
}
