import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSystemTrash } from '../../../../src/main/engine/trash/system-trash.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

/**
 * macOS/Windows: the OS call (Electron's shell.trashItem) is the true boundary and is the only
 * stand-in here; it moves the file into a temp "Trash" folder as the OS would.
 */
describe.each(['darwin', 'win32'] as const)('delegated system trash (%s)', (platform) => {
  let tmp: { dir: string; cleanup: () => void };
  let osTrash: string;
  let calls: string[];
  const trashItem = async (p: string): Promise<void> => {
    calls.push(p);
    fs.renameSync(p, path.join(osTrash, path.basename(p)));
  };

  beforeEach(() => {
    tmp = makeTempDir('loupe-trash-');
    osTrash = path.join(tmp.dir, 'os-trash');
    fs.mkdirSync(osTrash);
    calls = [];
  });
  afterEach(() => tmp.cleanup());

  it('validates inputs, hands valid files to the OS, and records them without a trash location', async () => {
    const good = path.join(tmp.dir, 'good.jpg');
    fs.writeFileSync(good, 'jpeg');
    const folder = path.join(tmp.dir, 'folder');
    fs.mkdirSync(folder);
    const systemTrash = createSystemTrash({ platform, trashItem });

    const { trashed, failed } = await systemTrash.trash(['rel.jpg', path.join(tmp.dir, 'missing.jpg'), folder, good]);
    expect(calls).toEqual([good]); // refused inputs never reach the OS
    expect(trashed).toHaveLength(1);
    expect(trashed[0]).toMatchObject({ originalPath: good, trashedPath: null, platform });
    expect(failed.map((f) => f.path)).toEqual(['rel.jpg', path.join(tmp.dir, 'missing.jpg'), folder]);
    expect(fs.existsSync(path.join(osTrash, 'good.jpg'))).toBe(true);
  });

  it('reports OS failures and an OS call that left the file in place', async () => {
    const a = path.join(tmp.dir, 'a.jpg');
    const b = path.join(tmp.dir, 'b.jpg');
    fs.writeFileSync(a, 'a');
    fs.writeFileSync(b, 'b');
    const systemTrash = createSystemTrash({
      platform,
      trashItem: async (p) => {
        if (p === a) throw new Error('Operation not permitted');
        // b: "succeeds" without moving anything
      },
    });
    const { trashed, failed } = await systemTrash.trash([a, b]);
    expect(trashed).toEqual([]);
    expect(failed[0].reason).toMatch(/Operation not permitted/);
    expect(failed[0].reason).toContain(a);
    expect(failed[1].reason).toMatch(/still there/);
    expect(fs.existsSync(a) && fs.existsSync(b)).toBe(true);
  });

  it('cannot restore, and says why for every item', async () => {
    const systemTrash = createSystemTrash({ platform, trashItem });
    expect(systemTrash.canRestore).toBe(false);
    expect(systemTrash.restoreUnsupportedReason).toMatch(platform === 'darwin' ? /Put Back/ : /Recycle Bin/);
    const item = { originalPath: path.join(tmp.dir, 'x.jpg'), trashedPath: null, trashedAt: new Date().toISOString(), platform };
    const result = await systemTrash.restore([item]);
    expect(result.restored).toEqual([]);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0].reason).toContain(item.originalPath);
  });

  it.skipIf(process.platform === platform)('without trashItem, refuses to run the trash package for another OS', async () => {
    // Guards the real user trash: the package would pick the *current* OS's method, not the requested one.
    const file = path.join(tmp.dir, 'stay.jpg');
    fs.writeFileSync(file, 'x');
    const { trashed, failed } = await createSystemTrash({ platform }).trash([file]);
    expect(trashed).toEqual([]);
    expect(failed[0].reason).toMatch(new RegExp(`cannot be reached from ${process.platform}`));
    expect(fs.existsSync(file)).toBe(true);
  });
});
