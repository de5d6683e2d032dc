import type { Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { runWithProgress } from '../job-progress.js';
import { formatIndexSummary } from '../format-summary.js';

export const indexCommand: Command = {
  name: 'index',
  summary: 'bring the catalog up to date with the library folders',
  usage: 'loupe index [--quick] [--json]',
  options: { quick: { type: 'boolean' } },
  async run(ctx, positionals, values) {
    if (positionals.length > 0) throw new UsageError('index takes no arguments (it indexes every library folder)');
    const library = ctx.engine().library;
    if (library.listFolders().length === 0) {
      ctx.io.err('The library has no folders yet: add one with `loupe add <folder>`.');
    }
    const summary = await runWithProgress(ctx, 'index', (job) => library.index(job, { quick: values.quick === true }));
    ctx.io.out(ctx.json ? JSON.stringify(summary) : formatIndexSummary(summary));
    return 0;
  },
};
