import type { Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { explainsEmptySearch, SEARCH_KINDS_EN } from '../../../shared/search-words.js';

export const searchCommand: Command = {
  name: 'search',
  summary: 'find photos by tag, file or folder name, date or camera, in English or Chinese (e.g. 狗, "dog 2019")',
  usage: 'loupe search <text> [--limit N] [--json]',
  options: { limit: { type: 'string' } },
  async run(ctx, positionals, values) {
    if (positionals.length === 0) throw new UsageError('search needs some text');
    const limit = values.limit === undefined ? 200 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
    // `words`: only where nothing was found, each condition with how many photos it finds alone (which word emptied it);
    // `matched`: where photos were found, how each word matched over all of them, not only the `limit` listed
    // `ignored`: where photos were found, the words left out for matching nothing in the library
    const { results, words, matched, ignored } = ctx.reader().textSearch.explained(positionals.join(' '), limit, { countAll: true });
    if (ctx.json) ctx.io.out(JSON.stringify({ results: results.map(({ path, score, matched: m }) => ({ path, score, matched: m })), ...(words ? { words } : {}), ...(matched ? { matched } : {}), ...(ignored ? { ignored } : {}) }));
    else if (explainsEmptySearch(words)) ctx.io.out(`No photos match all of: ${words.map((w) => `${w.term} (${photos(w.photos)})`).join(' · ')}`);
    else if (results.length === 0) ctx.io.out('No photos found.');
    else {
      for (const r of results) ctx.io.out(`${r.score.toFixed(2)}  ${r.path}`);
      // How each word was understood, as the search screen says it: a surprising result explains itself.
      const said = (matched ?? []).map(({ term, kinds }) =>
        `"${term}" ${kinds.map(([kind, n]) => `${SEARCH_KINDS_EN[kind] ?? kind} (${photos(n)})`).join(', ')}`);
      if (said.length > 0) ctx.io.out(`Matched: ${said.join('; ')}`);
      if (ignored) ctx.io.out(`Left out, as nothing in the library matches: ${ignored.map((t) => `"${t}"`).join(', ')}`);
    }
    return 0;
  },
};

const photos = (n: number): string => (n === 1 ? '1 photo' : `${n} photos`);
