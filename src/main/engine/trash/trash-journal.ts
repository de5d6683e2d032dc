// Clean-up as a journal. A crash (kill -9, a power cut) in the middle of moving files to the trash must leave every
// moved file restorable with its record and tags, and no tag merged for a file that stayed. So the intent is
// written first (which files, their tags and catalog record, the keeper; the keeper gets the tags in the same
// transaction), then each file's reserved place in the trash, then the move, then the file's record leaves the
// catalog. The next writer to start finishes what moved and rolls back what did not (recover()).
import fs from 'node:fs';
import { snapshotFile } from '../catalog/catalog-snapshot.js';
import type { CatalogDb } from '../catalog/database.js';
import type { FileRepository, FileRow } from '../catalog/file-repository.js';
import type { TagRepository } from '../catalog/tag-repository.js';
import type { MergedMarks } from '../marks/marks-service.js';
import { crashPoint } from '../util/crash-point.js';
import { parseTrashInfo } from './trash-info.js';
import type { TrashedItem } from './trash-types.js';

export type JournalState = 'planned' | 'moving' | 'done';

/** One file of a clean-up as planned: the row, and the keeper its user tags go to (if any). */
export interface PlannedFile {
  row: FileRow;
  keeper: number | undefined;
}

interface OpenRow {
  id: number;
  batch: string;
  path: string;
  item: string;
  user_tags: string;
  merged_into: number | null;
  merged_tags: string;
  merged_marks: string;
  state: JournalState;
}

/** Gives a trashed copy's marks to its keeper and takes them back (MarksService). */
export interface MarksMerger {
  merge(fromId: number, keeperId: number): MergedMarks;
  unmerge(keeperId: number, merged: MergedMarks): void;
}

export interface RecoveryReport {
  /** files found moved to the trash: their clean-up was finished (restorable with `loupe restore`) */
  finished: string[];
  /** files found where they were: their clean-up was rolled back (merged tags taken back from the keeper) */
  rolledBack: string[];
}

export class TrashJournal {
  constructor(private readonly deps: { db: CatalogDb; files: FileRepository; tags: TagRepository; marks?: MarksMerger }) {}

  /** Records the intent for every file and merges their user tags and marks into the keepers, in one transaction.
   *  Returns the journal row id of each planned file, in order. */
  plan(batch: string, planned: readonly PlannedFile[]): number[] {
    const { db, tags } = this.deps;
    const insert = db.prepare(
      `INSERT INTO trash_log (batch, path, content_hash, item, user_tags, catalog, merged_into, merged_tags, merged_marks, trashed_at, state)
       VALUES (?, ?, ?, 'null', ?, ?, ?, ?, ?, ?, 'planned')`,
    );
    const ids = db.transaction(() =>
      planned.map(({ row, keeper }) => {
        const edits = tags.userEdits(row.id);
        const merged = keeper !== undefined ? this.mergeTags(edits.added, keeper) : [];
        // the snapshot first: it is the copy's record as it leaves, its marks included
        const snapshot = JSON.stringify(snapshotFile(db, row.id));
        const marks = keeper !== undefined ? (this.deps.marks?.merge(row.id, keeper) ?? {}) : {};
        const info = insert.run(
          batch, row.path, row.content_hash, JSON.stringify(edits), snapshot,
          keeper ?? null, JSON.stringify(merged), JSON.stringify(marks), Date.now(),
        );
        return Number(info.lastInsertRowid);
      }),
    )();
    crashPoint('trash:planned');
    return ids;
  }

  /** The file's place in the trash is reserved: recorded before the file moves there. */
  reserved(logId: number, item: TrashedItem): void {
    this.deps.db.prepare("UPDATE trash_log SET item = ?, state = 'moving' WHERE id = ?").run(JSON.stringify(item), logId);
    crashPoint('trash:reserved');
  }

  /** The file is in the trash: its catalog record leaves (kept in the log, for restore). */
  moved(logId: number, fileId: number, item: TrashedItem): void {
    crashPoint('trash:moved');
    this.deps.db.transaction(() => {
      this.deps.db.prepare("UPDATE trash_log SET item = ?, state = 'done', trashed_at = ? WHERE id = ?").run(JSON.stringify(item), Date.now(), logId);
      this.deps.files.delete(fileId);
    })();
    crashPoint('trash:committed');
  }

  /** The file did not move: its journal rows go, and the tags merged because of it leave the keeper. */
  rollBack(logIds: readonly number[]): void {
    if (logIds.length === 0) return;
    const rows = logIds.map((id) => this.deps.db.prepare('SELECT * FROM trash_log WHERE id = ?').get(id) as OpenRow | undefined).filter((r) => r !== undefined);
    this.deps.db.transaction(() => this.rollBackRows(rows))();
  }

