import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSystemTrash, type SystemTrash, type TrashedItem } from '../../../../src/main/engine/trash/system-trash.js';
import { caltechSample, copyPhotos, makeTempDir } from '../../../helpers/fixtures.js';

/** A fixed past mtime, so "mtime kept" cannot pass by accident with a fresh timestamp. */
const OLD_MTIME = new Date('2019-06-01T12:34:56Z');

describe('freedesktop system trash (Linux)', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let trashRoot: string;
  let systemTrash: SystemTrash;

  /** A real JPEG copied to `rel` under the library, with an old mtime. */
  const photo = (rel: string, sample = 0): string => {
    const target = path.join(lib, rel);
    const [copied] = copyPhotos(caltechSample(['ant', 'crab', 'lamp'], 3).slice(sample, sample + 1), path.dirname(target));
    fs.renameSync(copied, target);
    fs.utimesSync(target, OLD_MTIME, OLD_MTIME);
    return target;
  };
  const one = (items: TrashedItem[]): TrashedItem => {
    expect(items).toHaveLength(1);
    return items[0];
  };

  beforeEach(() => {
    tmp = makeTempDir('loupe-trash-');
    lib = path.join(tmp.dir, 'lib');
    fs.mkdirSync(lib);
    const xdg = path.join(tmp.dir, 'xdg-data');
    trashRoot = path.join(xdg, 'Trash');
    // XDG_DATA_HOME and HOME both point into the temp folder: the real user trash is never touched.
    systemTrash = createSystemTrash({ platform: 'linux', env: { XDG_DATA_HOME: xdg, HOME: path.join(tmp.dir, 'home') } });
  });
  afterEach(() => tmp.cleanup());

  it('trashes into $XDG_DATA_HOME/Trash and restores the identical file with its mtime', async () => {
    const file = photo('album/IMG_0001.jpg');
    const bytes = fs.readFileSync(file);
    expect(systemTrash.canRestore).toBe(true);

    const { trashed, failed } = await systemTrash.trash([file]);
    expect(failed).toEqual([]);
    const item = one(trashed);
    expect(fs.existsSync(file)).toBe(false);
    expect(item.originalPath).toBe(file);
    expect(item.platform).toBe('linux');
    expect(item.trashedPath).toBe(path.join(trashRoot, 'files', 'IMG_0001.jpg'));
    expect(item.infoPath).toBe(path.join(trashRoot, 'info', 'IMG_0001.jpg.trashinfo'));
    expect(fs.readFileSync(item.trashedPath as string).equals(bytes)).toBe(true);
    // The home trash is private to the user, as the spec requires.
    expect(fs.statSync(trashRoot).mode & 0o777).toBe(0o700);

    const back = await systemTrash.restore([item]);
    expect(back).toEqual({ restored: [file], failed: [] });
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.statSync(file).mtime.getTime()).toBe(OLD_MTIME.getTime());
    expect(fs.readdirSync(path.join(trashRoot, 'files'))).toEqual([]);
    expect(fs.readdirSync(path.join(trashRoot, 'info'))).toEqual([]);
  });

  it('writes .trashinfo per the spec: URL-encoded absolute Path, local DeletionDate', async () => {
    const file = photo('My Photos #1/照片 1.jpg');
    const before = Math.floor(Date.now() / 1000) * 1000;
    const item = one((await systemTrash.trash([file])).trashed);
    const after = Date.now();

    expect(path.basename(item.trashedPath as string)).toBe('照片 1.jpg');
    const lines = fs.readFileSync(item.infoPath as string, 'utf8').split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('[Trash Info]');
    // 照 = E7 85 A7, 片 = E7 89 87 in UTF-8; space = %20, '#' = %23 (a raw '#' would start a URL fragment).
    expect(lines[1]).toBe(`Path=${lib}/My%20Photos%20%231/%E7%85%A7%E7%89%87%201.jpg`);
    const m = /^DeletionDate=(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(lines[2]);
    expect(m).not.toBeNull();
    const [y, mo, d, h, mi, s] = (m as RegExpExecArray).slice(1).map(Number);
    const local = new Date(y, mo - 1, d, h, mi, s).getTime(); // read back as LOCAL time
    expect(local).toBeGreaterThanOrEqual(before);
    expect(local).toBeLessThanOrEqual(after);
    expect(Math.abs(new Date(item.trashedAt).getTime() - local)).toBeLessThan(1000);
  });

  it('gives colliding names unique trash entries and restores each file to its own place', async () => {
    const a = photo('2019/IMG_0001.JPG', 0);
    const b = photo('2020/IMG_0001.JPG', 1);
    const c = photo('2021/IMG_0001.JPG', 2);
    const contents = [a, b, c].map((f) => fs.readFileSync(f));
    // A file left in files/ by another program, without its .trashinfo, must not be overwritten either.
    fs.mkdirSync(path.join(trashRoot, 'files'), { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(trashRoot, 'files', 'IMG_0001.2.JPG'), 'stale');

    const { trashed, failed } = await systemTrash.trash([a, b, c]);
    expect(failed).toEqual([]);
    expect(trashed.map((t) => t.originalPath)).toEqual([a, b, c]);
    const names = trashed.map((t) => path.basename(t.trashedPath as string));
    expect(new Set(names).size).toBe(3);
    expect(names).not.toContain('IMG_0001.2.JPG');
    expect(fs.readFileSync(path.join(trashRoot, 'files', 'IMG_0001.2.JPG'), 'utf8')).toBe('stale');
    trashed.forEach((t, i) => {
      expect(fs.readFileSync(t.trashedPath as string).equals(contents[i])).toBe(true);
      const info = fs.readFileSync(t.infoPath as string, 'utf8');
      expect(decodeURIComponent(/^Path=(.*)$/m.exec(info)?.[1] ?? '')).toBe(t.originalPath);
    });

    // Restored in another order than trashed: each record still finds its own file.
    const back = await systemTrash.restore([trashed[2], trashed[0], trashed[1]]);
    expect(back.failed).toEqual([]);
    [a, b, c].forEach((f, i) => expect(fs.readFileSync(f).equals(contents[i])).toBe(true));
  });

  it('refuses to restore over a file that took the original path, and keeps the trashed copy', async () => {
    const file = photo('IMG_0002.jpg');
    const original = fs.readFileSync(file);
    const item = one((await systemTrash.trash([file])).trashed);
    fs.writeFileSync(file, 'a newer photo saved under the same name');

    const refused = await systemTrash.restore([item]);
    expect(refused.restored).toEqual([]);
    expect(refused.failed).toHaveLength(1);
    expect(refused.failed[0].path).toBe(file);
    expect(refused.failed[0].reason).toContain(file);
    expect(refused.failed[0].reason).toMatch(/already exists/);
    expect(fs.readFileSync(file, 'utf8')).toBe('a newer photo saved under the same name');
    expect(fs.readFileSync(item.trashedPath as string).equals(original)).toBe(true);
    expect(fs.existsSync(item.infoPath as string)).toBe(true);

    fs.unlinkSync(file); // once the path is free again, the same record restores
    expect((await systemTrash.restore([item])).restored).toEqual([file]);
    expect(fs.readFileSync(file).equals(original)).toBe(true);
  });

  it('recreates missing parent folders on restore', async () => {
    const file = photo('trip/day 1/beach.jpg');
    const bytes = fs.readFileSync(file);
    const item = one((await systemTrash.trash([file])).trashed);
    fs.rmSync(path.join(lib, 'trip'), { recursive: true });

    expect((await systemTrash.restore([item])).restored).toEqual([file]);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('rejects relative, missing, folder, symlink and repeated inputs with reasons, and trashes the rest', async () => {
    const good1 = photo('good1.jpg', 0);
    const good2 = photo('good2.jpg', 1);
    const folder = path.join(lib, 'a folder');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'inside.jpg'), 'x');
    const link = path.join(lib, 'link.jpg');
    fs.symlinkSync(good2, link);
    const missing = path.join(lib, 'gone.jpg');

    const { trashed, failed } = await systemTrash.trash(['relative/photo.jpg', missing, good1, folder, link, good2, good1]);
    expect(trashed.map((t) => t.originalPath)).toEqual([good1, good2]);
    expect(failed.map((f) => f.path)).toEqual(['relative/photo.jpg', missing, folder, link, good1]);
    const reasonOf = (p: string, i = 0): string => failed.filter((f) => f.path === p)[i].reason;
    expect(reasonOf('relative/photo.jpg')).toMatch(/"relative\/photo\.jpg" is not an absolute path/);
    expect(reasonOf(missing)).toMatch(new RegExp(`"${missing}" does not exist`));
    expect(reasonOf(folder)).toMatch(/is a folder/);
    expect(reasonOf(folder)).toContain(folder);
    expect(reasonOf(link)).toMatch(/symbolic link/);
    expect(reasonOf(good1)).toMatch(/more than once/);
    // Nothing refused was moved.
    expect(fs.existsSync(path.join(folder, 'inside.jpg'))).toBe(true);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readdirSync(path.join(trashRoot, 'files')).sort()).toEqual(['good1.jpg', 'good2.jpg']);
  });

  it('refuses to trash what is already in the trash', async () => {
    const item = one((await systemTrash.trash([photo('x.jpg')])).trashed);
    const again = await systemTrash.trash([item.trashedPath as string]);
    expect(again.trashed).toEqual([]);
    expect(again.failed[0].reason).toMatch(/already in the trash/);
    expect(fs.existsSync(item.trashedPath as string)).toBe(true);
  });

  it('does not restore a different file that reused the trash name after the trash was emptied', async () => {
    const first = photo('a/pic.jpg', 0);
    const firstItem = one((await systemTrash.trash([first])).trashed);
    // The user empties the trash, then another pic.jpg is trashed and gets the freed name.
    fs.rmSync(firstItem.trashedPath as string);
    fs.rmSync(firstItem.infoPath as string);
    const second = photo('b/pic.jpg', 1);
    const secondItem = one((await systemTrash.trash([second])).trashed);
    expect(secondItem.trashedPath).toBe(firstItem.trashedPath);

    const result = await systemTrash.restore([firstItem]);
    expect(result.restored).toEqual([]);
    expect(result.failed[0].reason).toMatch(/different deleted file/);
    expect(fs.existsSync(first)).toBe(false);
    expect(fs.existsSync(secondItem.trashedPath as string)).toBe(true);
  });

  it('reports an entry that is no longer in the trash', async () => {
    const item = one((await systemTrash.trash([photo('y.jpg')])).trashed);
    fs.rmSync(item.trashedPath as string);
    const result = await systemTrash.restore([item]);
    expect(result.failed[0].reason).toMatch(/no longer in the trash/);
    expect(result.failed[0].reason).toContain(item.originalPath);
  });
});
