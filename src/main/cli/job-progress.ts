import type { CliContext } from './cli-context.js';
import { Job } from '../engine/jobs/job.js';
import { ProgressBar } from './progress-bar.js';

/**
 * Runs long work as a job whose progress is drawn on the terminal (human mode only) and that Ctrl-C or SIGTERM
 * cancels cleanly between files; the bar and the signal handlers are removed however the work ends.
 */
export async function runWithProgress<T>(ctx: CliContext, kind: string, work: (job: Job) => Promise<T>): Promise<T> {
  const job = new Job(kind);
  const bar = ctx.io.isTty && !ctx.json ? new ProgressBar((s) => process.stderr.write(s), process.stderr.columns ?? 100) : null;
  if (bar) job.on('progress', (p) => bar.update(p));
  const onSignal = () => job.cancel();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work(job);
  } finally {
    bar?.clear();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
