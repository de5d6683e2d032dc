// Clean-up that a user can trust: files go to the system trash (never deleted), only when they are still
// what was indexed, their user tags are merged into the copy that is kept, and a whole batch can be put back
// while the files are still in the trash: the files, and their whole catalog record (tags, features, hashes),
// at once, with no re-indexing (so an undo never waits for, or races with, an index run).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { RestoreResult, TrashResult } from '../../../shared/api.js';
import { restoreFileSnapshot, type FileSnapshotJson } from '../catalog/catalog-snapshot.js';
import type { CatalogDb } from '../catalog/database.js';
import type { FileRepository, FileRow } from '../catalog/file-repository.js';
import type { TagRepository } from '../catalog/tag-repository.js';
import type { DuplicateService } from '../duplicates/duplicate-service.js';
import { LibraryError } from '../errors.js';
import type { SystemTrash, TrashedItem } from './system-trash.js';
import { sameFileOnDisk } from '../util/same-file.js';
import type { LibraryLock } from '../home/library-lock.js';
import { TrashJournal, type MarksMerger, type RecoveryReport } from './trash-journal.js';

export interface TrashServiceDeps {
  db: CatalogDb;
  files: FileRepository;
  tags: TagRepository;
  duplicates: DuplicateService;
  systemTrash: SystemTrash;
  /** the library folder a restored path belongs to (null when that folder left the library meanwhile) */
  folderOf: (filePath: string) => number | null;
  /** after files left or came back (the similarity index drops or adds their vectors) */
  afterChange: () => Promise<void>;
  /** gives the user's marks (albums, favourite, rating, label) of a copy leaving for the trash to its keeper, and
   *  takes them back when the copy is restored */
  marks?: MarksMerger;
  warn?: (message: string) => void;
  /** the home's one-writer lock: clean-up and restore hold it */
  writer?: Pick<LibraryLock, 'hold'>;
  /** whether a real path (symlinks resolved) lies inside a library folder: clean-up never moves anything else */
  insideLibrary?: (realPath: string) => boolean;
}

/** The trash_log columns a restore reads (LogRow). */
const LOG_COLUMNS = 'id, path, item, user_tags, catalog, merged_into, merged_tags, merged_marks';
/** Only finished clean-ups can be restored (an open journal row is finished or rolled back first). */
const DONE = "state = 'done'";

interface LogRow {
  id: number;
  path: string;
  item: string;
  user_tags: string;
  catalog: string | null;
  merged_into: number | null;
  merged_tags: string;
  merged_marks: string;
}

export class TrashService {
  private readonly journal: TrashJournal;

  constructor(private readonly deps: TrashServiceDeps) {
    this.journal = new TrashJournal({ db: deps.db, files: deps.files, tags: deps.tags, marks: deps.marks });
  }

  /** Finishes or rolls back a clean-up a crash interrupted (the engine calls it when it becomes the writer). */
  recoverInterrupted(): RecoveryReport {
    return this.journal.recover();
  }

  /** Whether a clean-up a crash interrupted waits for the next writer (a reader does not finish it). */
  hasInterrupted(): boolean {
    return this.journal.hasOpen();
  }

  private writing<T>(activity: string, fn: () => Promise<T>): Promise<T> {
    return this.deps.writer ? this.deps.writer.hold(activity, fn) : fn();
  }

  /**
   * Moves catalogued photos to the system trash. A photo in an exact or near-duplicate group whose suggested keeper
   * stays gives its user tags to that keeper (`mergeInto` names the keeper for all of them instead). `batch`: the
   * undo token to record them under (a clean-up of many groups shares one, so that one undo puts back all it moved);
   * a new one otherwise.
   */
  async trash(ids: readonly number[], mergeInto?: number, batch: string = randomUUID()): Promise<TrashResult> {
    return this.writing('cleaning up', () => this.trashNow(ids, mergeInto, batch));
  }

