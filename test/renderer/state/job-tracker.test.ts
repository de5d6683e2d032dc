import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src/shared/library-types.js';
import { JobTracker } from '../../../src/renderer/state/job-tracker.js';

function progress(jobId: string, state: JobProgress['state'], done = 0, total = 0): JobProgress {
  return { jobId, kind: 'watch', state, phase: 'scan', stages: [], done, total, failed: 0, rate: 0, etaSeconds: null, current: null };
}

describe('JobTracker', () => {
  it('keeps a finished batch finished when a status snapshot taken while it ran arrives after its last event', () => {
    const jobs = new JobTracker();
    const running = progress('batch-1', 'running');
    jobs.onEvent(running);
    let shown: JobProgress | null = jobs.onEvent(progress('batch-1', 'done', 12, 12));
    // the reply to a status call made while the batch ran, late over its own connection
    shown = jobs.onStatus(running, shown);
    expect(shown?.state).toBe('done');
  });

  it('takes a snapshot of a job it has not seen end, running or paused', () => {
    const jobs = new JobTracker();
    let shown: JobProgress | null = jobs.onEvent(progress('batch-1', 'done'));
    shown = jobs.onStatus(progress('batch-2', 'paused', 3, 12), shown);
    expect(shown).toMatchObject({ jobId: 'batch-2', state: 'paused' });
    expect(jobs.onStatus(null, shown)).toBe(shown); // "no job" says nothing about the one shown
  });

  it('marks the shown job done on its index:finished, and only that job', () => {
    const jobs = new JobTracker();
    const shown = jobs.onEvent(progress('index-1', 'running', 5, 9));
    expect(jobs.onFinished('other', shown)?.state).toBe('running');
    expect(jobs.onFinished('index-1', shown)?.state).toBe('done');
    expect(jobs.onStatus(progress('index-1', 'running', 8, 9), null)).toBeNull();
  });

  it('still recognises the running batch after many ended ones', () => {
    const jobs = new JobTracker();
    for (let i = 0; i < 500; i++) jobs.onEvent(progress(`old-${i}`, 'done'));
    expect(jobs.onStatus(progress('old-499', 'running'), null)).toBeNull();
    expect(jobs.onStatus(progress('new', 'running'), null)?.jobId).toBe('new');
  });
});
