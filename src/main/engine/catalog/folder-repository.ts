import type { CatalogDb } from './database.js';
import type { FolderStatus } from '../../../shared/library-types.js';

export interface FolderRow {
  id: number;
  path: string;
  added_at: number;
  last_scan_at: number | null;
  status: FolderStatus;
  status_reason: string | null;
}

/** Data access for library folders. */
export class FolderRepository {
  constructor(private readonly db: CatalogDb) {}

  list(): FolderRow[] {
    return this.db.prepare('SELECT * FROM folders ORDER BY path').all() as FolderRow[];
  }

  byPath(folderPath: string): FolderRow | undefined {
    return this.db.prepare('SELECT * FROM folders WHERE path = ?').get(folderPath) as FolderRow | undefined;
  }

  insert(folderPath: string, now = Date.now()): FolderRow {
    const info = this.db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run(folderPath, now);
    return this.db.prepare('SELECT * FROM folders WHERE id = ?').get(info.lastInsertRowid) as FolderRow;
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM folders WHERE id = ?').run(id);
  }

  setStatus(id: number, status: FolderStatus, reason: string | null): void {
    this.db.prepare('UPDATE folders SET status = ?, status_reason = ? WHERE id = ?').run(status, reason, id);
  }

  markScanned(id: number, now = Date.now()): void {
    this.db.prepare("UPDATE folders SET last_scan_at = ?, status = 'ok', status_reason = NULL WHERE id = ?").run(now, id);
  }

  fileCounts(): Map<number, number> {
    const rows = this.db.prepare('SELECT folder_id, COUNT(*) AS n FROM files GROUP BY folder_id').all() as {
      folder_id: number;
      n: number;
    }[];
    return new Map(rows.map((r) => [r.folder_id, r.n]));
  }
}