  private async trashNow(ids: readonly number[], mergeInto: number | undefined, batch: string): Promise<TrashResult> {
    const { files } = this.deps;
    const failed: TrashResult['failed'] = [];
    const ready: FileRow[] = [];
    for (const id of new Set(ids)) {
      const row = files.byId(id);
      if (!row) {
        failed.push({ id, path: null, reason: `photo ${id} is not in the catalog (any more)` });
        continue;
      }
      const changed = changedOnDisk(row) ?? this.outsideLibrary(row.path);
      if (changed) failed.push({ id, path: row.path, reason: `${row.path} was not touched: it ${changed}` });
      else ready.push(row);
    }
    if (mergeInto !== undefined) {
      if (ready.some((r) => r.id === mergeInto)) throw new LibraryError('invalid', 'The photo to keep cannot also be trashed.');
      const keeper = files.byId(mergeInto);
      if (!keeper) throw new LibraryError('not-found', `The photo to keep (${mergeInto}) is not in the catalog.`);
      // Clean-up relies on the kept copy: if it vanished or changed, trashing the others could leave nothing.
      const problem = changedOnDisk(keeper);
      if (problem) throw new LibraryError('conflict', `Nothing was moved to the trash: the copy to keep, ${keeper.path}, ${problem}.`);
    }
    // A path that is the same file as one that stays (a symlink or hard link to it, catalogued twice) is never
    // trashed: "keeping" the link while trashing its target would keep nothing.
    const leavingIds = new Set(ready.map((r) => r.id));
    for (let i = ready.length - 1; i >= 0; i--) {
      const same = this.sameFileStaying(ready[i], leavingIds);
      if (same) {
        failed.push({ id: ready[i].id, path: ready[i].path, reason: `${ready[i].path} was not touched: it is the same file as ${same}, which stays` });
        leavingIds.delete(ready[i].id);
        ready.splice(i, 1);
      }
    }
    const leaving = new Set(ready.map((r) => r.id));
    // a representative leaving leaves the rest of its group to be placed again (settle); a copy leaving, nothing
    const leaders = ready.some((r) => this.deps.duplicates.leadsGroup(r.id));
    const keeperOf = (id: number): number | undefined => {
      if (mergeInto !== undefined) return mergeInto;
      const keep = this.deps.duplicates.keeperOf(id);
      return keep !== undefined && !leaving.has(keep) ? keep : undefined;
    };
    // Journal first (trash-journal.ts): intent and merged tags and marks, then each file's reserved place, then the
    // move.
    const logIds = this.journal.plan(batch, ready.map((row) => ({ row, keeper: keeperOf(row.id) })));
    const trashed: TrashResult['trashed'] = [];
    const notMoved: number[] = [];
    for (const [i, row] of ready.entries()) {
      const outcome = await this.deps.systemTrash.trash([row.path], { beforeMove: (item) => this.journal.reserved(logIds[i], item) });
      const item = outcome.trashed[0];
      if (item) {
        this.journal.moved(logIds[i], row.id, item);
        trashed.push({ id: row.id, path: row.path });
      } else {
        notMoved.push(logIds[i]);
        for (const f of outcome.failed) failed.push({ id: row.id, path: f.path, reason: f.reason });
      }
    }
    this.journal.rollBack(notMoved);
    if (trashed.length) await this.settle(leaders);
    return { trashed, failed, undoToken: trashed.length ? batch : null };
  }

  /**
   * Keeps `keepId` and trashes the other members of an exact or near-duplicate group. `confirmed`: the ids the
   * user saw and agreed to trash; when the group changed since (a member edited, a new copy joined), nothing is
   * trashed, so a stale screen can never send an unseen photo to the trash.
   */
  async cleanUp(groupId: number, keepId: number, confirmed?: readonly number[], batch?: string): Promise<TrashResult> {
    const group = this.deps.duplicates.group(groupId);
    if (!group) throw new LibraryError('not-found', `Duplicate group ${groupId} does not exist (any more): list the groups again.`);
    if (group.level === 'similar') throw new LibraryError('invalid', 'Similar shots are different photos: Loupe does not trash them as duplicates.');
    if (!group.members.some((m) => m.id === keepId)) throw new LibraryError('invalid', `Photo ${keepId} is not in duplicate group ${groupId}.`);
    const others = group.members.filter((m) => m.id !== keepId).map((m) => m.id);
    if (confirmed && (confirmed.length !== others.length || !confirmed.every((id) => others.includes(id)))) {
      throw new LibraryError('conflict', `Duplicate group ${groupId} changed since it was shown: nothing was moved to the trash; look at it again.`);
    }
    return this.trash(others, keepId, batch);
  }

  /** Puts back what one trash call moved, while it is still in the trash. */
  async restore(undoToken: string): Promise<RestoreResult> {
    return this.writing('restoring photos to', () => this.restoreBatch(undoToken));
  }

  private async restoreBatch(undoToken: string): Promise<RestoreResult> {
    const rows = this.deps.db
      .prepare(`SELECT ${LOG_COLUMNS} FROM trash_log WHERE batch = ? AND restored_at IS NULL AND ${DONE}`)
      .all(undoToken) as LogRow[];
    if (rows.length === 0) throw new LibraryError('not-found', 'Nothing to restore for this undo token (already restored, or unknown).');
    return this.restoreRows(rows);
  }

  /** Puts back what the latest trash call (or clean-up sharing its undo token) moved, while it is still in the trash. */
  async restoreLast(): Promise<RestoreResult> {
    const last = this.deps.db.prepare(`SELECT batch FROM trash_log WHERE restored_at IS NULL AND ${DONE} ORDER BY id DESC LIMIT 1`).get() as { batch: string } | undefined;
    if (!last) throw new LibraryError('not-found', 'Nothing to restore: Loupe has not moved any photo to the trash that is not back already.');
    return this.restore(last.batch);
  }

  /** Puts back the most recently trashed files at these original paths. */
  async restorePaths(paths: readonly string[]): Promise<RestoreResult> {
    return this.writing('restoring photos to', () => this.restoreAt(paths));
  }

