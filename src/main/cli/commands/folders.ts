import type { LibraryFolder } from '../../../shared/library-types.js';
import type { Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';

export const addCommand: Command = {
  name: 'add',
  summary: 'add photo folders to the library',
  usage: 'loupe add <folder>...',
  async run(ctx, positionals) {
    if (positionals.length === 0) throw new UsageError('add needs at least one folder');
    const added: LibraryFolder[] = [];
    const engine = ctx.engine();
    await engine.lock.hold('adding folders to', async () => {
      for (const p of positionals) added.push(await engine.library.addFolder(p));
    });
    if (ctx.json) ctx.io.out(JSON.stringify({ folders: added }));
    else for (const f of added) ctx.io.out(`Added ${f.path}. Run \`loupe index\` to index it.`);
    return 0;
  },
};

export const removeCommand: Command = {
  name: 'remove',
  summary: 'remove a folder from the library (photos on disk are not touched)',
  usage: 'loupe remove <folder>',
  async run(ctx, positionals) {
    if (positionals.length !== 1) throw new UsageError('remove takes exactly one folder');
    const engine = ctx.engine();
    const removed = await engine.lock.hold('removing a folder from', () => engine.library.removeFolder(positionals[0]));
    if (ctx.json) ctx.io.out(JSON.stringify(removed));
    else ctx.io.out(`Removed ${removed.path} from the library (${removed.files} catalogued file(s) forgotten; nothing deleted on disk).`);
    return 0;
  },
};
