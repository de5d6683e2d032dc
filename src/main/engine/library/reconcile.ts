import fs from 'node:fs/promises';
import type { FileRepository, FileSnapshot } from '../catalog/file-repository.js';
import type { WalkEntry } from '../scan/walk-folder.js';
import { describeFsError } from '../scan/walk-folder.js';
import { forEachLimit } from '../util/concurrency.js';

/** A file found on disk, with the library folder it belongs to. */
export interface SeenFile extends WalkEntry {
  folderId: number;
}

export interface ReconcileCounts {
  added: number;
  updated: number;
  unchanged: number;
  moved: number;
}

export interface ReconcileResult extends ReconcileCounts {
  /** the rows made for new files (readable ones) */
  addedIds: number[];
  /**
   * Rows whose file is gone (neither there nor moved by its bytes), left in the catalog: the caller removes them once
   * the new files could be compared with them (a photo moved AND edited keeps its row, library/edited-copies.ts), or
   * keeps them a while (the watcher: the other half of a move can come in a later batch).
   */
  gone: FileSnapshot[];
  /** files that could not even be read to learn their identity: path and reason */
  unreadable: { fileId: number; path: string; reason: string }[];
}

export interface ReconcileDeps {
  files: FileRepository;
  hashFile: (path: string) => Promise<string>;
  signal?: AbortSignal;
  /** called after each file whose bytes had to be read */
  onHashed?: (done: number, total: number, path: string) => void;
  hashConcurrency?: number;
  /** called for each new (readable) file's row, inside the transaction that catalogues it: what must be durable with
   *  the row itself (the photos still to compare with the gone ones, library/edited-copy-service.ts) is written here */
  onAdded?: (fileId: number) => void;
}

/** Stage name under which read failures (before any decoding) are recorded. */
export const READ_STAGE = 'read';

/** Content hash placeholder of a file whose bytes could not be read. */
const UNREADABLE_PREFIX = 'unreadable:';

/**
 * Brings the catalog in line with what is on disk for one scope (a whole scan, or the paths a watcher reported).
 * `seen`: files on disk in scope. `known`: catalog files in scope (leave out those under unreadable folders).
 * Unchanged size+mtime means no byte is read. Identity is the content hash, so a file that disappeared from one path
 * and appeared at another with the same bytes is MOVED (its row, and all attached to it, follows) - not removed+added.
 * Files gone are not removed here (ReconcileResult.gone).
 */
export async function reconcile(seen: readonly SeenFile[], known: readonly FileSnapshot[], deps: ReconcileDeps): Promise<ReconcileResult> {
  const { files } = deps;
  const result: ReconcileResult = { added: 0, updated: 0, unchanged: 0, moved: 0, addedIds: [], gone: [], unreadable: [] };
  const knownByPath = new Map(known.map((k) => [k.path, k]));
  const stillThere = new Set<number>();
  const toHash: { entry: SeenFile; known?: FileSnapshot }[] = [];

  for (const entry of seen) {
    const k = knownByPath.get(entry.path);
    if (k) {
      stillThere.add(k.id);
      // A file that could not be read last time is read again: fixing permissions does not change its mtime.
      if (k.size === entry.size && k.mtime_ms === entry.mtimeMs && !k.content_hash.startsWith(UNREADABLE_PREFIX)) result.unchanged++;
      else toHash.push({ entry, known: k });
    } else {
      toHash.push({ entry });
    }
  }

  // Read the bytes of new and changed files only.
  const hashes = new Map<string, string | Error>();
  let hashed = 0;
  await forEachLimit(toHash, deps.hashConcurrency ?? 4, async ({ entry }) => {
    deps.signal?.throwIfAborted();
    try {
      hashes.set(entry.path, await deps.hashFile(entry.path));
    } catch (err) {
      hashes.set(entry.path, err as Error);
    }
    deps.onHashed?.(++hashed, toHash.length, entry.path);
  });

  // Files no longer at their path are candidates for a move before they count as removed.
  const goneByHash = new Map<string, FileSnapshot[]>();
  for (const k of known) {
    if (stillThere.has(k.id)) continue;
    const list = goneByHash.get(k.content_hash) ?? [];
    list.push(k);
    goneByHash.set(k.content_hash, list);
  }

  files.transaction(() => {
    for (const { entry, known: k } of toHash) {
      const hash = hashes.get(entry.path)!;
      if (hash instanceof Error) {
        if ((hash as NodeJS.ErrnoException).code === 'ENOENT') {
          // Vanished between the walk and the read: for a known file that is a removal, handled below.
          if (k) stillThere.delete(k.id);
          continue;
        }
        // Keep a row so the failure shows in `status`; it is read again on every run until it can be.
        const placeholder = `${UNREADABLE_PREFIX}${entry.size}:${entry.mtimeMs}`;
        const reason = `cannot be read: ${describeFsError(hash)}`;
        if (k && k.content_hash === placeholder) {
          // Still unreadable, and still the same file as far as its stat says: nothing changed.
          result.unchanged++;
          result.unreadable.push({ fileId: k.id, path: entry.path, reason });
          continue;
        }
        const id = k ? k.id : files.insert({ folder_id: entry.folderId, path: entry.path, size: entry.size, mtime_ms: entry.mtimeMs, content_hash: placeholder });
        if (k) files.replaceContent(k.id, entry.size, entry.mtimeMs, placeholder);
        files.failStage(id, placeholder, READ_STAGE, 'unreadable', reason);
        result.unreadable.push({ fileId: id, path: entry.path, reason });
        if (!k) result.added++;
        else result.updated++;
        continue;
      }
      if (k) {
        if (k.content_hash === hash) {
          files.updateStat(k.id, entry.size, entry.mtimeMs);
          result.unchanged++;
        } else {
          files.replaceContent(k.id, entry.size, entry.mtimeMs, hash);
          result.updated++;
        }
        continue;
      }
      const movedFrom = goneByHash.get(hash)?.shift();
      if (movedFrom) {
        files.move(movedFrom.id, entry.folderId, entry.path, entry.size, entry.mtimeMs);
        stillThere.add(movedFrom.id);
        result.moved++;
      } else {
        const id = files.insert({ folder_id: entry.folderId, path: entry.path, size: entry.size, mtime_ms: entry.mtimeMs, content_hash: hash });
        deps.onAdded?.(id);
        result.addedIds.push(id);
        result.added++;
      }
    }
  });

  // Whatever is left neither stayed nor moved. A partial scope double-checks the disk.
  for (const k of known.filter((k) => !stillThere.has(k.id))) {
    // Still on disk but not seen (hidden now, or the walk could not see it): leave it alone.
    if (!(await existsAsFile(k.path))) result.gone.push(k);
  }
  return result;
}

async function existsAsFile(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}
