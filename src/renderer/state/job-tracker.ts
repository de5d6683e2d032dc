// Which indexing job the progress bar shows. Progress reaches the UI two ways that can cross: events, pushed the
// moment a job changes, and status replies, a snapshot taken when the backend answered. In the browser they travel
// over separate connections (an EventSource and fetch), so under load a reply taken while a watcher's short batch
// ran can arrive after that batch's final event. Shown as it is, it would keep the bar of a finished job up for good
// ("0 / 0", nothing left to end it). A job's end is final: a snapshot of a job already seen ending is stale.
import type { JobProgress } from '../../shared/library-types.js';

/** Enough for every watcher batch of a long session to be told apart from the one running. */
const REMEMBERED_ENDS = 64;

export class JobTracker {
  private readonly ended = new Set<string>();

  /** The job to show after a progress event: the event itself, the newest word on its job. */
  onEvent(progress: JobProgress): JobProgress {
    if (progress.state !== 'running' && progress.state !== 'paused') this.markEnded(progress.jobId);
    return progress;
  }

  /** The job to show after 'index:finished' for `jobId` (which may be another job than the one shown). */
  onFinished(jobId: string, shown: JobProgress | null): JobProgress | null {
    this.markEnded(jobId);
    return shown?.jobId === jobId ? { ...shown, state: 'done' } : shown;
  }

  /** The job to show after a status reply: its snapshot, unless that job was already seen ending. */
  onStatus(snapshot: JobProgress | null, shown: JobProgress | null): JobProgress | null {
    if (!snapshot || this.ended.has(snapshot.jobId)) return shown;
    return snapshot;
  }

  private markEnded(jobId: string): void {
    this.ended.delete(jobId);
    this.ended.add(jobId);
    // a Set iterates in insertion order: the first is the oldest
    if (this.ended.size > REMEMBERED_ENDS) this.ended.delete(this.ended.values().next().value!);
  }
}
