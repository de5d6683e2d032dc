import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliContext, Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { LibraryError } from '../../engine/errors.js';
import { examplesRefused, type LearnedTagSummary } from '../../engine/learn/learn-service.js';
import { photoIdOf } from '../photo-id.js';

const OPTIONS = {
  add: { type: 'boolean' },
  not: { type: 'boolean' },
  zh: { type: 'string' },
  suggest: { type: 'boolean' },
  k: { type: 'string', short: 'k' },
  list: { type: 'boolean' },
  delete: { type: 'boolean' },
  retrain: { type: 'boolean' },
  rename: { type: 'string' },
  threshold: { type: 'string' },
  export: { type: 'string' },
  import: { type: 'string' },
  name: { type: 'string' },
} as const;

/** `--add a.jpg b.jpg --not c.jpg`: each list runs until the next option; the first plain word is the tag. */
function splitLists(args: string[]): { tag: string | undefined; add: string[]; not: string[] } {
  const { tokens } = parseArgs({ args, options: { ...OPTIONS, home: { type: 'string' }, json: { type: 'boolean' }, provider: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true, tokens: true });
  let mode: 'tag' | 'add' | 'not' | 'other' = 'tag';
  let tag: string | undefined;
  const add: string[] = [];
  const not: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'option') mode = t.name === 'add' ? 'add' : t.name === 'not' ? 'not' : 'other';
    else if (t.kind === 'positional') {
      if (mode === 'add') add.push(t.value);
      else if (mode === 'not') not.push(t.value);
      else if (tag === undefined) tag = t.value;
      else throw new UsageError(`unexpected "${t.value}" (images follow --add or --not)`);
    }
  }
  return { tag, add, not };
}

function contract(s: LearnedTagSummary) {
  return { tag: s.tag, positives: s.positives, negatives: s.negatives, cv: s.cv, threshold: s.threshold, tagged: s.tagged };
}

function describe(s: LearnedTagSummary): string {
  const name = s.tagZh ? `${s.tag} (${s.tagZh})` : s.tag;
  const lines = [
    `${name}: on ${s.tagged} photo(s) at threshold ${s.threshold.toFixed(2)}${s.thresholdByUser ? ' (yours: retrains keep it; --threshold auto lets Loupe choose)' : ''}`,
    `  cross-validated on your ${s.positives} example(s) and ${s.negatives} other photos: precision ${s.cv.precision.toFixed(2)}, recall ${s.cv.recall.toFixed(2)}, F1 ${s.cv.f1.toFixed(2)}`,
  ];
  if (s.fewExamples) lines.push('  (few examples: these figures are rough; add more with --add, or answer --suggest)');
  return lines.join('\n');
}

