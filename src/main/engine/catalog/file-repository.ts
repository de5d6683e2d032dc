import type { CatalogDb } from './database.js';
import type { FileState } from '../../../shared/library-types.js';
import type { PhotoDamage } from '../../../shared/photo-damage.js';
import { statement } from './statement-cache.js';
import { USER_DATE_SOURCE } from '../../../shared/date-types.js';

/** The part of a file row the scanner compares against the disk. */
export interface FileSnapshot {
  id: number;
  folder_id: number;
  path: string;
  size: number;
  mtime_ms: number;
  content_hash: string;
}

export interface FileRow extends FileSnapshot {
  format: string | null;
  format_label: string | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  taken_at: string | null;
  taken_at_source: string | null;
  /** the photo's own date (EXIF, file name, file time); taken_at is this unless the user set one (source 'user') */
  own_taken_at: string | null;
  own_taken_at_source: string | null;
  camera_make: string | null;
  camera_model: string | null;
  lens: string | null;
  gps_lat: number | null;
  gps_lon: number | null;
  gps_alt: number | null;
  /** the file ends early and was indexed from the part that decodes (migration 450); null when whole */
  damage: PhotoDamage | null;
  state: FileState;
  added_at: number;
  updated_at: number;
}

export interface FileErrorRow {
  file_id: number;
  stage: string;
  code: string;
  reason: string;
}

/**
 * Error codes that describe the photo itself (see MediaErrorCode): retrying the same bytes with the same stage
 * version would fail the same way, so such a file waits for a change. Anything else ('internal': a model that did
 * not load, a crashed process) is retried by the next run.
 */
export const PHOTO_ERROR_CODES = ['empty', 'unreadable', 'not-an-image', 'unsupported', 'corrupt', 'too-large'] as const;
/** The library's default order, newest first (the grid's "Newest first"; photos without a date last). */
export const NEWEST_FIRST_SQL = 'f.taken_at DESC, f.id DESC';
const PHOTO_ERROR_SQL = PHOTO_ERROR_CODES.map((c) => `'${c}'`).join(', ');

/** A stage and the version of its algorithm; a file is done when every required stage ran on its current bytes. */
export interface StageVersion {
  stage: string;
  version: number;
}

/** Columns a stage may write about a file's content (metadata, dimensions, format). */
export type FileFacts = Partial<
  Pick<
    FileRow,
    | 'format' | 'format_label' | 'width' | 'height' | 'orientation' | 'own_taken_at' | 'own_taken_at_source'
    | 'camera_make' | 'camera_model' | 'lens' | 'gps_lat' | 'gps_lon' | 'gps_alt' | 'damage'
  >
>;

const FACT_COLUMNS = new Set([
  'format', 'format_label', 'width', 'height', 'orientation', 'own_taken_at', 'own_taken_at_source',
  'camera_make', 'camera_model', 'lens', 'gps_lat', 'gps_lon', 'gps_alt', 'damage',
]);

/** Data access for photo files, their per-stage state and their errors. */
export class FileRepository {
  constructor(private readonly db: CatalogDb) {}

  snapshotOfFolder(folderId: number): FileSnapshot[] {
    return statement(this.db, 'SELECT id, folder_id, path, size, mtime_ms, content_hash FROM files WHERE folder_id = ?')
      .all(folderId) as FileSnapshot[];
  }

  /** Files at `dir` itself or anywhere below it. */
  snapshotUnder(dir: string, sep: string): FileSnapshot[] {
    const prefix = dir.endsWith(sep) ? dir : dir + sep;
    return statement(this.db, 'SELECT id, folder_id, path, size, mtime_ms, content_hash FROM files WHERE path = ? OR substr(path, 1, ?) = ?')
      .all(dir, prefix.length, prefix) as FileSnapshot[];
  }

  byPath(filePath: string): FileRow | undefined {
    return statement(this.db, 'SELECT * FROM files WHERE path = ?').get(filePath) as FileRow | undefined;
  }

