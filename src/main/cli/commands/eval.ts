import path from 'node:path';
import type { Command, CliContext } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { evaluateTags } from '../../engine/eval/evaluate-tags.js';
import { evaluateRetrieval } from '../../engine/eval/evaluate-retrieval.js';
import { DEFAULT_SETTINGS } from '../../engine/settings.js';
import { runWithProgress } from '../job-progress.js';
import { evalPeopleCommand } from './people.js';

async function evalTags(ctx: CliContext, folder: string, values: Record<string, string | boolean | undefined>): Promise<number> {
  const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new UsageError('--threshold must be a number from 0 to 1');
  const report = await runWithProgress(ctx, 'eval', (job) =>
    evaluateTags(folder, DEFAULT_SETTINGS.tagThreshold, {
      threshold,
      predictionsFile: values.predictions ? path.resolve(values.predictions as string) : undefined,
      job,
      warn: () => {},
      provider: ctx.provider,
    }),
  );
  if (ctx.json) {
    const { sweep: _sweep, ...rest } = report;
    ctx.io.out(JSON.stringify(rest));
    return 0;
  }
  ctx.io.out(`Auto-tags at confidence >= ${report.threshold} over ${report.images} images:`);
  ctx.io.out(`  ${'tag'.padEnd(16)} ${'images'.padStart(6)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'F1'.padStart(6)}`);
  for (const t of report.tags) {
    ctx.io.out(`  ${t.tag.padEnd(16)} ${String(t.support).padStart(6)} ${t.precision.toFixed(3).padStart(9)} ${t.recall.toFixed(3).padStart(7)} ${t.f1.toFixed(3).padStart(6)}`);
  }
  const m = report.micro;
  ctx.io.out(`  ${'all'.padEnd(16)} ${''.padStart(6)} ${m.precision.toFixed(3).padStart(9)} ${m.recall.toFixed(3).padStart(7)} ${m.f1.toFixed(3).padStart(6)}`);
  if (report.tags.length === 0) ctx.io.err('No sub-folder is named after a tag Loupe knows (e.g. dog, 狗, motorcycle).');
  return 0;
}

export const evalCommand: Command = {
  name: 'eval',
  summary: 'measure tagging or similarity quality on a folder whose sub-folders are the labels',
  usage: 'loupe eval tags <folder> [--threshold T] [--predictions FILE] [--json] | loupe eval retrieval <folder> [-k N] [--ranks FILE] [--json] | loupe eval people <folder> --truth FILE [--json]',
  options: {
    threshold: { type: 'string' },
    predictions: { type: 'string' },
    ranks: { type: 'string' },
    k: { type: 'string', short: 'k' },
    truth: { type: 'string' },
  },
  async run(ctx, positionals, values) {
    const [what, folder, ...rest] = positionals;
    if (!folder || rest.length > 0) throw new UsageError('eval takes what to measure (tags, retrieval or people) and one folder');
    if (what === 'tags') return evalTags(ctx, folder, values);
    if (what === 'retrieval') return evalRetrievalCommand(ctx, folder, values);
    if (what === 'people') return evalPeopleCommand(ctx, folder, values);
    throw new UsageError(`unknown evaluation '${what}': use tags, retrieval or people`);
  },
};

async function evalRetrievalCommand(ctx: CliContext, folder: string, values: Record<string, string | boolean | undefined>): Promise<number> {
  const k = values.k === undefined ? 100 : Number(values.k);
  if (!Number.isInteger(k) || k < 1) throw new UsageError('-k must be a positive whole number');
  const report = await runWithProgress(ctx, 'eval', (job) =>
    evaluateRetrieval(folder, {
      k,
      ranksFile: values.ranks ? path.resolve(values.ranks as string) : undefined,
      job,
      warn: () => {},
      provider: ctx.provider,
    }),
  );
  const { skipped, ...scores } = report;
  if (ctx.json) {
    ctx.io.out(JSON.stringify(scores));
    return 0;
  }
  ctx.io.out(`Find-similar over ${scores.queries} queries (every image against all the others):`);
  ctx.io.out(`  mAP   ${scores.mAP.toFixed(4)}\n  P@1   ${scores['P@1'].toFixed(4)}\n  P@10  ${scores['P@10'].toFixed(4)}`);
  if (skipped > 0) ctx.io.out(`  ${skipped} image(s) could not be indexed and were left out.`);
  return 0;
}
