import type { Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { formatDamaged, formatFailures } from '../format-summary.js';
import { stageLabel } from '../../../shared/stage-labels.js';

export const statusCommand: Command = {
  name: 'status',
  summary: 'show library folders, counts and files that could not be indexed',
  usage: 'loupe status [--json]',
  async run(ctx, positionals) {
    if (positionals.length > 0) throw new UsageError('status takes no arguments');
    const engine = ctx.reader();
    const s = engine.library.status();
    const provider = engine.lastProviderReport();
    const inference = provider ? { provider: provider.provider, fallbacks: provider.fallbacks } : null;
    const homeNotice = engine.homeNotice();
    if (ctx.json) {
      ctx.io.out(JSON.stringify({ ...s, inference, homeNotice }));
      return 0;
    }
    ctx.io.out(`Library home: ${ctx.home}`);
    if (homeNotice) ctx.io.out(homeNotice);
    if (s.folders.length === 0) ctx.io.out('No library folders yet: add one with `loupe add <folder>`.');
    for (const f of s.folders) {
      const state = f.status === 'ok' ? '' : `  [${f.status}: ${f.reason}]`;
      ctx.io.out(`  ${f.path}  (${f.files} files)${state}`);
    }
    ctx.io.out(`${s.files} indexed, ${s.pending} pending, ${s.failed.length} failed.`);
    const deepPending = Object.entries(s.pendingByStage).filter(([, n]) => n > 0);
    if (deepPending.length > 0) ctx.io.out(`Still to do: ${deepPending.map(([stage, n]) => `${stageLabel(stage)} ${n}`).join(', ')}.`);
    if (inference) {
      const passed = inference.fallbacks.map((f) => `${f.provider}: ${f.reason}`).join('; ');
      ctx.io.out(`Models run on: ${inference.provider}${passed ? ` (not used: ${passed})` : ''}`);
    }
    if (s.failed.length > 0) ctx.io.out(formatFailures(s.failed));
    if (s.damaged.length > 0) ctx.io.out(formatDamaged(s.damaged));
    return 0;
  },
};
