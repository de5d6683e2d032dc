// Ctrl-C during a long CLI job: the user is told at once that Loupe is stopping (the photos in flight finish first,
// which can take a while), the job is cancelled, and the handler is gone afterwards so a second Ctrl-C quits at once.
import { describe, expect, it } from 'vitest';
import { runWithProgress, STOPPING_NOTICE } from '../../../src/main/cli/job-progress.js';
import type { CliContext } from '../../../src/main/cli/cli-context.js';
import { JobCancelledError } from '../../../src/main/engine/jobs/job.js';

describe('runWithProgress on Ctrl-C', () => {
  it('says it is stopping as soon as the signal comes, cancels the job, and leaves no handler behind', async () => {
    const said: string[] = [];
    const printed: string[] = [];
    const ctx = { io: { out: (t: string) => printed.push(t), err: (t: string) => said.push(t), isTty: false }, json: true } as unknown as CliContext;
    const before = process.listeners('SIGINT');
    let cancelledAfterNotice = false;
    const running = runWithProgress(ctx, 'index', (job) => new Promise<never>((_, reject) => {
      job.signal.addEventListener('abort', () => {
        cancelledAfterNotice = said.includes(STOPPING_NOTICE);
        reject(new JobCancelledError());
      });
    }));
    const ours = process.listeners('SIGINT').filter((l) => !before.includes(l));
    expect(ours).toHaveLength(1);
    expect(said).toEqual([]);
    // what Node does on Ctrl-C, without signalling the test runner itself
    (ours[0] as () => void)();
    expect(said).toEqual([STOPPING_NOTICE]);
    await expect(running).rejects.toBeInstanceOf(JobCancelledError);
    expect(cancelledAfterNotice).toBe(true);
    // --json: a script still gets one object on stdout, saying the run stopped
    expect(printed.map((t) => JSON.parse(t) as unknown)).toEqual([{ stopped: true, kind: 'index' }]);
    expect(process.listeners('SIGINT')).toEqual(before);
  });
});
