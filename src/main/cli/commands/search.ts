import type { Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { SEARCH_KINDS_EN, wordsMatched } from '../../../shared/search-words.js';

export const searchCommand: Command = {
  name: 'search',
  summary: 'find photos by tag, file or folder name, date or camera, in English or Chinese (e.g. 狗, "dog 2019")',
  usage: 'loupe search <text> [--limit N] [--json]',
  options: { limit: { type: 'string' } },
  async run(ctx, positionals, values) {
    if (positionals.length === 0) throw new UsageError('search needs some text');
    const limit = values.limit === undefined ? 200 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
    const results = ctx.reader().textSearch.search(positionals.join(' '), limit);
    if (ctx.json) ctx.io.out(JSON.stringify({ results: results.map(({ path, score, matched }) => ({ path, score, matched })) }));
    else if (results.length === 0) ctx.io.out('No photos found.');
    else {
      for (const r of results) ctx.io.out(`${r.score.toFixed(2)}  ${r.path}`);
      // How each word was understood, as the search screen says it: a surprising result explains itself.
      const words = wordsMatched(results).map(({ term, kinds }) =>
        `"${term}" ${kinds.map(([kind, n]) => `${SEARCH_KINDS_EN[kind] ?? kind} (${n === 1 ? '1 photo' : `${n} photos`})`).join(', ')}`);
      if (words.length > 0) ctx.io.out(`Matched: ${words.join('; ')}`);
    }
    return 0;
  },
};