async function run(ctx: CliContext, values: Record<string, string | boolean | undefined>, args: string[]): Promise<number> {
  const { tag, add, not } = splitLists(args);
  const out = (json: unknown, text: string) => ctx.io.out(ctx.json ? JSON.stringify(json) : text);
  const modes = ['list', 'delete', 'suggest', 'retrain', 'rename', 'threshold', 'export', 'import'].filter((m) => values[m] !== undefined);
  if (add.length || not.length || values.add || values.not) modes.push('teach');
  if (modes.length > 1) throw new UsageError(`give one of ${modes.map((m) => `--${m === 'teach' ? 'add' : m}`).join(', ')} at a time`);
  const mode = modes[0];
  // listing, showing, suggesting and exporting only read the catalog
  const reads = mode === 'list' || mode === 'suggest' || mode === 'export' || (mode === undefined && values.zh === undefined);
  const engine = reads ? ctx.reader() : ctx.engine();
  const learn = engine.learn;
  if (mode === 'list') {
    const tags = learn.list();
    out({ tags }, tags.length ? tags.map(describe).join('\n') : 'No learned tags yet. Teach one: loupe learn <tag> --add <image>...');
    return 0;
  }
  if (mode === 'import') {
    const file = path.resolve(values.import as string);
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new LibraryError('invalid', `cannot read ${file}: ${(err as Error).message}`);
    }
    const s = await learn.importTag(data, file, (values.name as string | undefined) ?? tag);
    out(contract(s), describe(s));
    return 0;
  }
  if (!tag) throw new UsageError('name the tag: loupe learn <tag> ...');
  switch (mode) {
    case 'teach': {
      if (values.add && add.length === 0) throw new UsageError('--add needs at least one image');
      if (values.not && not.length === 0) throw new UsageError('--not needs at least one image');
      // every path that is no library photo named at once (trial 13: one per try), and nothing trained
      const bad: LibraryError[] = [];
      const idOf = (p: string): number => {
        try {
          return photoIdOf(engine, p);
        } catch (err) {
          if (!(err instanceof LibraryError)) throw err;
          bad.push(err);
          return -1;
        }
      };
      const addIds = add.map(idOf);
      const notIds = not.map(idOf);
      const refused = examplesRefused(bad);
      if (refused) throw refused;
      const before = learn.answersOf(tag);
      const s = await learn.teach(tag, { add: addIds, not: notIds, nameZh: values.zh as string | undefined });
      // a photo the user had said the opposite of: done as asked (a change of mind), and said (trial 13: silent)
      for (const [ids, yes] of [[addIds, true], [notIds, false]] as const) {
        for (const id of new Set(ids)) {
          if (before.get(id) === !yes) ctx.io.err(`note: ${learn.pathOf(id)} was ${yes ? 'a counter-example' : 'an example'} of "${s.tag}"; it is ${yes ? 'an example' : 'a counter-example'} now.`);
        }
      }
      out(contract(s), describe(s));
      return 0;
    }
    case 'suggest': {
      const k = values.k === undefined ? 10 : Number(values.k);
      if (!Number.isInteger(k) || k < 1) throw new UsageError('-k must be a positive whole number');
      const suggestions = (await learn.suggest(tag, k)).map((s) => ({ path: learn.pathOf(s.fileId), score: s.score }));
      out({ suggestions }, suggestions.length ? suggestions.map((s) => `${s.score.toFixed(2)}  ${s.path}`).join('\n') : 'Nothing to ask about.');
      return 0;
    }
    case 'delete': {
      const r = learn.delete(tag);
      out(r, `Deleted the learned tag "${r.tag}" from ${r.untagged} photo(s); tags you added by hand stay.`);
      return 0;
    }
    case 'retrain': {
      const s = await learn.retrain(tag);
      out(contract(s), describe(s));
      return 0;
    }
    case 'rename': {
      const s = learn.rename(tag, values.rename as string, values.zh as string | undefined);
      out(contract(s), describe(s));
      return 0;
    }
    case 'threshold': {
      const t = values.threshold === 'auto' ? null : Number(values.threshold);
      if (t !== null && !(t > 0 && t < 1)) throw new UsageError('--threshold must be a number between 0 and 1, or auto');
      const s = await learn.setThreshold(tag, t);
      out(contract(s), describe(s));
      return 0;
    }
    case 'export': {
      const file = path.resolve(values.export as string);
      fs.writeFileSync(file, JSON.stringify(learn.exportTag(tag), null, 1) + '\n');
      out({ tag, file }, `Wrote ${file}`);
      return 0;
    }
    default: {
      if (values.zh !== undefined) {
        const s = learn.rename(tag, tag, values.zh as string);
        out(contract(s), describe(s));
        return 0;
      }
      const s = learn.get(tag);
      out(contract(s), describe(s));
      return 0;
    }
  }
}

export const learnCommand: Command = {
  name: 'learn',
  summary: 'teach a tag from a few example photos; it tags the whole library and new photos',
  usage:
    'loupe learn <tag> --add <image>... [--not <image>...] [--zh NAME] | <tag> --suggest [-k N] | <tag> --threshold T|auto | ' +
    '<tag> --rename NEW [--zh NAME] | <tag> --retrain | <tag> --export FILE | --import FILE [--name TAG] | --list | --delete <tag>  [--json]',
  options: OPTIONS,
  run: (ctx, _positionals, values, args) => run(ctx, values, args),
};
