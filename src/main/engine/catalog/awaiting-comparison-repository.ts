import type { CatalogDb } from './database.js';
import { FileIdTable } from './file-id-table.js';
import { statement } from './statement-cache.js';

/**
 * Data access for awaiting_comparison (migration 470): the new photos not yet compared with the photos that went, so
 * that a photo moved and edited keeps its old row even when the run that catalogued it stopped before the comparison.
 * A photo's entry goes with its row (ON DELETE CASCADE); `clear` lets go of the photos a comparison looked at.
 */
export class AwaitingComparisonRepository extends FileIdTable {
  constructor(db: CatalogDb) {
    super(db, 'awaiting_comparison');
  }

  /** Marks a new photo as waiting; call it in the transaction that catalogues the photo. */
  add(fileId: number, now = Date.now()): void {
    statement(this.db, 'INSERT OR IGNORE INTO awaiting_comparison (file_id, since) VALUES (?, ?)').run(fileId, now);
  }
}
