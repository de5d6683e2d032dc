// The one indexing job a backend runs at a time: started by the UI (or by adding a folder), reported through
// events, paused, resumed and cancelled by id.
import type { ApiEvent, LoupeEvents } from '../../shared/api.js';
import { ApiError } from '../../shared/api-dispatch.js';
import type { IndexSummary, JobProgress, LibraryFolder } from '../../shared/library-types.js';
import { Job, JobCancelledError } from '../engine/jobs/job.js';
import type { SerialQueue } from './serial-queue.js';
import { liveRefresh } from './live-refresh.js';

export type EmitEvent = <E extends ApiEvent>(event: E, payload: LoupeEvents[E]) => void;

export interface IndexJobsDeps {
  /** the full reconcile + processing run (LibraryService.index) */
  index: (job: Job) => Promise<IndexSummary>;
  listFolders: () => LibraryFolder[];
  queue: SerialQueue;
  emit: EmitEvent;
  warn: (message: string) => void;
}

export class IndexJobs {
  private current: { job: Job; done: Promise<void> } | null = null;
  private closed = false;

  constructor(private readonly deps: IndexJobsDeps) {}

  /** The job running (or waiting for the watcher's batch to finish), or null. */
  progress(): JobProgress | null {
    return this.current?.job.progress() ?? null;
  }

  /** Starts a full index, or returns the one already running: two would only do the same work twice. */
  start(): { jobId: string } {
    if (this.closed) throw new ApiError('engine-unavailable', 'The library is closing');
    if (this.current) return { jobId: this.current.job.id };
    const job = new Job('index');
    // Photos appear in the grid while a long first index runs, not only at its end, which comes after the deep pass
    const refresh = liveRefresh(() => this.deps.emit('library:changed', { reason: 'indexing' }));
    job.on('progress', (p) => {
      this.deps.emit('index:progress', p);
      refresh(p);
    });
    const done = this.deps.queue
      .run(() => this.runJob(job))
      .catch((err: unknown) => this.deps.warn(`Indexing could not report its end: ${(err as Error).message}`))
      .finally(() => {
        if (this.current?.job === job) this.current = null;
      });
    this.current = { job, done };
    return { jobId: job.id };
  }

  pause(jobId: string): void {
    this.find(jobId).pause();
  }

  resume(jobId: string): void {
    this.find(jobId).resume();
  }

  cancel(jobId: string): void {
    this.find(jobId).cancel();
  }

  /** Resolves when the running job (if any) has ended. */
  async settled(): Promise<void> {
    await this.current?.done;
  }

  /** Cancels the running job and waits for it: work finished so far is already in the catalog. */
  async close(): Promise<void> {
    this.closed = true;
    this.current?.job.cancel();
    await this.settled();
  }

  private find(jobId: string): Job {
    if (this.current?.job.id !== jobId) throw new ApiError('not-found', `No indexing job ${jobId} is running`);
    return this.current.job;
  }

  private async runJob(job: Job): Promise<void> {
    try {
      await job.checkpoint(); // cancelled while it waited in the queue
      const summary = await this.deps.index(job);
      this.deps.emit('index:finished', { jobId: job.id, summary });
    } catch (err) {
      if (err instanceof JobCancelledError || job.signal.aborted) {
        job.finish('cancelled');
      } else {
        job.finish('failed');
        this.deps.warn(`Indexing failed: ${(err as Error).message}`);
      }
    } finally {
      // Even a cancelled or failed run has committed every file it finished.
      this.deps.emit('folders:changed', { folders: this.deps.listFolders() });
      this.deps.emit('library:changed', { reason: 'index' });
    }
  }
}
