import fs from 'node:fs/promises';
import path from 'node:path';
import { DestinationExistsError, errorCode, exists, moveNoReplace } from './move-no-replace.js';
import { formatTrashInfo, parseTrashInfo } from './trash-info.js';
import { trashNameCandidate } from './trash-name.js';
import { homeTrashPath, mountPointOf, prepareHomeTrash, prepareTopdirTrash, type TrashDir } from './trash-dirs.js';
import type { RestoreOutcome, SystemTrash, SystemTrashOptions, TrashedItem, TrashFailure, TrashHooks, TrashOutcome } from './trash-types.js';
import { checkTrashInput, TrashInputError } from './validate-path.js';

/** Past this many taken names something is wrong (a full or hostile trash); stop rather than loop. */
const MAX_NAME_ATTEMPTS = 1000;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Device of `p` or of its nearest existing ancestor. */
async function deviceOfNearest(p: string): Promise<number | null> {
  for (let current = p; ; current = path.dirname(current)) {
    try {
      return (await fs.stat(current)).dev;
    } catch {
      if (path.dirname(current) === current) return null;
    }
  }
}

/** Per trash() call: trash folders are looked up once per device, and a failure to prepare one is remembered. */
type DirCache = Map<string, Promise<TrashDir>>;

/**
 * The freedesktop.org Trash specification 1.0, implemented here rather than through the `trash`
 * package because that one names entries by random UUID, returns no record to restore from, leaves
 * '#', '?' unescaped in Path=, reads the real home instead of a given XDG_DATA_HOME, and (through
 * move-file) copies then deletes across devices.
 */
