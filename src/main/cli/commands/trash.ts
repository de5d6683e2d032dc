// `loupe trash` and `loupe restore`: move library photos to the system trash (never deleting them) and put them
// back. Duplicate clean-up in the app uses the same engine service; these take any library photo by path.
import path from 'node:path';
import type { Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { notInLibrary } from '../photo-id.js';

export const trashCommand: Command = {
  name: 'trash',
  summary: 'move library photos to the system trash (never deletes; user tags go to the duplicate kept)',
  usage: 'loupe trash <path>... [--json]',
  async run(ctx, positionals) {
    if (positionals.length === 0) throw new UsageError('trash takes one or more photo paths');
    const engine = ctx.engine();
    const ids: number[] = [];
    const notFound: { path: string; reason: string }[] = [];
    for (const p of positionals) {
      const id = engine.library.photoIdAt(p);
      if (id === null) notFound.push({ path: path.resolve(p), reason: notInLibrary(p) });
      else ids.push(id);
    }
    const r = ids.length ? await engine.trash.trash(ids) : { trashed: [], failed: [], undoToken: null };
    const failed = [...notFound, ...r.failed.map((f) => ({ path: f.path, reason: f.reason }))];
    if (ctx.json) ctx.io.out(JSON.stringify({ trashed: r.trashed.map((t) => t.path), failed }));
    else {
      for (const t of r.trashed) ctx.io.out(`moved to the trash: ${t.path}`);
      if (r.trashed.length) ctx.io.out('Undo with: loupe restore --last');
    }
    for (const f of failed) ctx.io.err(`not trashed: ${f.reason}`);
    return failed.length ? 1 : 0;
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'put photos Loupe moved to the trash back where they were, with their tags (--last: all the latest trash or clean-up moved)',
  usage: 'loupe restore <path>... | --last [--json]',
  options: { last: { type: 'boolean' } },
  async run(ctx, positionals, values) {
    const last = Boolean(values.last);
    if (last && positionals.length) throw new UsageError('give photo paths or --last, not both');
    if (!last && positionals.length === 0) throw new UsageError('restore takes one or more original photo paths, or --last');
    const trash = ctx.engine().trash;
    const r = last ? await trash.restoreLast() : await trash.restorePaths(positionals.map((p) => path.resolve(p)));
    if (ctx.json) ctx.io.out(JSON.stringify(r));
    else for (const p of r.restored) ctx.io.out(`restored: ${p}`);
    for (const f of r.failed) ctx.io.err(`not restored: ${f.reason}`);
    return r.failed.length ? 1 : 0;
  },
};
