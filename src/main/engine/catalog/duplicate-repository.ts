import type { CatalogDb } from './database.js';
import { forEachIntRow } from './int-rows.js';
import { statement } from './statement-cache.js';
import { nextUnreusedId, saveNextUnreusedId } from './unreused-ids.js';
import type { FileRow } from './file-repository.js';

export type GroupKind = 'duplicate' | 'similar';

export interface StoredGroup {
  id: number;
  representativeId: number;
  members: { fileId: number; score: number; evidence: string | null }[];
}

/** What the duplicate finder needs to know about one file, read in one go. */
export type DuplicateFileRow = Pick<
  FileRow,
  | 'id' | 'path' | 'size' | 'mtime_ms' | 'content_hash' | 'format' | 'width' | 'height' | 'taken_at' | 'taken_at_source'
  | 'camera_make' | 'camera_model' | 'lens' | 'gps_lat' | 'gps_lon' | 'damage'
>;

// The photo's own date, not one the user set or shifted: whether two files are one shot (or a burst) is for the
// camera's clock to say; one date set on a whole selection would otherwise make its photos one burst.
const FILE_COLUMNS = `f.id, f.path, f.size, f.mtime_ms, f.content_hash, f.format, f.width, f.height,
  f.own_taken_at AS taken_at, f.own_taken_at_source AS taken_at_source, f.camera_make, f.camera_model, f.lens, f.gps_lat, f.gps_lon, f.damage`;

/** Photos whose recorded neighbours allNeighbours reads in one string. */
const NEIGHBOUR_SPAN = 4096;

/** Data access for persisted duplicate groups and similar-shot stacks (tables dup_groups, dup_members, dup_placed). */
export class DuplicateRepository {
  constructor(private readonly db: CatalogDb) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  file(id: number): DuplicateFileRow | undefined {
    return statement(this.db, `SELECT ${FILE_COLUMNS} FROM files f WHERE f.id = ?`).get(id) as DuplicateFileRow | undefined;
  }

  /**
   * Brings the stored groups in line with the catalog before new photos are placed: a file whose content changed
   * leaves its group, a group whose representative is gone (deleted, trashed, edited) is dissolved and its other
   * members are placed again, and a group left with one member is no group.
   */
  prune(kind: GroupKind): void {
    this.transaction(() => {
      const changed = statement(this.db, `SELECT p.file_id FROM dup_placed p JOIN files f ON f.id = p.file_id WHERE p.kind = ? AND p.content_hash <> f.content_hash`)
        .all(kind) as { file_id: number }[];
      for (const { file_id } of changed) {
        statement(this.db, 'DELETE FROM dup_members WHERE file_id = ? AND kind = ?').run(file_id, kind);
        statement(this.db, 'DELETE FROM dup_placed WHERE file_id = ? AND kind = ?').run(file_id, kind);
      }
      const orphaned = statement(this.db, `SELECT g.id FROM dup_groups g WHERE g.kind = ? AND NOT EXISTS
             (SELECT 1 FROM dup_members m WHERE m.group_id = g.id AND m.file_id = g.representative_id)`)
        .all(kind) as { id: number }[];
      for (const { id } of orphaned) {
        statement(this.db, 'DELETE FROM dup_placed WHERE kind = ? AND file_id IN (SELECT file_id FROM dup_members WHERE group_id = ?)').run(kind, id);
        statement(this.db, 'DELETE FROM dup_groups WHERE id = ?').run(id);
      }
      statement(this.db, `DELETE FROM dup_groups WHERE kind = ? AND (SELECT COUNT(*) FROM dup_members m WHERE m.group_id = dup_groups.id) < 2`)
        .run(kind);
    });
  }

  groups(kind: GroupKind): StoredGroup[] {
    const rows = statement(this.db, `SELECT g.id, g.representative_id, m.file_id, m.score, m.evidence FROM dup_groups g
         JOIN dup_members m ON m.group_id = g.id WHERE g.kind = ? ORDER BY g.id, m.score DESC, m.file_id`)
      .all(kind) as { id: number; representative_id: number; file_id: number; score: number; evidence: string | null }[];
    const out: StoredGroup[] = [];
    for (const r of rows) {
      let g = out.at(-1);
      if (!g || g.id !== r.id) out.push((g = { id: r.id, representativeId: r.representative_id, members: [] }));
      g.members.push({ fileId: r.file_id, score: r.score, evidence: r.evidence });
    }
    return out;
  }