export function createFreedesktopTrash(options: SystemTrashOptions & { platform: NodeJS.Platform }): SystemTrash {
  const env = options.env ?? process.env;
  const homeRoot = homeTrashPath(env, options.homeTrashDir);
  const uid = process.getuid?.();
  if (uid === undefined) throw new Error('The freedesktop trash needs a POSIX user id; this process has none');

  const dirFor = (cache: DirCache, key: string, make: () => Promise<TrashDir>): Promise<TrashDir> => {
    let dir = cache.get(key);
    if (!dir) {
      dir = make();
      dir.catch(() => undefined); // remembered for later files; each one reports the failure itself
      cache.set(key, dir);
    }
    return dir;
  };

  /** Writes the .trashinfo first (O_EXCL reserves the name, as the spec requires), then moves the file in. */
  async function moveInto(dir: TrashDir, file: string, recordedPath: string, at: Date, hooks?: TrashHooks): Promise<TrashedItem> {
    const info = formatTrashInfo(recordedPath, at);
    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
      const name = trashNameCandidate(path.basename(file), attempt);
      const infoPath = path.join(dir.infoDir, `${name}.trashinfo`);
      const trashedPath = path.join(dir.filesDir, name);
      try {
        await fs.writeFile(infoPath, info, { flag: 'wx', mode: 0o600 });
      } catch (error) {
        if (errorCode(error) === 'EEXIST') continue;
        await fs.unlink(infoPath).catch(() => undefined); // a partial write (disk full) must not linger
        throw error;
      }
      const item: TrashedItem = { originalPath: file, trashedPath, trashedAt: at.toISOString(), platform: options.platform, infoPath };
      try {
        // A file left in files/ without its info (another program crashed) still must not be replaced.
        if (await exists(trashedPath)) throw new DestinationExistsError(trashedPath);
        hooks?.beforeMove?.(item);
        await moveNoReplace(file, trashedPath);
      } catch (error) {
        await fs.unlink(infoPath).catch(() => undefined);
        if (error instanceof DestinationExistsError) continue;
        throw error;
      }
      return item;
    }
    throw new Error(`every name tried in "${dir.filesDir}" is taken`);
  }

  async function trashOne(input: string, cache: DirCache, hooks?: TrashHooks): Promise<TrashedItem> {
    const { path: file, stats } = await checkTrashInput(input);
    const home = dirFor(cache, 'home', () => prepareHomeTrash(homeRoot, uid as number));
    const homeDir = await home.catch(() => null);
    if (homeDir && (file === homeDir.root || file.startsWith(homeDir.root + path.sep))) {
      throw new TrashInputError(`"${file}" is already in the trash`);
    }
    const reasons: string[] = [];
    const at = new Date();
    if (homeDir && stats.dev === homeDir.dev) {
      try {
        return await moveInto(homeDir, file, file, at, hooks);
      } catch (error) {
        // Same device id yet EXDEV: a bind mount. The disk's own trash may still take it.
        if (errorCode(error) !== 'EXDEV') throw error;
        reasons.push(`the home trash "${homeRoot}" is on another mount`);
      }
    } else if (homeDir) {
      reasons.push(`the home trash "${homeRoot}" is on another disk`);
    } else {
      const why = `the home trash "${homeRoot}" is unusable (${message(await home.catch((e: unknown) => e))})`;
      // Files on the home disk belong in the home trash; scattering them into "/.Trash-uid" would surprise the user.
      if ((await deviceOfNearest(homeRoot)) === stats.dev) throw new Error(why);
      reasons.push(why);
    }
    const realFile = path.join(await fs.realpath(path.dirname(file)), path.basename(file));
    const topdir = await mountPointOf(path.dirname(realFile));
    let topDir: TrashDir;
    try {
      topDir = await dirFor(cache, `top:${topdir}`, () => prepareTopdirTrash(topdir, uid as number));
    } catch (error) {
      reasons.push(message(error));
      throw new Error(reasons.join('; '), { cause: error });
    }
    try {
      // Relative to $topdir, as the spec allows, so the entry still restores if the disk mounts elsewhere.
      return await moveInto(topDir, file, path.relative(topdir, realFile), at, hooks);
    } catch (error) {
      if (errorCode(error) !== 'EXDEV') throw error;
      reasons.push(`"${topDir.root}" is on another mount`);
      throw new Error(reasons.join('; '), { cause: error });
    }
  }

  async function trash(paths: readonly string[], hooks?: TrashHooks): Promise<TrashOutcome> {
    const trashed: TrashedItem[] = [];
    const failed: TrashFailure[] = [];
    const seen = new Set<string>();
    const cache: DirCache = new Map();
    // One at a time: renames are fast, and it keeps name reservation and per-device setup simple.
    for (const input of paths) {
      const key = typeof input === 'string' && path.isAbsolute(input) ? path.resolve(input) : null;
      if (key !== null && seen.has(key)) {
        failed.push({ path: input, reason: `"${key}" is listed more than once; it was trashed once` });
        continue;
      }
      if (key !== null) seen.add(key);
      try {
        trashed.push(await trashOne(input, cache, hooks));
      } catch (error) {
        const reason =
          error instanceof TrashInputError
            ? `${error.message}; nothing was moved`
            : `could not move "${input}" to the trash: ${message(error)}; it was left where it is (no copy was made, nothing was deleted)`;
        failed.push({ path: String(input), reason });
      }
    }
    return { trashed, failed };
  }

  async function restoreOne(item: TrashedItem): Promise<string> {
    const original = item.originalPath;
    if (typeof original !== 'string' || !path.isAbsolute(original)) throw new Error(`${JSON.stringify(original)} is not an absolute original path`);
    if (!item.trashedPath) throw new Error(`"${original}" has no known location in the trash`);
    const trashedPath = item.trashedPath;
    const infoPath = item.infoPath ?? path.join(path.dirname(path.dirname(trashedPath)), 'info', `${path.basename(trashedPath)}.trashinfo`);
    if (!(await exists(trashedPath))) {
      throw new Error(`"${original}" is no longer in the trash at "${trashedPath}" (the trash was emptied, or another program restored it)`);
    }
    let text: string;
    try {
      text = await fs.readFile(infoPath, 'utf8');
    } catch {
      throw new Error(`"${original}" cannot be restored: its trash record "${infoPath}" is missing`);
    }
    // Trash names are reused once an entry is gone: check the entry is still the file we trashed.
    const recorded = parseTrashInfo(text)?.path;
    const matches = recorded !== undefined && (path.isAbsolute(recorded) ? recorded === original : original.endsWith(`/${recorded}`));
    if (!matches) {
      throw new Error(`"${original}" cannot be restored: "${trashedPath}" now holds a different deleted file (${recorded ?? 'unreadable record'})`);
    }
    try {
      await fs.mkdir(path.dirname(original), { recursive: true });
    } catch (error) {
      throw new Error(`"${original}" cannot be restored: its folder could not be recreated (${message(error)})`, { cause: error });
    }
    try {
      await moveNoReplace(trashedPath, original);
    } catch (error) {
      if (error instanceof DestinationExistsError) {
        throw new Error(`"${original}" already exists, so the trashed copy was not restored over it (it stays in the trash at "${trashedPath}")`, { cause: error });
      }
      throw new Error(`could not move "${trashedPath}" back to "${original}": ${message(error)}`, { cause: error });
    }
    // The file is back; a leftover record would show a broken entry in the file manager, but is no data loss.
    await fs.unlink(infoPath).catch(() => undefined);
    return original;
  }

  async function restore(items: readonly TrashedItem[]): Promise<RestoreOutcome> {
    const restored: string[] = [];
    const failed: TrashFailure[] = [];
    for (const item of items) {
      try {
        restored.push(await restoreOne(item));
      } catch (error) {
        failed.push({ path: String(item.originalPath), reason: message(error) });
      }
    }
    return { restored, failed };
  }

  return { trash, restore, canRestore: true };
}
