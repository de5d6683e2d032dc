// `loupe album ...` and `loupe mark ...`: the user's albums, favourites, star ratings and colour labels from the
// command line, the same catalog records the app shows.
import path from 'node:path';
import { COLOR_LABELS, MAX_RATING, type ColorLabel, type MarksPatch } from '../../../shared/marks-types.js';
import type { LoupeEngine } from '../../engine/engine.js';
import { LibraryError } from '../../engine/errors.js';
import type { Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { photoIdOf } from '../photo-id.js';

function ids(engine: LoupeEngine, files: readonly string[]): number[] {
  return files.map((f) => photoIdOf(engine, f));
}

function albumByName(engine: LoupeEngine, name: string) {
  const album = engine.marks.albumNamed(name);
  if (!album) throw new LibraryError('not-found', `There is no album named “${name}” (loupe album list shows them).`);
  return album;
}

function pathsOf(engine: LoupeEngine, albumId: number): string[] {
  const rows = engine.database
    .prepare('SELECT f.path FROM album_photos ap JOIN files f ON f.id = ap.file_id WHERE ap.album_id = ? ORDER BY ap.added_at, f.path')
    .all(albumId) as { path: string }[];
  return rows.map((r) => r.path);
}

export const albumCommand: Command = {
  name: 'album',
  summary: 'albums: list, create NAME, show NAME, add NAME FILES, remove NAME FILES, rename OLD NEW, delete NAME',
  usage: 'loupe album list | create NAME | show NAME | add NAME <image>... | remove NAME <image>... | rename OLD NEW | delete NAME',
  async run(ctx, positionals) {
    const [action, name, ...rest] = positionals;
    const engine = action === undefined || action === 'list' || action === 'show' ? ctx.reader() : ctx.engine();
    const out = (value: unknown, text: string): void => ctx.io.out(ctx.json ? JSON.stringify(value) : text);
    switch (action) {
      case 'list':
      case undefined: {
        const albums = engine.marks.albums();
        out({ albums }, albums.length ? albums.map((a) => `${a.name}  (${a.count})`).join('\n') : 'No albums yet.');
        return 0;
      }
      case 'create': {
        if (!name || rest.length) throw new UsageError('album create takes one name');
        const album = engine.marks.createAlbum(name);
        out({ album }, `Created album “${album.name}”`);
        return 0;
      }
      case 'show': {
        if (!name || rest.length) throw new UsageError('album show takes one name');
        const album = albumByName(engine, name);
        const photos = pathsOf(engine, album.id);
        out({ album, photos }, [`${album.name}  (${album.count})`, ...photos.map((p) => `  ${p}`)].join('\n'));
        return 0;
      }
      case 'add':
      case 'remove': {
        if (!name || rest.length === 0) throw new UsageError(`album ${action} takes a name and at least one image`);
        const album = albumByName(engine, name);
        const fileIds = ids(engine, rest);
        const after = action === 'add' ? engine.marks.addToAlbum(album.id, fileIds) : engine.marks.removeFromAlbum(album.id, fileIds);
        out({ album: after }, `${after.name}: ${after.count} photo${after.count === 1 ? '' : 's'}`);
        return 0;
      }
      case 'rename': {
        if (!name || rest.length !== 1) throw new UsageError('album rename takes the old and the new name');
        const album = engine.marks.renameAlbum(albumByName(engine, name).id, rest[0]);
        out({ album }, `Renamed to “${album.name}”`);
        return 0;
      }
      case 'delete': {
        if (!name || rest.length) throw new UsageError('album delete takes one name');
        const album = albumByName(engine, name);
        engine.marks.deleteAlbum(album.id);
        out({ deleted: album }, `Deleted album “${album.name}” (its photos stay in the library)`);
        return 0;
      }
      default:
        throw new UsageError(`unknown album action '${action}'`);
    }
  },
};

export const markCommand: Command = {
  name: 'mark',
  summary: 'favourite, rate (0-5 stars) or colour-label photos; without options, show their marks',
  usage: `loupe mark <image>... [--favourite | --unfavourite] [--rating 0-${MAX_RATING}] [--label ${COLOR_LABELS.join('|')}|none]`,
  options: { favourite: { type: 'boolean' }, unfavourite: { type: 'boolean' }, rating: { type: 'string' }, label: { type: 'string' } },
  async run(ctx, positionals, values) {
    if (positionals.length === 0) throw new UsageError('mark takes at least one image path');
    if (values.favourite && values.unfavourite) throw new UsageError('give --favourite or --unfavourite, not both');
    const patch: MarksPatch = {};
    if (values.favourite) patch.favourite = true;
    if (values.unfavourite) patch.favourite = false;
    if (values.rating !== undefined) {
      const r = Number(values.rating);
      if (!Number.isInteger(r) || r < 0 || r > MAX_RATING) throw new UsageError(`--rating must be a whole number from 0 to ${MAX_RATING}`);
      patch.rating = r;
    }
    if (values.label !== undefined) {
      const l = String(values.label);
      if (l !== 'none' && !(COLOR_LABELS as readonly string[]).includes(l)) throw new UsageError(`--label must be one of ${COLOR_LABELS.join(', ')}, none`);
      patch.label = l === 'none' ? null : (l as ColorLabel);
    }
    // showing marks only reads: it neither waits for a running `loupe serve`/`watch` nor writes to the home
    const changes = Object.keys(patch).length > 0;
    const engine = changes ? ctx.engine() : ctx.reader();
    const fileIds = ids(engine, positionals);
    if (changes) engine.marks.set(fileIds, patch);
    const photos = fileIds.map((id, i) => ({ path: path.resolve(positionals[i]), ...engine.marks.marksOf(id)!, albums: engine.marks.albumsOf(id).map((a) => a.name) }));
    if (ctx.json) ctx.io.out(JSON.stringify({ photos }));
    else {
      for (const p of photos) {
        const stars = p.rating ? '★'.repeat(p.rating) : 'no stars';
        ctx.io.out(`${p.path}: ${p.favourite ? 'favourite, ' : ''}${stars}${p.label ? `, ${p.label}` : ''}${p.albums.length ? `, albums: ${p.albums.join(', ')}` : ''}`);
      }
    }
    return 0;
  },
};