  group(groupId: number): (StoredGroup & { kind: GroupKind }) | undefined {
    const g = statement(this.db, 'SELECT id, kind, representative_id FROM dup_groups WHERE id = ?').get(groupId) as
      | { id: number; kind: GroupKind; representative_id: number }
      | undefined;
    if (!g) return undefined;
    const members = statement(this.db, 'SELECT file_id AS fileId, score, evidence FROM dup_members WHERE group_id = ? ORDER BY score DESC, file_id')
      .all(groupId) as StoredGroup['members'];
    return { id: g.id, kind: g.kind, representativeId: g.representative_id, members };
  }

  groupOfFile(fileId: number, kind: GroupKind): number | undefined {
    return (statement(this.db, 'SELECT group_id FROM dup_members WHERE file_id = ? AND kind = ?').get(fileId, kind) as { group_id: number } | undefined)
      ?.group_id;
  }

  /** The next group id never handed out before (ids of dissolved groups are not reused, so an id a screen still
   *  shows can never name a different group). */
  nextGroupId(): number {
    return nextUnreusedId(this.db, 'dup_groups');
  }

  saveNextGroupId(next: number): void {
    saveNextUnreusedId(this.db, 'dup_groups', next);
  }

  /** Ready files not yet compared with the library in their current content, biggest first (so that the
   *  original, usually the largest copy, becomes its group's representative). */
  unplaced(kind: GroupKind, requireExifTime: boolean): DuplicateFileRow[] {
    return this.db
      .prepare(
        `SELECT ${FILE_COLUMNS} FROM files f
         WHERE f.state = 'ready' ${requireExifTime ? "AND f.own_taken_at_source = 'exif'" : ''}
           AND NOT EXISTS (SELECT 1 FROM dup_placed p WHERE p.file_id = f.id AND p.kind = ? AND p.content_hash = f.content_hash)
         ORDER BY COALESCE(f.width * f.height, 0) DESC, f.id`,
      )
      .all(kind) as DuplicateFileRow[];
  }

  /** Ready files with a capture time from their metadata: the candidates of similar-shot stacks. */
  exifDated(): { id: number; taken_at: string }[] {
    return statement(this.db, `SELECT id, own_taken_at AS taken_at FROM files WHERE state = 'ready' AND own_taken_at_source = 'exif'
      AND own_taken_at IS NOT NULL`)
      .all() as { id: number; taken_at: string }[];
  }

  /**
   * Records a file's nearest photos by embedding, its candidates (every pair is checked again). A photo already placed
   * into the groups keeps the candidates it was placed with: when the library has grown by a quarter, the similarity
   * index is rebuilt and every photo's neighbours searched again, and replacing them would let a grouping from
   * scratch compare other pairs than the updates did (a tight crop that fell out of its original's ten nearest: the
   * stored group kept the pair, a regroup no longer saw it; a pair new to the rebuild: a regroup compared it, no
   * update did). A photo not yet placed (new, changed, its keypoints found again) takes the latest. A pair whose
   * keypoints lined up stays a candidate whatever a later search says.
   */
  saveNeighbours(fileId: number, neighbourIds: readonly number[]): void {
    this.transaction(() => {
      const placed = statement(this.db, `SELECT 1 FROM dup_placed p JOIN files f ON f.id = p.file_id AND f.content_hash = p.content_hash WHERE p.file_id = ? AND p.kind = 'duplicate'`).get(fileId);
      if (placed) return;
      statement(
        this.db,
        `DELETE FROM dup_candidates WHERE file_id = ? AND other_id NOT IN (
           SELECT CASE WHEN lo = ? THEN hi ELSE lo END FROM dup_local_checks WHERE (lo = ? OR hi = ?) AND (lo_hi = 1 OR hi_lo = 1))`,
      ).run(fileId, fileId, fileId, fileId);
      const insert = this.db.prepare('INSERT OR IGNORE INTO dup_candidates (file_id, other_id) SELECT ?, id FROM files WHERE id = ?');
      for (const id of neighbourIds) if (id !== fileId) insert.run(fileId, id);
    });
  }

