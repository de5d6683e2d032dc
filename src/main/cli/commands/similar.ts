import type { Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';

export const similarCommand: Command = {
  name: 'similar',
  summary: 'find the photos that look most like an image (a library photo, or any image file)',
  usage: 'loupe similar <image> [-k N] [--json]',
  options: { k: { type: 'string', short: 'k' } },
  async run(ctx, positionals, values) {
    if (positionals.length !== 1) throw new UsageError('similar takes exactly one image path');
    const k = values.k === undefined ? 20 : Number(values.k);
    if (!Number.isInteger(k) || k < 1 || k > 10_000) throw new UsageError('-k must be a whole number from 1 to 10000');
    const out = await ctx.reader().similar(positionals[0], k);
    if (ctx.json) ctx.io.out(JSON.stringify({ query: out.query, results: out.results.map((r) => ({ path: r.path, score: r.score })) }));
    else if (out.results.length === 0) ctx.io.out('No similar photos (is the library indexed?).');
    else for (const r of out.results) ctx.io.out(`${r.score.toFixed(3)}  ${r.path}`);
    return 0;
  },
};
