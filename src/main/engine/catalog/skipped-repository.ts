import type { CatalogDb } from './database.js';
import type { FileFailure } from '../../../shared/library-types.js';

/** A photo seen in a library folder but not catalogued, and why (see migration 90). */
export interface SkippedFile {
  path: string;
  /** 'bad-name' (not valid UTF-8) or 'link-outside' (a link out of the library folders) */
  code: string;
  reason: string;
}

/** Data access for the photos a scan saw but could not catalogue: replaced at every scan of their folder, so
 *  `status` keeps naming them until they are renamed, moved or deleted. */
export class SkippedRepository {
  constructor(private readonly db: CatalogDb) {}

  /** What a scan of `under` (a library folder, or a folder inside one) found now replaces what was known there. */
  replaceUnder(folderId: number, under: string, sep: string, found: readonly SkippedFile[], now = Date.now()): void {
    const prefix = under.endsWith(sep) ? under : under + sep;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM skipped_files WHERE path = ? OR substr(path, 1, ?) = ?').run(under, prefix.length, prefix);
      const put = this.db.prepare('INSERT OR REPLACE INTO skipped_files (path, folder_id, code, reason, at) VALUES (?, ?, ?, ?, ?)');
      for (const f of found) put.run(f.path, folderId, f.code, f.reason, now);
    })();
  }

  all(): FileFailure[] {
    return this.db.prepare('SELECT path, reason, code FROM skipped_files ORDER BY path').all() as FileFailure[];
  }
}