  /** Photos stored as near by embedding, either way round; null when none were ever recorded for this file. */
  neighboursOf(fileId: number): number[] | null {
    const own = statement(this.db, 'SELECT other_id AS id FROM dup_candidates WHERE file_id = ?').all(fileId) as { id: number }[];
    const theirs = statement(this.db, 'SELECT file_id AS id FROM dup_candidates WHERE other_id = ?').all(fileId) as { id: number }[];
    if (own.length === 0 && theirs.length === 0) return null;
    return [...new Set([...own, ...theirs].map((r) => r.id))];
  }

  /** Every file's recorded neighbours, either way round (neighboursOf for all, in one pass); absent: none recorded. */
  allNeighbours(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    const add = (a: number, b: number): void => {
      const list = out.get(a);
      if (!list) out.set(a, [b]);
      else if (!list.includes(b)) list.push(b);
    };
    // (ten rows a photo: read NEIGHBOUR_SPAN photos at a time as one string, int-rows.ts)
    const span = statement(this.db, "SELECT group_concat(file_id || ',' || other_id, ';' ORDER BY file_id, other_id) AS s FROM dup_candidates WHERE file_id >= ? AND file_id < ?");
    const top = (statement(this.db, 'SELECT COALESCE(MAX(file_id), -1) AS n FROM dup_candidates').get() as { n: number }).n;
    forEachIntRow(span, top, NEIGHBOUR_SPAN, 2, ([a, b]) => {
      add(a, b);
      add(b, a);
    });
    return out;
  }

  /** Every file's id by its content hash (FileRepository.idsWithContent for all, in one pass). */
  idsByContent(): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const [id, hash] of this.db.prepare('SELECT id, content_hash FROM files').raw().iterate() as Iterable<[number, string]>) {
      const list = out.get(hash);
      if (list) list.push(id);
      else out.set(hash, [id]);
    }
    return out;
  }

  /** The id of every file in the catalog. */
  fileIds(): Set<number> {
    return new Set(this.db.prepare('SELECT id FROM files').pluck().all() as number[]);
  }

  /** Files already compared with the library in their current content. */
  placedIds(kind: GroupKind): Set<number> {
    const rows = statement(this.db, 'SELECT p.file_id FROM dup_placed p JOIN files f ON f.id = p.file_id WHERE p.kind = ? AND p.content_hash = f.content_hash')
      .all(kind) as { file_id: number }[];
    return new Set(rows.map((r) => r.file_id));
  }

  createGroup(id: number, kind: GroupKind, representativeId: number): void {
    statement(this.db, 'INSERT INTO dup_groups (id, kind, representative_id) VALUES (?, ?, ?)').run(id, kind, representativeId);
    statement(this.db, 'INSERT OR REPLACE INTO dup_members (file_id, kind, group_id, score, evidence) VALUES (?, ?, ?, 1, NULL)')
      .run(representativeId, kind, id);
  }

  /** Removes a group and its memberships (its members are placed again by the caller, in the same transaction). */
  deleteGroup(groupId: number): void {
    statement(this.db, 'DELETE FROM dup_members WHERE group_id = ?').run(groupId);
    statement(this.db, 'DELETE FROM dup_groups WHERE id = ?').run(groupId);
  }

  addMember(fileId: number, kind: GroupKind, groupId: number, score: number, evidence: string | null): void {
    statement(this.db, 'INSERT OR REPLACE INTO dup_members (file_id, kind, group_id, score, evidence) VALUES (?, ?, ?, ?, ?)')
      .run(fileId, kind, groupId, score, evidence);
  }

  /** Lets the next update place the file again, with what it finds then (its group, if any, is kept until then). */
  unplace(fileId: number, kind: GroupKind): void {
    statement(this.db, 'DELETE FROM dup_placed WHERE file_id = ? AND kind = ?').run(fileId, kind);
  }

  markPlaced(fileId: number, kind: GroupKind, contentHash: string): void {
    statement(this.db, 'INSERT OR REPLACE INTO dup_placed (file_id, kind, content_hash) VALUES (?, ?, ?)').run(fileId, kind, contentHash);
  }
}
