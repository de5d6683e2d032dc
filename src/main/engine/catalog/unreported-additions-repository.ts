import type { CatalogDb } from './database.js';
import { FileIdTable } from './file-id-table.js';
import { statement } from './statement-cache.js';

/**
 * Data access for unreported_additions (migration 480): the new photos that no finished run has said it added yet, so
 * that the photos a stopped run catalogued are counted by the next run that finishes. An entry goes with its row;
 * `clear` lets go of those a finished run said it added.
 */
export class UnreportedAdditionsRepository extends FileIdTable {
  constructor(db: CatalogDb) {
    super(db, 'unreported_additions');
  }

  /** A new photo; call it in the transaction that catalogues it. */
  add(fileId: number): void {
    statement(this.db, 'INSERT OR IGNORE INTO unreported_additions (file_id) VALUES (?)').run(fileId);
  }
}
