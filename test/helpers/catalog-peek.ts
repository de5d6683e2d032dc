import path from 'node:path';
import Database from 'better-sqlite3';

/** The user tags of a catalogued photo, read straight from a home's catalog file, read-only (null: not
 *  catalogued). For checks that must not go through the engine under test (crash and concurrency trials). */
export function userTagsIn(home: string, photo: string): string[] | null {
  const db = new Database(path.join(home, 'catalog.sqlite'), { readonly: true });
  try {
    if (!db.prepare('SELECT 1 FROM files WHERE path = ?').get(photo)) return null;
    return (db.prepare(
      `SELECT t.name FROM file_tags ft JOIN tags t ON t.id = ft.tag_id JOIN files f ON f.id = ft.file_id
       WHERE f.path = ? AND ft.source = 'user' AND ft.removed = 0 ORDER BY t.name`,
    ).all(photo) as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}