  /**
   * Finishes or rolls back every clean-up a crash interrupted. A file whose reserved place in the trash holds it
   * is finished (its record leaves the catalog; `loupe restore` and Undo put it back); a file still at its path is
   * rolled back. Runs when a process becomes the library's writer.
   */
  recover(): RecoveryReport {
    const report: RecoveryReport = { finished: [], rolledBack: [] };
    const open = this.deps.db.prepare("SELECT * FROM trash_log WHERE state <> 'done' ORDER BY id").all() as OpenRow[];
    if (open.length === 0) return report;
    const back: OpenRow[] = [];
    const finish: { row: OpenRow; item: TrashedItem }[] = [];
    for (const r of open) {
      const item = JSON.parse(r.item) as TrashedItem | null;
      const atOriginal = fs.existsSync(r.path);
      if (r.state === 'moving' && item && !atOriginal && (item.trashedPath === null || fs.existsSync(item.trashedPath))) finish.push({ row: r, item });
      else {
        if (r.state === 'moving' && item?.infoPath && item.trashedPath && !fs.existsSync(item.trashedPath)) removeOwnInfo(item);
        back.push(r);
      }
    }
    this.deps.db.transaction(() => {
      for (const { row, item } of finish) {
        this.deps.db.prepare("UPDATE trash_log SET state = 'done' WHERE id = ?").run(row.id);
        const file = this.deps.files.byPath(row.path);
        if (file) this.deps.files.delete(file.id);
        report.finished.push(item.originalPath);
      }
      this.rollBackRows(back);
      for (const r of back) report.rolledBack.push(r.path);
    })();
    return report;
  }

  /** Whether a clean-up was interrupted and waits to be finished by a writer. */
  hasOpen(): boolean {
    return this.deps.db.prepare("SELECT 1 FROM trash_log WHERE state <> 'done' LIMIT 1").get() !== undefined;
  }

  /** Takes back from the keeper the marks a copy gave it, latest first (a later copy's rating was merged over an
   *  earlier one's). */
  unmergeMarks(rows: readonly { id: number; merged_into: number | null; merged_marks: string }[]): void {
    for (const r of [...rows].sort((a, b) => b.id - a.id)) {
      if (r.merged_into !== null) this.deps.marks?.unmerge(r.merged_into, JSON.parse(r.merged_marks) as MergedMarks);
    }
  }

  private rollBackRows(rows: readonly OpenRow[]): void {
    const leaving = new Set(rows.map((r) => r.id));
    this.unmergeMarks(rows);
    for (const r of rows) {
      if (r.merged_into !== null) {
        // A tag another trashed copy of the same batch also carried stays with the keeper.
        const stillWanted = new Set(
          (this.deps.db
            .prepare("SELECT id, user_tags FROM trash_log WHERE batch = ? AND merged_into = ? AND state = 'done'")
            .all(r.batch, r.merged_into) as { id: number; user_tags: string }[])
            .filter((o) => !leaving.has(o.id))
            .flatMap((o) => (JSON.parse(o.user_tags) as { added: string[] }).added.map((t) => t.toLowerCase())),
        );
        if (this.deps.files.byId(r.merged_into)) {
          for (const t of JSON.parse(r.merged_tags) as string[]) if (!stillWanted.has(t.toLowerCase())) this.deps.tags.removeUserTag(r.merged_into, t);
        }
      }
      this.deps.db.prepare('DELETE FROM trash_log WHERE id = ?').run(r.id);
    }
  }

  /** Adds the trashed copy's own tags to the keeper; returns those the keeper did not already carry. */
  private mergeTags(tags: readonly string[], keeperId: number): string[] {
    const have = new Set(this.deps.tags.userEdits(keeperId).added.map((t) => t.toLowerCase()));
    const added: string[] = [];
    for (const t of tags) {
      if (have.has(t.toLowerCase())) continue;
      this.deps.tags.addUserTag(keeperId, t);
      have.add(t.toLowerCase());
      added.push(t);
    }
    return added;
  }
}

/** A reserved .trashinfo whose file never arrived: removed if it still describes our file (no stray trash entry). */
function removeOwnInfo(item: TrashedItem): void {
  try {
    const recorded = parseTrashInfo(fs.readFileSync(item.infoPath!, 'utf8'))?.path;
    if (recorded !== undefined && (recorded === item.originalPath || item.originalPath.endsWith(`/${recorded}`))) fs.rmSync(item.infoPath!, { force: true });
  } catch {
    /* already gone */
  }
}
