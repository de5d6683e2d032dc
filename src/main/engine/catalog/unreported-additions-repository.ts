import type { CatalogDb } from './database.js';
import { statement } from './statement-cache.js';

/**
 * Data access for unreported_additions (migration 480): the new photos that no finished run has said it added yet, so
 * that the photos a stopped run catalogued are counted by the next run that finishes. An entry goes with its row.
 */
export class UnreportedAdditionsRepository {
  constructor(private readonly db: CatalogDb) {}

  /** A new photo; call it in the transaction that catalogues it. */
  add(fileId: number): void {
    statement(this.db, 'INSERT OR IGNORE INTO unreported_additions (file_id) VALUES (?)').run(fileId);
  }

  /** Every new photo not reported yet (still in the catalog: a row's entry goes with it). */
  ids(): number[] {
    return (statement(this.db, 'SELECT file_id FROM unreported_additions ORDER BY file_id').all() as { file_id: number }[]).map((r) => r.file_id);
  }

  /** A finished run said it added them. */
  clear(fileIds: readonly number[]): void {
    const del = statement(this.db, 'DELETE FROM unreported_additions WHERE file_id = ?');
    this.db.transaction(() => {
      for (const id of fileIds) del.run(id);
    })();
  }
}
