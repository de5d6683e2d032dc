import type { CliContext } from './cli-context.js';
import { Job, JobCancelledError } from '../engine/jobs/job.js';
import { ProgressBar } from './progress-bar.js';

/** Said at once on Ctrl-C: the photos in flight stop at their next step (their requests to the model process are
 *  dropped; a model run already going finishes), under a second on ../shared/data (bench/index-cancel.ts), and a
 *  user who sees nothing presses again. */
export const STOPPING_NOTICE = 'Stopping after the photos in progress; press Ctrl-C again to quit at once.';

/**
 * Runs long work as a job whose progress is drawn on the terminal (human mode only) and that Ctrl-C or SIGTERM
 * cancels cleanly between files; the bar and the signal handlers are removed however the work ends. The first
 * Ctrl-C says so at once; the handlers are `once`, so a second one quits at once (what is committed stays). With
 * --json, a stopped run still prints one object, `{"stopped":true,"kind":...}`.
 */
export async function runWithProgress<T>(ctx: CliContext, kind: string, work: (job: Job) => Promise<T>): Promise<T> {
  const job = new Job(kind);
  const bar = ctx.io.isTty && !ctx.json ? new ProgressBar((s) => process.stderr.write(s), process.stderr.columns ?? 100) : null;
  if (bar) job.on('progress', (p) => bar.update(p));
  const onSignal = () => {
    bar?.clear();
    ctx.io.err(STOPPING_NOTICE);
    job.cancel();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work(job);
  } catch (err) {
    // a script reading --json gets one object either way: a stopped run says so (the exit status is 130)
    if (err instanceof JobCancelledError && ctx.json) ctx.io.out(JSON.stringify({ stopped: true, kind }));
    throw err;
  } finally {
    bar?.clear();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
