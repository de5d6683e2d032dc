import type { CliContext, Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { toPhotoTag, type PhotoTags } from '../../engine/tags/tag-service.js';
import { photoIdOf } from '../photo-id.js';

/** Prints a photo's tags; the JSON uses the API's names for a tag (PhotoTag), as the app sees them. */
function printTags(ctx: CliContext, t: PhotoTags): void {
  const tags = t.tags.map(toPhotoTag);
  if (ctx.json) return ctx.io.out(JSON.stringify({ path: t.path, tags }));
  const parts = tags.map((x) => {
    const zh = x.tagZh ? ` ${x.tagZh}` : '';
    return x.source === 'user' ? `${x.tag}${zh} (yours)` : `${x.tag}${zh} ${(x.confidence! * 100).toFixed(0)}%`;
  });
  ctx.io.out(parts.length === 0 ? `${t.path}: no tags` : `${t.path}: ${parts.join(', ')}`);
}

export const tagsCommand: Command = {
  name: 'tags',
  summary: 'show the tags of a photo (automatic, with confidence, and your own)',
  usage: 'loupe tags <image> [--json]',
  async run(ctx, positionals) {
    if (positionals.length !== 1) throw new UsageError('tags takes exactly one image path');
    const engine = ctx.reader();
    printTags(ctx, engine.tags.tagsOf(photoIdOf(engine, positionals[0])));
    return 0;
  },
};

export const tagCommand: Command = {
  name: 'tag',
  summary: 'add or remove a tag by hand (automatic tagging never overrides this)',
  usage: 'loupe tag <image> --add NAME | loupe tag <image> --remove NAME',
  options: { add: { type: 'string' }, remove: { type: 'string' } },
  async run(ctx, positionals, values) {
    if (positionals.length !== 1) throw new UsageError('tag takes exactly one image path');
    const add = values.add as string | undefined;
    const remove = values.remove as string | undefined;
    if ((add === undefined) === (remove === undefined)) throw new UsageError('give exactly one of --add NAME or --remove NAME');
    const engine = ctx.engine();
    const id = photoIdOf(engine, positionals[0]);
    printTags(ctx, add !== undefined ? engine.tags.add(id, add) : engine.tags.remove(id, remove!));
    return 0;
  },
};
