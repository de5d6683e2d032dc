import fs from 'node:fs/promises';
import type { Stats } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorCode } from './move-no-replace.js';

/** A freedesktop trash directory, ready to receive files. */
export interface TrashDir {
  /** The trash directory itself (holding files/ and info/). */
  root: string;
  filesDir: string;
  infoDir: string;
  /** Device id; only files on this device can be renamed into it. */
  dev: number;
  /** For a $topdir trash, the mount point: Path= is written relative to it. Null for the home trash (Path= absolute). */
  topdir: string | null;
}

/** $XDG_DATA_HOME/Trash, where $XDG_DATA_HOME defaults to ~/.local/share. A relative XDG_DATA_HOME is invalid per the XDG base-dir spec and is ignored. */
export function homeTrashPath(env: NodeJS.ProcessEnv, override?: string): string {
  if (override) return path.resolve(override);
  const xdg = env.XDG_DATA_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'Trash');
  const home = env.HOME && path.isAbsolute(env.HOME) ? env.HOME : os.homedir();
  return path.join(home, '.local', 'share', 'Trash');
}

/** Creates (0700, as the spec asks for a private trash) and checks `dir`; throws with a reason if it is unusable. */
async function ensurePrivateDir(dir: string, uid: number, recursive: boolean): Promise<Stats> {
  try {
    await fs.mkdir(dir, { mode: 0o700, recursive });
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
  }
  const st = await fs.lstat(dir);
  // A symlink here could redirect the user's files to a place another user controls.
  if (st.isSymbolicLink()) throw new Error(`"${dir}" is a symbolic link`);
  if (!st.isDirectory()) throw new Error(`"${dir}" is not a folder`);
  if (st.uid !== uid) throw new Error(`"${dir}" belongs to another user (uid ${st.uid})`);
  return st;
}

async function prepare(root: string, uid: number, topdir: string | null, recursiveRoot: boolean): Promise<TrashDir> {
  const st = await ensurePrivateDir(root, uid, recursiveRoot);
  const filesDir = path.join(root, 'files');
  const infoDir = path.join(root, 'info');
  await ensurePrivateDir(filesDir, uid, false);
  await ensurePrivateDir(infoDir, uid, false);
  return { root, filesDir, infoDir, dev: st.dev, topdir };
}

/** The home trash, created if needed (its parents too: a fresh account may lack ~/.local/share). */
export function prepareHomeTrash(root: string, uid: number): Promise<TrashDir> {
  return prepare(root, uid, null, true);
}

/** The mount point holding `dir` (an existing folder): the highest ancestor still on the same device. */
export async function mountPointOf(dir: string): Promise<string> {
  let current = await fs.realpath(dir);
  let st = await fs.stat(current);
  for (;;) {
    const parent = path.dirname(current);
    if (parent === current) return current;
    const pst = await fs.stat(parent);
    if (pst.dev !== st.dev) return current;
    current = parent;
    st = pst;
  }
}

/**
 * The trash for files on the device mounted at `topdir` (spec, "Trash directories" 1 and 2):
 * $topdir/.Trash/$uid when an administrator made $topdir/.Trash a real directory with the sticky
 * bit, else $topdir/.Trash-$uid, created 0700 if missing. Throws with every reason when neither is usable.
 */
export async function prepareTopdirTrash(topdir: string, uid: number): Promise<TrashDir> {
  const reasons: string[] = [];
  const shared = path.join(topdir, '.Trash');
  try {
    const st = await fs.lstat(shared);
    // The spec forbids using $topdir/.Trash at all when it is a symlink or lacks the sticky bit.
    if (st.isSymbolicLink()) reasons.push(`"${shared}" is a symbolic link`);
    else if (!st.isDirectory()) reasons.push(`"${shared}" is not a folder`);
    else if ((st.mode & 0o1000) === 0) reasons.push(`"${shared}" lacks the sticky bit`);
    else {
      try {
        return await prepare(path.join(shared, String(uid)), uid, topdir, false);
      } catch (error) {
        reasons.push((error as Error).message);
      }
    }
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') reasons.push(`"${shared}": ${(error as Error).message}`);
  }
  const own = path.join(topdir, `.Trash-${uid}`);
  try {
    const dir = await prepare(own, uid, topdir, false);
    const st = await fs.lstat(own);
    if ((st.mode & 0o022) !== 0) throw new Error(`"${own}" is writable by other users`);
    return dir;
  } catch (error) {
    reasons.push((error as Error).message);
  }
  throw new Error(`no usable trash folder on the disk mounted at "${topdir}" (${reasons.join('; ')})`);
}