  /** Ids of the catalogued files with exactly these bytes. */
  idsWithContent(contentHash: string): number[] {
    return (statement(this.db, 'SELECT id FROM files WHERE content_hash = ?').all(contentHash) as { id: number }[]).map((r) => r.id);
  }

  byId(id: number): FileRow | undefined {
    return statement(this.db, 'SELECT * FROM files WHERE id = ?').get(id) as FileRow | undefined;
  }

  insert(f: Omit<FileSnapshot, 'id'>, now = Date.now()): number {
    const info = statement(this.db,
        `INSERT INTO files (folder_id, path, size, mtime_ms, content_hash, state, added_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
      ).run(f.folder_id, f.path, f.size, f.mtime_ms, f.content_hash, now, now);
    return Number(info.lastInsertRowid);
  }

  /**
   * New bytes at the same path: the row (and what users attached to it) stays; every stage is due again. The stages
   * done on other bytes go, so that every row of file_stages is for its file's current content (migration 451):
   * pendingByStage counts them by stage alone.
   */
  replaceContent(id: number, size: number, mtimeMs: number, contentHash: string, now = Date.now()): void {
    this.db.transaction(() => {
      statement(this.db, `UPDATE files SET size = ?, mtime_ms = ?, content_hash = ?, state = 'pending', updated_at = ? WHERE id = ?`)
        .run(size, mtimeMs, contentHash, now, id);
      statement(this.db, 'DELETE FROM file_stages WHERE file_id = ? AND content_hash <> ?').run(id, contentHash);
    })();
  }

  /** Same bytes, new stat (e.g. touched, or copied back with another mtime). */
  updateStat(id: number, size: number, mtimeMs: number): void {
    statement(this.db, 'UPDATE files SET size = ?, mtime_ms = ? WHERE id = ?').run(size, mtimeMs, id);
  }

  /** A moved or renamed file keeps its row, so its identity, results and user data follow it. */
  move(id: number, folderId: number, newPath: string, size: number, mtimeMs: number, now = Date.now()): void {
    statement(this.db, 'UPDATE files SET folder_id = ?, path = ?, size = ?, mtime_ms = ?, updated_at = ? WHERE id = ?')
      .run(folderId, newPath, size, mtimeMs, now, id);
  }

  reassignFolder(fromFolderId: number, toFolderId: number): void {
    statement(this.db, 'UPDATE files SET folder_id = ? WHERE folder_id = ?').run(toFolderId, fromFolderId);
  }

  delete(id: number): void {
    statement(this.db, 'DELETE FROM files WHERE id = ?').run(id);
  }

  /** Ids of files for which some required stage has not run on the current content, failed files excluded; by id,
   *  or `'newest'` as the library grid shows them by default (the deep pass: the photos the user sees first). */
  dueIds(required: readonly StageVersion[], order: 'id' | 'newest' = 'id'): number[] {
    if (required.length === 0) return [];
    const missing = required
      .map(
        () =>
          `NOT EXISTS (SELECT 1 FROM file_stages s WHERE s.file_id = f.id AND s.stage = ? AND s.version = ?
             AND s.content_hash = f.content_hash)`,
      )
      .join(' OR ');
    const params = required.flatMap((r) => [r.stage, r.version]);
    const rows = this.db
      .prepare(
        `SELECT f.id FROM files f
         WHERE (${missing})
           AND NOT EXISTS (SELECT 1 FROM file_errors e WHERE e.file_id = f.id AND ${blockingError(required)})
         ORDER BY ${order === 'newest' ? NEWEST_FIRST_SQL : 'f.id'}`,
      )
      .all(...params, ...blockingParams(required)) as { id: number }[];
    return rows.map((r) => r.id);
  }

  stageDone(fileId: number, stage: string, version: number, contentHash: string): boolean {
    return (
      statement(this.db, 'SELECT 1 FROM file_stages WHERE file_id = ? AND stage = ? AND version = ? AND content_hash = ?')
        .get(fileId, stage, version, contentHash) !== undefined
    );
  }

  /** Records a stage's success (and any facts it learned) in one transaction, only if the content is unchanged. */
  completeStage(fileId: number, contentHash: string, stage: string, version: number, facts: FileFacts = {}): boolean {
    return this.db.transaction(() => {
      const current = statement(this.db, 'SELECT content_hash FROM files WHERE id = ?').get(fileId) as
        | { content_hash: string }
        | undefined;
      // The file changed or vanished while we worked: drop the stale result.
      if (!current || current.content_hash !== contentHash) return false;
      const cols = Object.keys(facts).filter((k) => FACT_COLUMNS.has(k));
      if (cols.length > 0) {
        this.db
          .prepare(`UPDATE files SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`)
          .run(...cols.map((c) => (facts as Record<string, unknown>)[c] ?? null), fileId);
      }
      // The photo's own date is the date in effect, unless the user set one: that decision outlives a re-read.
      if (cols.includes('own_taken_at')) {
        statement(this.db, `UPDATE files SET taken_at = own_taken_at, taken_at_source = own_taken_at_source
          WHERE id = ? AND taken_at_source IS NOT ?`).run(fileId, USER_DATE_SOURCE);
      }
      statement(this.db, `INSERT INTO file_stages (file_id, stage, content_hash, version, done_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (file_id, stage) DO UPDATE SET content_hash = excluded.content_hash,
             version = excluded.version, done_at = excluded.done_at`)
        .run(fileId, stage, contentHash, version, Date.now());
      statement(this.db, 'DELETE FROM file_errors WHERE file_id = ? AND stage = ?').run(fileId, stage);
      return true;
    })();
  }

  /** Records a stage's failure; `keepState` for deep stages, whose failure leaves the photo usable. */
  failStage(
    fileId: number,
    contentHash: string,
    stage: string,
    code: string,
    reason: string,
    version = 0,
    { keepState = false }: { keepState?: boolean } = {},
  ): void {
    statement(this.db, `INSERT INTO file_errors (file_id, stage, code, reason, content_hash, at, version) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (file_id, stage) DO UPDATE SET code = excluded.code, reason = excluded.reason,
           content_hash = excluded.content_hash, at = excluded.at, version = excluded.version`)
      .run(fileId, stage, code, reason, contentHash, Date.now(), version);
    if (keepState) return;
    statement(this.db, "UPDATE files SET state = 'failed' WHERE id = ? AND content_hash = ?").run(fileId, contentHash);
  }

  /**
   * Forgets failures that no longer hold: the stage has since succeeded for the same content (another run finished
   * it, or the failure was recorded late by a run that raced with the one that succeeded). Returns how many.
   */
  /** Files whose `stage` is done for their current content: id and content hash (the thumbnail cache check). */
  doneFor(stage: string): { id: number; content_hash: string }[] {
    return statement(this.db, `SELECT f.id, f.content_hash FROM files f JOIN file_stages s ON s.file_id = f.id AND s.stage = ?
         AND s.content_hash = f.content_hash`)
      .all(stage) as { id: number; content_hash: string }[];
  }

  /** Makes `stage` due again for these files (its cached output was lost). `keepState`: a deep stage, which a
   *  'ready' photo waits for without leaving 'ready'. */
  redoStage(fileIds: readonly number[], stage: string, options: { keepState?: boolean } = {}): void {
    const del = this.db.prepare('DELETE FROM file_stages WHERE file_id = ? AND stage = ?');
    const pending = this.db.prepare("UPDATE files SET state = 'pending' WHERE id = ? AND state = 'ready'");
    this.db.transaction(() => {
      for (const id of fileIds) {
        del.run(id, stage);
        if (!options.keepState) pending.run(id);
      }
    })();
  }

  /** Forgets a file's failures in these stages (they all just succeeded); every stage when none are named. */
  clearErrorsOf(fileId: number, stages?: readonly string[]): void {
    if (!stages) {
      statement(this.db, 'DELETE FROM file_errors WHERE file_id = ?').run(fileId);
      return;
    }
    const del = this.db.prepare('DELETE FROM file_errors WHERE file_id = ? AND stage = ?');
    for (const stage of stages) del.run(fileId, stage);
  }

  clearSettledErrors(): number {
    return statement(this.db, `DELETE FROM file_errors WHERE EXISTS (SELECT 1 FROM file_stages s WHERE s.file_id = file_errors.file_id
           AND s.stage = file_errors.stage AND s.content_hash = file_errors.content_hash AND s.version >= file_errors.version)`)
      .run().changes;
  }

  /** Recomputes the cached `state` column from stages and errors (cheap enough to run once per index). */
  refreshStates(required: readonly StageVersion[], options: { notReadyOnly?: boolean } = {}): void {
    const allDone = required.length
      ? required
          .map(
            () =>
              `EXISTS (SELECT 1 FROM file_stages s WHERE s.file_id = files.id AND s.stage = ? AND s.version = ?
                 AND s.content_hash = files.content_hash)`,
          )
          .join(' AND ')
      : '1';
    // Failed: a photo error that still holds. Errors that a new run would retry leave the file pending.
    const state = `CASE
           WHEN EXISTS (SELECT 1 FROM file_errors e WHERE e.file_id = files.id AND ${blockingError(required, 'files')})
             THEN 'failed'
           WHEN ${allDone} THEN 'ready'
           ELSE 'pending' END`;
    const params = [...blockingParams(required), ...required.flatMap((r) => [r.stage, r.version])];
    // Only rows whose state changes are written: usually none, so opening a library writes nothing.
    // `notReadyOnly`: the required stages are what they were at the last full refresh, so a 'ready' photo is still
    // ready; only a pending or failed one can be stale (a crash between a photo's last stage and its state, errors
    // cleared). Checking those alone keeps opening a 100,000-photo library from costing seconds.
    const which = options.notReadyOnly ? "state != 'ready' AND " : '';
    this.db.prepare(`UPDATE files SET state = ${state} WHERE ${which}state IS NOT (${state})`).run(...params, ...params);
  }

  idsWithState(state: FileState): number[] {
    return (statement(this.db, 'SELECT id FROM files WHERE state = ? ORDER BY id').all(state) as { id: number }[]).map((r) => r.id);
  }

  /**
   * Per stage, how many photos still wait for it (photos that failed it, or failed a quick stage, excluded): the
   * photos that are not 'failed', less those the stage is done for, less those an error of theirs keeps from it. A
   * photo that failed (could not be read, say) waits for nothing: the deep pass runs only on the others.
   *
   * Counted, not listed: every row of file_stages is for its file's current bytes (replaceContent, migration 451), so
   * the rows of a stage's version are counted on the index file_stages_stage alone, and only the few rows of failed
   * photos and the few errors are looked at one by one. Probing every photo for every stage (dueIds per stage) took
   * 0.8-0.9 CPU-s at 100,000 photos (bench/status-scale.ts), nearly all of `loupe status`.
   */
  pendingByStage(stages: readonly StageVersion[]): Record<string, number> {
    const states = this.countByState();
    const waiting = states.pending + states.ready;
    const out: Record<string, number> = {};
    for (const s of stages) {
      const rows = (statement(this.db, 'SELECT COUNT(*) AS n FROM file_stages WHERE stage = ? AND version = ?').get(s.stage, s.version) as { n: number }).n;
      // CROSS JOIN keeps the few failed photos outside: led by the stage index, SQLite looked up every row's photo
      const ofFailed = (statement(this.db, `SELECT COUNT(*) AS n FROM files f CROSS JOIN file_stages s ON s.file_id = f.id
           WHERE f.state = 'failed' AND s.stage = ? AND s.version = ?`).get(s.stage, s.version) as { n: number }).n;
      // the few errors outside too: led by the photos (its OR reads the error index twice a photo), a scan of them all
      const kept = (statement(this.db, `SELECT COUNT(DISTINCT f.id) AS n FROM file_errors e CROSS JOIN files f ON f.id = e.file_id
           WHERE f.state <> 'failed' AND ${blockingError([s])}
             AND NOT EXISTS (SELECT 1 FROM file_stages s WHERE s.file_id = f.id AND s.stage = ? AND s.version = ?)`)
        .get(...blockingParams([s]), s.stage, s.version) as { n: number }).n;
      out[s.stage] = waiting - (rows - ofFailed) - kept;
    }
    return out;
  }

  setState(fileId: number, state: FileState): void {
    statement(this.db, 'UPDATE files SET state = ? WHERE id = ?').run(state, fileId);
  }

  countByState(): Record<FileState, number> {
    const rows = statement(this.db, 'SELECT state, COUNT(*) AS n FROM files GROUP BY state').all() as {
      state: FileState;
      n: number;
    }[];
    const out: Record<FileState, number> = { pending: 0, ready: 0, failed: 0 };
    for (const r of rows) out[r.state] = r.n;
    return out;
  }

  /** Photos read from the part of their file that decodes, path order (the partial index files_damaged). */
  damaged(): { path: string; damage: PhotoDamage }[] {
    return statement(this.db, 'SELECT path, damage FROM files WHERE damage IS NOT NULL ORDER BY path').all() as { path: string; damage: PhotoDamage }[];
  }

  /** The damaged photos as "id:content hash": an index run tells the ones it found from those it knew (same row, same
   *  bytes), whatever became of their paths. */
  damagedVersions(): Set<string> {
    const rows = statement(this.db, 'SELECT id, content_hash FROM files WHERE damage IS NOT NULL').all() as { id: number; content_hash: string }[];
    return new Set(rows.map(damageKey));
  }

  /** Current failures (for the file's current content), path order. */
  failures(fileIds?: readonly number[]): { path: string; reason: string; stage: string; code: string }[] {
    const rows = statement(this.db, `SELECT f.id, f.path, e.reason, e.stage, e.code FROM file_errors e JOIN files f ON f.id = e.file_id
         WHERE e.content_hash = f.content_hash ORDER BY f.path, e.stage`)
      .all() as { id: number; path: string; reason: string; stage: string; code: string }[];
    if (!fileIds) return rows;
    const wanted = new Set(fileIds);
    return rows.filter((r) => wanted.has(r.id));
  }

  errorsOf(fileId: number): FileErrorRow[] {
    return statement(this.db, `SELECT e.file_id, e.stage, e.code, e.reason FROM file_errors e JOIN files f ON f.id = e.file_id
         WHERE e.file_id = ? AND e.content_hash = f.content_hash`)
      .all(fileId) as FileErrorRow[];
  }

  stagesOf(fileId: number): { stage: string; version: number; done_at: number }[] {
    return statement(this.db, `SELECT s.stage, s.version, s.done_at FROM file_stages s JOIN files f ON f.id = s.file_id
         WHERE s.file_id = ? AND s.content_hash = f.content_hash`)
      .all(fileId) as { stage: string; version: number; done_at: number }[];
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}

/**
 * SQL (on file_errors `e`) true when an error keeps a file from being retried: it is about the photo itself, for
 * its current bytes, and from the current version of its stage (read errors come before any stage).
 */
function blockingError(required: readonly StageVersion[], files = 'f'): string {
  const versions = required.map(() => '(e.stage = ? AND e.version = ?)').join(' OR ');
  return `e.content_hash = ${files}.content_hash AND e.code IN (${PHOTO_ERROR_SQL})
    AND (e.stage = 'read'${versions ? ` OR ${versions}` : ''})`;
}

function blockingParams(required: readonly StageVersion[]): (string | number)[] {
  return required.flatMap((r) => [r.stage, r.version]);
}

/** A photo's row and bytes as damagedVersions() holds them. */
export function damageKey(row: { id: number; content_hash: string }): string {
  return `${row.id}:${row.content_hash}`;
}
