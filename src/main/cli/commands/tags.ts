import type { Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import type { PhotoTags } from '../../engine/tags/tag-service.js';

function formatTags(t: PhotoTags): string {
  if (t.tags.length === 0) return `${t.path}: no tags`;
  const parts = t.tags.map((x) => {
    const zh = x.name_zh ? ` ${x.name_zh}` : '';
    return x.source === 'user' ? `${x.name}${zh} (yours)` : `${x.name}${zh} ${(x.confidence! * 100).toFixed(0)}%`;
  });
  return `${t.path}: ${parts.join(', ')}`;
}

export const tagsCommand: Command = {
  name: 'tags',
  summary: 'show the tags of a photo (automatic, with confidence, and your own)',
  usage: 'loupe tags <image> [--json]',
  async run(ctx, positionals) {
    if (positionals.length !== 1) throw new UsageError('tags takes exactly one image path');
    const t = ctx.reader().tags.tagsOf(positionals[0]);
    ctx.io.out(ctx.json ? JSON.stringify(t) : formatTags(t));
    return 0;
  },
};

export const tagCommand: Command = {
  name: 'tag',
  summary: 'add or remove a tag by hand (automatic tagging never overrides this)',
  usage: 'loupe tag <image> --add NAME | --remove NAME',
  options: { add: { type: 'string' }, remove: { type: 'string' } },
  async run(ctx, positionals, values) {
    if (positionals.length !== 1) throw new UsageError('tag takes exactly one image path');
    const add = values.add as string | undefined;
    const remove = values.remove as string | undefined;
    if ((add === undefined) === (remove === undefined)) throw new UsageError('give exactly one of --add NAME or --remove NAME');
    const tags = ctx.engine().tags;
    const t = add !== undefined ? tags.add(positionals[0], add) : tags.remove(positionals[0], remove!);
    ctx.io.out(ctx.json ? JSON.stringify(t) : formatTags(t));
    return 0;
  },
};
