import type { CatalogDb } from './database.js';
import { statement } from './statement-cache.js';

/**
 * A table that marks photos by id (`file_id`, its rows going with theirs: ON DELETE CASCADE) until a run lets them
 * go: what awaiting_comparison and unreported_additions share. Each subclass says how a photo is marked.
 */
export abstract class FileIdTable {
  protected constructor(protected readonly db: CatalogDb, private readonly table: 'awaiting_comparison' | 'unreported_additions') {}

  /** Every photo marked, by id. */
  ids(): number[] {
    return (statement(this.db, `SELECT file_id FROM ${this.table} ORDER BY file_id`).all() as { file_id: number }[]).map((r) => r.file_id);
  }

  /** The photos let go. */
  clear(fileIds: readonly number[]): void {
    const del = statement(this.db, `DELETE FROM ${this.table} WHERE file_id = ?`);
    this.db.transaction(() => {
      for (const id of fileIds) del.run(id);
    })();
  }
}
