import type { Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { LibraryWatcher } from '../../engine/watch/library-watcher.js';
import { runWithProgress } from '../job-progress.js';
import { formatIndexSummary } from '../format-summary.js';

export const watchCommand: Command = {
  name: 'watch',
  summary: 'index, then follow the library folders live until Ctrl-C',
  usage: 'loupe watch [--json]',
  async run(ctx, positionals) {
    if (positionals.length > 0) throw new UsageError('watch takes no arguments');
    const engine = ctx.engine();
    const library = engine.library;
    const folders = library.listFolders().map((f) => f.path);
    if (folders.length === 0) {
      ctx.io.err('The library has no folders yet: add one with `loupe add <folder>`.');
      return 1;
    }
    // Follow live first, then catch up on whatever changed while Loupe was not running: a file added during the
    // catch-up scan is then either seen by the scan or reported by the watcher (its batch waits for the scan).
    const watcher = new LibraryWatcher(library, { exclude: [engine.layout.root] });
    watcher.on('batch', (s) => {
      if (ctx.json) ctx.io.out(JSON.stringify({ event: 'changed', ...s }));
      else if (s.added + s.updated + s.moved + s.removed + s.failed.length > 0) ctx.io.out(formatIndexSummary(s));
    });
    watcher.on('error', (e) => ctx.io.err(`watch error: ${e.message}`));
    await watcher.start(folders);
    try {
      const first = await runWithProgress(ctx, 'index', (job) => library.index(job));
      ctx.io.out(ctx.json ? JSON.stringify({ event: 'indexed', ...first }) : formatIndexSummary(first));
    } catch (err) {
      await watcher.close();
      throw err;
    }
    if (ctx.json) ctx.io.out(JSON.stringify({ event: 'watching', folders }));
    else ctx.io.out(`Watching ${folders.length} folder(s). Press Ctrl-C to stop.`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await watcher.close();
    return 0;
  },
};
