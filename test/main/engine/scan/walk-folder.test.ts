import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { walkFolder } from '../../../../src/main/engine/scan/walk-folder.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

const EXT = new Set(['.jpg', '.png']);

describe('walkFolder', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('lists photo files recursively, skipping hidden entries and other extensions', async () => {
    fs.mkdirSync(path.join(tmp.dir, 'a', 'b'), { recursive: true });
    fs.mkdirSync(path.join(tmp.dir, '.thumbnails'));
    for (const f of ['x.JPG', 'a/y.png', 'a/b/z.jpg', 'a/notes.txt', '.thumbnails/t.jpg', 'a/.hidden.jpg']) {
      fs.writeFileSync(path.join(tmp.dir, f), 'data');
    }
    const { files, unreadableDirs } = await walkFolder(tmp.dir, { extensions: EXT });
    expect(files.map((f) => path.relative(tmp.dir, f.path)).sort()).toEqual(['a/b/z.jpg', 'a/y.png', 'x.JPG']);
    expect(files[0].size).toBe(4);
    expect(unreadableDirs).toEqual([]);
  });

  it('survives symlink loops and dangling links, entering each real folder once', async () => {
    fs.mkdirSync(path.join(tmp.dir, 'albums', 'inner'), { recursive: true });
    fs.writeFileSync(path.join(tmp.dir, 'albums', 'inner', 'p.jpg'), 'x');
    fs.symlinkSync(path.join(tmp.dir, 'albums'), path.join(tmp.dir, 'albums', 'inner', 'loop'));
    fs.symlinkSync(path.join(tmp.dir, 'missing-target'), path.join(tmp.dir, 'albums', 'dangling.jpg'));
    const { files } = await walkFolder(tmp.dir, { extensions: EXT });
    expect(files.map((f) => path.relative(tmp.dir, f.path))).toEqual(['albums/inner/p.jpg']);
  });

  it('throws for a missing root and leaves excluded folders out', async () => {
    await expect(walkFolder(path.join(tmp.dir, 'gone'), { extensions: EXT })).rejects.toMatchObject({ code: 'ENOENT' });
    fs.mkdirSync(path.join(tmp.dir, 'home'));
    fs.writeFileSync(path.join(tmp.dir, 'home', 'thumb.jpg'), 'x');
    fs.writeFileSync(path.join(tmp.dir, 'keep.jpg'), 'x');
    const { files } = await walkFolder(tmp.dir, { extensions: EXT, exclude: [path.join(tmp.dir, 'home')] });
    expect(files.map((f) => path.basename(f.path))).toEqual(['keep.jpg']);
  });
});
