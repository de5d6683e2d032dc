import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSystemTrash, type SystemTrash } from '../../../../src/main/engine/trash/system-trash.js';
import { caltechSample, copyPhotos, makeTempDir } from '../../../helpers/fixtures.js';

/**
 * Files on another device than the home trash go to that device's own $topdir trash. /dev/shm is a
 * tmpfs, a real second file system on Linux machines; skipped where it is missing or not separate.
 */
const OTHER_DEVICE = '/dev/shm';
const uid = process.getuid?.() ?? -1;
const usable = ((): boolean => {
  try {
    fs.accessSync(OTHER_DEVICE, fs.constants.W_OK);
    return process.platform === 'linux' && fs.statSync(OTHER_DEVICE).dev !== fs.statSync(os.tmpdir()).dev && fs.statSync(OTHER_DEVICE).dev !== fs.statSync(path.dirname(OTHER_DEVICE)).dev;
  } catch {
    return false;
  }
})();
const ownTrash = path.join(OTHER_DEVICE, `.Trash-${uid}`);
const sharedTrash = path.join(OTHER_DEVICE, '.Trash');

describe.skipIf(!usable)('trash on another device ($topdir trash)', () => {
  let tmp: { dir: string; cleanup: () => void };
  let shm: string;
  let systemTrash: SystemTrash;
  // Never disturb trash folders that existed before (another user's or a real session's).
  const preexisting = usable && (fs.existsSync(ownTrash) || fs.existsSync(sharedTrash));

  beforeEach(() => {
    tmp = makeTempDir('loupe-trash-');
    shm = fs.mkdtempSync(path.join(OTHER_DEVICE, 'loupe-trash-test-'));
    systemTrash = createSystemTrash({ platform: 'linux', env: { XDG_DATA_HOME: path.join(tmp.dir, 'xdg'), HOME: tmp.dir } });
  });
  afterEach(() => {
    fs.rmSync(shm, { recursive: true, force: true });
    if (!preexisting) for (const p of [ownTrash, sharedTrash]) fs.rmSync(p, { recursive: true, force: true });
    tmp.cleanup();
  });

  const photoOnOtherDevice = (name: string): string => {
    const [copied] = copyPhotos(caltechSample(['ant'], 1), shm);
    const target = path.join(shm, name);
    fs.renameSync(copied, target);
    return target;
  };

  it.skipIf(preexisting)('creates $topdir/.Trash-$uid (0700), records Path relative to $topdir, and restores', async () => {
    const file = photoOnOtherDevice('beach day.jpg');
    const bytes = fs.readFileSync(file);
    const { trashed, failed } = await systemTrash.trash([file]);
    expect(failed).toEqual([]);
    const item = trashed[0];
    expect(item.trashedPath).toBe(path.join(ownTrash, 'files', 'beach day.jpg'));
    expect(fs.statSync(ownTrash).mode & 0o777).toBe(0o700);
    expect(fs.existsSync(path.join(tmp.dir, 'xdg', 'Trash', 'files', 'beach day.jpg'))).toBe(false);
    const info = fs.readFileSync(item.infoPath as string, 'utf8');
    expect(info).toContain(`\nPath=${path.basename(shm)}/beach%20day.jpg\n`);

    expect((await systemTrash.restore([item])).restored).toEqual([file]);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it.skipIf(preexisting)('uses an administrator-made $topdir/.Trash (sticky) as .Trash/$uid', async () => {
    fs.mkdirSync(sharedTrash);
    fs.chmodSync(sharedTrash, 0o1777);
    const file = photoOnOtherDevice('a.jpg');
    const item = (await systemTrash.trash([file])).trashed[0];
    expect(item.trashedPath).toBe(path.join(sharedTrash, String(uid), 'files', 'a.jpg'));
    expect(fs.existsSync(ownTrash)).toBe(false);
  });

  it.skipIf(preexisting)('fails with a reason, leaving the file in place, when the device has no usable trash', async () => {
    // A symlinked .Trash-$uid could send the photo anywhere: the spec says not to use it, and the home trash cannot take it without a copy.
    const elsewhere = path.join(tmp.dir, 'elsewhere');
    fs.mkdirSync(elsewhere);
    fs.symlinkSync(elsewhere, ownTrash);
    const file = photoOnOtherDevice('keep me.jpg');
    const bytes = fs.readFileSync(file);
    const { trashed, failed } = await systemTrash.trash([file]);
    expect(trashed).toEqual([]);
    expect(failed[0].path).toBe(file);
    expect(failed[0].reason).toContain(file);
    expect(failed[0].reason).toMatch(/symbolic link/);
    expect(failed[0].reason).toMatch(/left where it is/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });
});
