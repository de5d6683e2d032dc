import { describe, expect, it } from 'vitest';
import { Job, JobCancelledError } from '../../../../src/main/engine/jobs/job.js';
import type { JobProgress } from '../../../../src/shared/library-types.js';

describe('Job', () => {
  it('reports counts, rate and ETA as items finish', async () => {
    const job = new Job('index', 0);
    const seen: JobProgress[] = [];
    job.on('progress', (p) => seen.push(p));
    job.startPhase('analyze', 4);
    for (let i = 0; i < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      job.itemDone(`/p/${i}.jpg`, i === 0);
    }
    const p = job.progress();
    expect(p).toMatchObject({ kind: 'index', phase: 'analyze', done: 2, total: 4, failed: 1, state: 'running', current: '/p/1.jpg' });
    expect(p.rate).toBeGreaterThan(0);
    expect(p.etaSeconds).not.toBeNull();
    expect(seen.at(-1)!.done).toBe(2);
  });

  it('pause holds workers at their next checkpoint until resume', async () => {
    const job = new Job('index');
    job.pause();
    expect(job.progress().state).toBe('paused');
    let passed = false;
    const waiting = job.checkpoint().then(() => (passed = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(passed).toBe(false);
    job.resume();
    await waiting;
    expect(passed).toBe(true);
  });

  it('cancel wakes paused workers and makes every checkpoint throw', async () => {
    const job = new Job('index');
    job.pause();
    const waiting = job.checkpoint();
    job.cancel();
    await expect(waiting).rejects.toBeInstanceOf(JobCancelledError);
    await expect(job.checkpoint()).rejects.toBeInstanceOf(JobCancelledError);
    expect(job.signal.aborted).toBe(true);
  });
});
