// Clean-up must never leave the user without a copy: links to one file, a keeper that vanished, a group that
// changed since the user looked at it. Real engine, real photos, the freedesktop trash in a temp folder.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { caltechSample, copyPhotos, makeTempDir } from '../../../helpers/fixtures.js';

describe('clean-up safety', () => {
  let tmp: { dir: string; cleanup: () => void };
  let engine: LoupeEngine;
  let lib: string;
  let photo: string;
  const trashDir = (): string => path.join(tmp.dir, 'Trash');
  const id = (p: string): number => engine.library.photoIdAt(p)!;
  const open = async (): Promise<void> => {
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {}, trashDir: trashDir() });
    await engine.library.addFolder(lib);
    await engine.library.index();
  };

  beforeEach(() => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    [photo] = copyPhotos(caltechSample(['crab'], 1), lib);
    copyPhotos(caltechSample(['lamp'], 1), lib);
  });
  afterEach(async () => {
    await engine?.close();
    tmp.cleanup();
  });

  it('never treats a link to a photo as a copy, and never trashes a file a staying link points to', async () => {
    const link = path.join(lib, 'album-link.jpg');
    fs.symlinkSync(photo, link);
    await open();
    expect(engine.library.photoIdAt(link)).not.toBeNull(); // the scanner follows file links
    expect(await engine.duplicates.groups()).toEqual([]);
    expect(engine.duplicates.explain(id(photo), id(link)).rule).toBe('same-file');
    const r = await engine.trash.trash([id(photo)]);
    expect(r.trashed).toEqual([]);
    expect(r.failed[0].reason).toContain('same file as');
    expect(fs.existsSync(photo)).toBe(true);
  }, 120_000);

  it('refuses to clean up when the copy to keep is gone, and when the group changed since it was shown', async () => {
    const copy = path.join(lib, 'copy.jpg');
    const third = path.join(lib, 'copy 2.jpg');
    fs.copyFileSync(photo, copy);
    await open();
    const [group] = await engine.duplicates.groups('exact');
    expect(group.members.map((m) => m.path).sort()).toEqual([copy, photo].sort());

    // a stale screen: another copy joined after the user looked
    fs.copyFileSync(photo, third);
    await engine.library.index();
    const shown = group.members.filter((m) => m.id !== group.keepId).map((m) => m.id);
    await expect(engine.trash.cleanUp(group.id, group.keepId, shown)).rejects.toThrow(/changed since it was shown/);
    for (const f of [photo, copy, third]) expect(fs.existsSync(f)).toBe(true);

    // the keeper vanished outside Loupe (no watcher running): nothing else may go
    const [now] = await engine.duplicates.groups('exact');
    const keeper = now.members.find((m) => m.id === now.keepId)!.path;
    fs.rmSync(keeper);
    const others = now.members.filter((m) => m.id !== now.keepId).map((m) => m.id);
    await expect(engine.trash.cleanUp(now.id, now.keepId, others)).rejects.toThrow(/copy to keep/);
    for (const f of [photo, copy, third].filter((f) => f !== keeper)) expect(fs.existsSync(f)).toBe(true);
    expect(fs.existsSync(path.join(trashDir(), 'files'))).toBe(false);
  }, 120_000);

  it('never hands out a group id twice, so an id on a stale screen cannot name another group', async () => {
    const copy = path.join(lib, 'copy.jpg');
    fs.copyFileSync(photo, copy);
    await open();
    const [first] = await engine.duplicates.groups();
    // the group dissolves (its copy is trashed) and a new pair forms
    const other = fs.readdirSync(lib).map((f) => path.join(lib, f)).find((f) => f.includes('lamp'))!;
    await engine.trash.trash([id(copy)]);
    expect(await engine.duplicates.groups()).toEqual([]);
    fs.copyFileSync(other, path.join(lib, 'lamp copy.jpg'));
    await engine.library.index();
    const [second] = await engine.duplicates.groups();
    expect(second.id).toBeGreaterThan(first.id);
  }, 120_000);
});
