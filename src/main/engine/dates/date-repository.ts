// Data access for photo dates: files.taken_at / taken_at_source (the date in effect; source 'user' for one set by
// hand) and own_taken_at / own_taken_at_source (the photo's own, migration 440).
import type { CatalogDb } from '../catalog/database.js';
import { statement } from '../catalog/statement-cache.js';
import { USER_DATE_SOURCE } from '../../../shared/date-types.js';

export interface DateRow {
  id: number;
  path: string;
  taken_at: string | null;
  taken_at_source: string | null;
  own_taken_at: string | null;
  own_taken_at_source: string | null;
}

export class DateRepository {
  constructor(private readonly db: CatalogDb) {}

  of(fileId: number): DateRow | undefined {
    return statement(this.db, 'SELECT id, path, taken_at, taken_at_source, own_taken_at, own_taken_at_source FROM files WHERE id = ?')
      .get(fileId) as DateRow | undefined;
  }

  /** Writes the dates the user chose, all or none. */
  setUser(dates: readonly { id: number; takenAt: string }[]): void {
    const stmt = statement(this.db, 'UPDATE files SET taken_at = ?, taken_at_source = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const d of dates) stmt.run(d.takenAt, USER_DATE_SOURCE, d.id);
    })();
  }

  /** The photos' own dates again; returns how many had one set by hand. */
  clearUser(ids: readonly number[]): number {
    const stmt = statement(this.db, `UPDATE files SET taken_at = own_taken_at, taken_at_source = own_taken_at_source
      WHERE id = ? AND taken_at_source = ?`);
    return this.db.transaction(() => ids.reduce((n, id) => n + stmt.run(id, USER_DATE_SOURCE).changes, 0))();
  }
}
