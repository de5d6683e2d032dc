import type { CatalogDb } from './database.js';
import { statement } from './statement-cache.js';

/**
 * Data access for awaiting_comparison (migration 470): the new photos not yet compared with the photos that went, so
 * that a photo moved and edited keeps its old row even when the run that catalogued it stopped before the comparison.
 * A photo's entry goes with its row (ON DELETE CASCADE).
 */
export class AwaitingComparisonRepository {
  constructor(private readonly db: CatalogDb) {}

  /** Marks a new photo as waiting; call it in the transaction that catalogues the photo. */
  add(fileId: number, now = Date.now()): void {
    statement(this.db, 'INSERT OR IGNORE INTO awaiting_comparison (file_id, since) VALUES (?, ?)').run(fileId, now);
  }

  /** Every photo waiting, oldest first. */
  ids(): number[] {
    return (statement(this.db, 'SELECT file_id FROM awaiting_comparison ORDER BY file_id').all() as { file_id: number }[]).map((r) => r.file_id);
  }

  /** The photos a comparison looked at (matched or not) wait no more. */
  clear(fileIds: readonly number[]): void {
    const del = statement(this.db, 'DELETE FROM awaiting_comparison WHERE file_id = ?');
    this.db.transaction(() => {
      for (const id of fileIds) del.run(id);
    })();
  }
}
