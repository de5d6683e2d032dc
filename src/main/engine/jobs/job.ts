import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { JobPhase, JobProgress, WriterWait } from '../../../shared/library-types.js';
import { LibraryError } from '../errors.js';

/** Thrown out of a cancelled job's work: recognise it with `instanceof` (its code is 'cancelled'). */
export class JobCancelledError extends LibraryError {
  constructor() {
    super('cancelled', 'The job was cancelled.');
    this.name = 'JobCancelledError';
  }
}

/**
 * A unit of long work that reports progress and can be paused, resumed and cancelled between items.
 * Jobs hold no state worth saving: every finished item is committed to the catalog as it completes, so a job killed
 * at any moment is resumed by simply running it again (the catalog says what is still due).
 */
export class Job extends EventEmitter<{ progress: [JobProgress] }> {
  readonly id = randomUUID();
  private readonly abort = new AbortController();
  private paused = false;
  private resumeWaiters: (() => void)[] = [];
  private phase: JobPhase = 'scan';
  private stages: readonly string[] = [];
  private done = 0;
  private total = 0;
  private failed = 0;
  private current: string | null = null;
  private waitingFor: WriterWait | null = null;
  private phaseStartedAt = Date.now();
  private pausedMs = 0;
  private pausedAt = 0;
  private lastEmit = 0;
  private finalState: JobProgress['state'] | null = null;
  /** wall-clock ms spent per step name (summed over files), for benchmarks and logs */
  readonly timings = new Map<string, { ms: number; count: number }>();

  constructor(readonly kind: string, private readonly emitEveryMs = 200) {
    super();
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    if (this.paused || this.finalState) return;
    this.paused = true;
    this.pausedAt = Date.now();
    this.emitProgress(true);
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.pausedMs += Date.now() - this.pausedAt;
    for (const wake of this.resumeWaiters.splice(0)) wake();
    this.emitProgress(true);
  }

  cancel(): void {
    this.abort.abort(new JobCancelledError());
    this.resume();
  }

  /** Call between items: waits while paused, throws JobCancelledError once cancelled. */
  async checkpoint(): Promise<void> {
    while (this.paused && !this.abort.signal.aborted) {
      await new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
    }
    if (this.abort.signal.aborted) throw new JobCancelledError();
  }

  /** Another Loupe process holds the library (null: no longer): shown instead of a phase that has not begun. */
  waitFor(holder: WriterWait | null): void {
    this.waitingFor = holder && { command: holder.command, since: holder.since };
    this.emitProgress(true);
  }

  /** Starts a phase; `stages` names the deep stages a 'deep' phase runs (faces, text, ...). */
  startPhase(phase: JobPhase, total: number, stages: readonly string[] = []): void {
    this.phase = phase;
    this.stages = stages;
    this.total = total;
    this.done = 0;
    this.failed = 0;
    this.current = null;
    this.phaseStartedAt = Date.now();
    this.pausedMs = 0;
    this.emitProgress(true);
  }

  /** One item of the current phase finished (successfully or not). */
  itemDone(current: string | null, ok = true): void {
    this.done++;
    if (!ok) this.failed++;
    this.current = current;
    this.emitProgress(this.done === this.total);
  }

  /** Adds the duration of one step on one item to the job's per-step totals. */
  recordTiming(step: string, ms: number): void {
    const t = this.timings.get(step) ?? { ms: 0, count: 0 };
    t.ms += ms;
    t.count++;
    this.timings.set(step, t);
  }

  finish(state: 'done' | 'failed' | 'cancelled'): void {
    this.finalState = state;
    this.emitProgress(true);
  }

  progress(): JobProgress {
    const activeMs = Math.max(1, Date.now() - this.phaseStartedAt - this.pausedMs - (this.paused ? Date.now() - this.pausedAt : 0));
    const rate = this.done / (activeMs / 1000);
    const remaining = this.total - this.done;
    return {
      jobId: this.id,
      kind: this.kind,
      state: this.finalState ?? (this.abort.signal.aborted ? 'cancelled' : this.paused ? 'paused' : 'running'),
      phase: this.phase,
      stages: [...this.stages],
      done: this.done,
      total: this.total,
      failed: this.failed,
      rate: Math.round(rate * 100) / 100,
      etaSeconds: this.done > 0 && rate > 0 ? Math.round(remaining / rate) : null,
      current: this.current,
      ...(this.waitingFor ? { waitingFor: this.waitingFor } : {}),
    };
  }

  private emitProgress(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastEmit < this.emitEveryMs) return;
    this.lastEmit = now;
    this.emit('progress', this.progress());
  }
}
