import type { Command, CliContext } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { Job } from '../../engine/jobs/job.js';
import { ProgressBar } from '../progress-bar.js';
import { formatIndexSummary } from '../format-summary.js';

/** A job whose progress is drawn on the terminal (human mode only), and that Ctrl-C cancels cleanly. */
export function attachProgress(ctx: CliContext, job: Job): () => void {
  const bar = ctx.io.isTty && !ctx.json ? new ProgressBar((s) => process.stderr.write(s), process.stderr.columns ?? 100) : null;
  if (bar) job.on('progress', (p) => bar.update(p));
  const onSignal = () => job.cancel();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    bar?.clear();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

export const indexCommand: Command = {
  name: 'index',
  summary: 'bring the catalog up to date with the library folders',
  usage: 'loupe index [--json]',
  async run(ctx, positionals) {
    if (positionals.length > 0) throw new UsageError('index takes no arguments (it indexes every library folder)');
    const library = ctx.engine().library;
    if (library.listFolders().length === 0) {
      ctx.io.err('The library has no folders yet: add one with `loupe add <folder>`.');
    }
    const job = new Job('index');
    const detach = attachProgress(ctx, job);
    try {
      const summary = await library.index(job);
      ctx.io.out(ctx.json ? JSON.stringify(summary) : formatIndexSummary(summary));
      return 0;
    } finally {
      detach();
    }
  },
};
