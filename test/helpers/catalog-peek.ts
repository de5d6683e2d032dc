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

/** A learned tag's examples and counter-examples (file names), read straight from a home's catalog file, read-only:
 *  what the user taught, whatever the engine's figures say. */
export function learnedExamplesIn(home: string, tag: string): { examples: string[]; counterExamples: string[] } {
  const db = new Database(path.join(home, 'catalog.sqlite'), { readonly: true });
  try {
    const rows = db.prepare(
      `SELECT f.path, e.positive FROM learned_examples e JOIN learned_tags l ON l.id = e.learned_id
       JOIN tags t ON t.id = l.tag_id JOIN files f ON f.id = e.file_id WHERE t.name = ? ORDER BY f.path`,
    ).all(tag) as { path: string; positive: number }[];
    const names = (positive: number): string[] => rows.filter((r) => r.positive === positive).map((r) => path.basename(r.path));
    return { examples: names(1), counterExamples: names(0) };
  } finally {
    db.close();
  }
}

/** Every catalogued photo's path, read straight from a home's catalog file, read-only, sorted. */
export function cataloguedPaths(home: string): string[] {
  const db = new Database(path.join(home, 'catalog.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT path FROM files ORDER BY path').all() as { path: string }[]).map((r) => r.path);
  } finally {
    db.close();
  }
}

/** The paths of the new photos still waiting to be compared with the photos that went (migration 470), read straight
 *  from a home's catalog file, read-only, sorted. */
export function awaitingComparisonIn(home: string): string[] {
  const db = new Database(path.join(home, 'catalog.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT f.path FROM awaiting_comparison a JOIN files f ON f.id = a.file_id ORDER BY f.path').all() as { path: string }[])
      .map((r) => r.path);
  } finally {
    db.close();
  }
}
