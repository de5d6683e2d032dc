import type { CatalogDb } from './database.js';

/** Read-only lookups for text search over file names, folders, dates and cameras. */
export class SearchRepository {
  constructor(private readonly db: CatalogDb) {}

  /** Files whose path (any folder name or the file name) contains `text`, case-insensitively. */
  idsWithPathContaining(text: string): number[] {
    return this.ids("SELECT id FROM files WHERE path LIKE ? ESCAPE '\\'", likePattern(text));
  }

  idsTakenWithPrefix(prefix: string): number[] {
    return this.ids("SELECT id FROM files WHERE taken_at >= ? AND taken_at < ? || '~'", prefix, prefix);
  }

  idsTakenInMonth(month: number): number[] {
    return this.ids('SELECT id FROM files WHERE substr(taken_at, 6, 2) = ?', String(month).padStart(2, '0'));
  }

  idsByCamera(text: string): number[] {
    const pattern = likePattern(text);
    return this.ids(
      "SELECT id FROM files WHERE camera_make LIKE ? ESCAPE '\\' OR camera_model LIKE ? ESCAPE '\\' OR lens LIKE ? ESCAPE '\\'",
      pattern, pattern, pattern,
    );
  }

  /** path and capture date of the given files (for results and tie-breaking) */
  describe(ids: readonly number[]): Map<number, { path: string; taken_at: string | null }> {
    const out = new Map<number, { path: string; taken_at: string | null }>();
    const stmt = this.db.prepare('SELECT id, path, taken_at FROM files WHERE id = ?');
    for (const id of ids) {
      const row = stmt.get(id) as { id: number; path: string; taken_at: string | null } | undefined;
      if (row) out.set(id, { path: row.path, taken_at: row.taken_at });
    }
    return out;
  }

  private ids(sql: string, ...params: unknown[]): number[] {
    return (this.db.prepare(sql).all(...params) as { id: number }[]).map((r) => r.id);
  }
}

/** A LIKE pattern matching `text` anywhere, with LIKE's own wildcards in it escaped. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
