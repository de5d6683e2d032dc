import fs from 'node:fs';
import path from 'node:path';
import type { CliContext, Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { addCounts, countWords, NO_WORDS, parseTruth, summarize, type WordCounts } from '../../engine/text/text-eval.js';

export const textCommand: Command = {
  name: 'text',
  summary: 'read the text in an image (Chinese and English): each line with its box and confidence',
  usage: 'loupe text <image> [--json]',
  async run(ctx, positionals) {
    if (positionals.length !== 1) throw new UsageError('text takes exactly one image path');
    const read = await ctx.reader().text.readImage(positionals[0]);
    const out = { path: read.path, lines: read.lines.map((l) => ({ text: l.text, box: l.box, confidence: l.confidence })) };
    if (ctx.json) ctx.io.out(JSON.stringify(out));
    else if (out.lines.length === 0) ctx.io.out('No text found.');
    else for (const l of out.lines) ctx.io.out(`${l.confidence.toFixed(2)}  [${l.box.join(', ')}]  ${l.text}`);
    return 0;
  },
};

/**
 * `loupe eval text <folder> --truth FILE`: reads every image the ground-truth file lists (paths relative to the
 * folder) as indexing would (quick look, then reading) and reports word recall and precision, overall and per
 * `source` (see src/main/engine/text/text-eval.ts for what counts).
 */
export async function evalTextCommand(ctx: CliContext, folder: string, values: Record<string, string | boolean | undefined>): Promise<number> {
  if (typeof values.truth !== 'string') throw new UsageError('eval text needs --truth FILE (a ground-truth JSON: {"images":[{"path","words"}]})');
  const truthFile = path.resolve(values.truth);
  let json: string;
  try {
    json = fs.readFileSync(truthFile, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${truthFile}: ${(err as Error).message}`);
  }
  let truth;
  try {
    truth = parseTruth(json, truthFile);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const root = path.resolve(folder);
  let all: WordCounts = NO_WORDS;
  const bySource = new Map<string, WordCounts & { images: number }>();
  const failed: { path: string; reason: string }[] = [];
  let images = 0;
  for (const [i, t] of truth.entries()) {
    const file = path.resolve(root, t.path);
    if (!ctx.json && ctx.io.isTty) ctx.io.err(`\r${i + 1}/${truth.length} ${t.path}`.slice(0, 100).padEnd(100));
    let lines: string[];
    try {
      lines = (await ctx.engine().text.readImage(file, { asIndexed: true })).lines.map((l) => l.text);
    } catch (err) {
      failed.push({ path: file, reason: (err as Error).message });
      continue;
    }
    images++;
    const counts = countWords(t.words, lines);
    all = addCounts(all, counts);
    const key = t.source ?? t.lang ?? 'all';
    const prev = bySource.get(key) ?? { ...NO_WORDS, images: 0 };
    bySource.set(key, { ...addCounts(prev, counts), images: prev.images + 1 });
  }
  if (!ctx.json && ctx.io.isTty) ctx.io.err('\n');
  const report = {
    images,
    ...summarize(all),
    bySource: Object.fromEntries([...bySource].map(([k, v]) => [k, { images: v.images, ...summarize(v) }])),
    failed,
  };
  if (ctx.json) {
    ctx.io.out(JSON.stringify(report));
    return 0;
  }
  ctx.io.out(`Text read in ${images} images: word recall ${report.recall.toFixed(3)}, precision ${report.precision.toFixed(3)}`);
  for (const [k, v] of Object.entries(report.bySource)) {
    ctx.io.out(`  ${k.padEnd(12)} ${String(v.images).padStart(4)} images  recall ${v.recall.toFixed(3)}  precision ${v.precision.toFixed(3)}`);
  }
  for (const f of failed) ctx.io.err(`could not read ${f.path}: ${f.reason}`);
  return 0;
}
