import path from 'node:path';
import type { Command, CliContext } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { evaluateTags } from '../../engine/eval/evaluate-tags.js';
import { evaluateRetrieval } from '../../engine/eval/evaluate-retrieval.js';
import { DEFAULT_SETTINGS } from '../../engine/settings.js';
import { runWithProgress } from '../job-progress.js';
import { evalPeopleCommand } from './people.js';
import { evaluateLearn } from '../../engine/eval/evaluate-learn.js';
import { evalTextCommand } from './text.js';

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
  usage:
    'loupe eval tags <folder> [--threshold T] [--predictions FILE] [--json] | loupe eval retrieval <folder> [-k N] [--ranks FILE] [--json]'
    + ' | loupe eval learn <folder> [--examples K] [--json] | loupe eval text <folder> --truth FILE [--json]'
    + ' | loupe eval people <folder> --truth FILE [--json]',
  options: {
    threshold: { type: 'string' },
    predictions: { type: 'string' },
    ranks: { type: 'string' },
    k: { type: 'string', short: 'k' },
    examples: { type: 'string' },
    truth: { type: 'string' },
  },
  async run(ctx, positionals, values) {
    const [what, folder, ...rest] = positionals;
    if (!folder || rest.length > 0) throw new UsageError('eval takes what to measure (tags, retrieval, learn, text or people) and one folder');
    if (what === 'tags') return evalTags(ctx, folder, values);
    if (what === 'retrieval') return evalRetrievalCommand(ctx, folder, values);
    if (what === 'people') return evalPeopleCommand(ctx, folder, values);
    if (what === 'learn') return evalLearnCommand(ctx, folder, values);
    if (what === 'text') return evalTextCommand(ctx, folder, values);
    throw new UsageError(`unknown evaluation '${what}': use tags, retrieval, learn, text or people`);
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

async function evalLearnCommand(ctx: CliContext, folder: string, values: Record<string, string | boolean | undefined>): Promise<number> {
  const examples = values.examples === undefined ? 5 : Number(values.examples);
  if (!Number.isInteger(examples) || examples < 3) throw new UsageError('--examples must be a whole number, at least 3');
  const report = await runWithProgress(ctx, 'eval', (job) => evaluateLearn(folder, { examples, job, warn: () => {}, provider: ctx.provider }));
  if (ctx.json) {
    ctx.io.out(JSON.stringify(report));
    return 0;
  }
  ctx.io.out(`Learned tags taught from ${examples} examples each, measured on the other ${report.images - examples} photos at the app's own threshold:`);
  ctx.io.out(`  ${'tag'.padEnd(20)} ${'photos'.padStart(6)} ${'tagged'.padStart(6)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'F1'.padStart(6)}`);
  for (const t of report.tags) {
    ctx.io.out(`  ${t.tag.padEnd(20)} ${String(t.support).padStart(6)} ${String(t.tagged).padStart(6)} ${t.precision.toFixed(3).padStart(9)} ${t.recall.toFixed(3).padStart(7)} ${t.f1.toFixed(3).padStart(6)}`);
  }
  const mm = report.mean;
  ctx.io.out(`  ${'mean'.padEnd(20)} ${''.padStart(6)} ${''.padStart(6)} ${mm.precision.toFixed(3).padStart(9)} ${mm.recall.toFixed(3).padStart(7)} ${mm.f1.toFixed(3).padStart(6)}`);
  if (report.skipped.length) ctx.io.out(`  too few photos to teach: ${report.skipped.join(', ')}`);
  return 0;
}