  private async restoreAt(paths: readonly string[]): Promise<RestoreResult> {
    const rows: LogRow[] = [];
    const failed: RestoreResult['failed'] = [];
    for (const p of paths) {
      const row = this.deps.db
        .prepare(`SELECT ${LOG_COLUMNS} FROM trash_log WHERE path = ? AND restored_at IS NULL AND ${DONE} ORDER BY id DESC LIMIT 1`)
        .get(p) as LogRow | undefined;
      if (row) rows.push(row);
      else failed.push({ path: p, reason: `${p} was not moved to the trash by Loupe (or was restored already)` });
    }
    const result = rows.length ? await this.restoreRows(rows) : { restored: [], failed: [] };
    return { restored: result.restored, failed: [...failed, ...result.failed] };
  }

  private async restoreRows(rows: LogRow[]): Promise<RestoreResult> {
    const outcome = await this.deps.systemTrash.restore(rows.map((r) => JSON.parse(r.item) as TrashedItem));
    const restored = new Set(outcome.restored);
    this.deps.db.transaction(() => {
      // marks that came to the keeper only because of these files leave it again, as their tags do
      this.journal.unmergeMarks(rows.filter((r) => restored.has(r.path) && r.merged_into !== null && this.deps.files.byId(r.merged_into)));
      for (const r of rows) {
        if (!restored.has(r.path)) continue;
        this.recatalog(r);
        // tags that came to the keeper only because of this file leave it again
        if (r.merged_into !== null && this.deps.files.byId(r.merged_into)) {
          for (const t of JSON.parse(r.merged_tags) as string[]) this.deps.tags.removeUserTag(r.merged_into, t);
        }
        this.deps.db.prepare('UPDATE trash_log SET restored_at = ? WHERE id = ?').run(Date.now(), r.id);
      }
    })();
    if (restored.size) await this.settle(true);
    return { restored: [...restored], failed: outcome.failed.map((f) => ({ path: f.path, reason: f.reason })) };
  }

  /** Puts a restored file's catalog record back; if a watcher re-catalogued it first, gives that row its tags. */
  private recatalog(r: LogRow): void {
    const edits = JSON.parse(r.user_tags) as { added: string[]; removed: string[] };
    const row = this.deps.files.byPath(r.path);
    if (!row && r.catalog) {
      const folderId = this.deps.folderOf(r.path);
      if (folderId === null) return; // its folder left the library: the file is back on disk, not in the catalog
      restoreFileSnapshot(this.deps.db, JSON.parse(r.catalog) as FileSnapshotJson, folderId);
      return;
    }
    if (!row) return;
    for (const t of edits.added) this.deps.tags.addUserTag(row.id, t);
    for (const t of edits.removed) this.deps.tags.removeUserTag(row.id, t);
  }

  /** Lets the similarity index and the duplicate groups catch up. The files have moved and the catalog says so: a
   *  failure here must not lose the caller its undo token (the next index run catches up anyway). */
  private async settle(regroup: boolean): Promise<void> {
    try {
      await this.deps.afterChange();
    } catch (err) {
      this.deps.warn?.(`the similarity index will catch up at the next index run: ${(err as Error).message}`);
    }
    // The copies a trashed representative leaves, and the restored photos, find their groups now, while this writer
    // holds the home: `loupe duplicates` lists as a reader and places nothing, so until the next index run they were
    // in no group at all (the stranger trial: trash a keeper by hand, and its 11 copies vanished from the listing).
    // Only then: an update reads the whole catalog once, and clean-up all trashes group by group.
    if (!regroup) return;
    try {
      await this.deps.duplicates.update();
    } catch (err) {
      this.deps.warn?.(`duplicate groups will catch up at the next index run: ${(err as Error).message}`);
    }
  }

  /** The path of a catalogued file that stays and is the very same file on disk as `row` (same device and inode). */
  private sameFileStaying(row: FileRow, leaving: ReadonlySet<number>): string | null {
    for (const id of this.deps.files.idsWithContent(row.content_hash)) {
      if (id === row.id || leaving.has(id)) continue;
      const other = this.deps.files.byId(id);
      if (other && sameFileOnDisk(row.path, other.path)) return other.path;
    }
    return null;
  }

  /** Why a path must not be moved: its real file lies outside every library folder (a symlink pointing out). */
  private outsideLibrary(filePath: string): string | null {
    if (!this.deps.insideLibrary) return null;
    let real: string;
    try {
      real = fs.realpathSync(filePath);
    } catch {
      return null; // changedOnDisk reports a missing file
    }
    return this.deps.insideLibrary(real) ? null : `is a link to ${real}, outside the library folders; Loupe only moves files inside them`;
  }
}

/** Why a file no longer is what the catalog indexed, as a predicate ("is no longer there"), or null when it still is. */
function changedOnDisk(row: FileRow): string | null {
  let st: fs.Stats;
  try {
    st = fs.statSync(row.path);
  } catch {
    return 'is no longer there';
  }
  if (!st.isFile()) return 'is no longer a file';
  if (st.size !== row.size || Math.abs(st.mtimeMs - row.mtime_ms) > 1) return 'changed on disk since it was indexed (index again, then review)';
  return null;
}
