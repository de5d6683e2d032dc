// Migration 490's rewrite: the text search documents rebuilt from the stored lines, as TextRepository.save writes
// them now (with the digits inside words also read as letters), where that changes them.
import type Database from 'better-sqlite3';
import { searchDocument } from '../../../shared/text-normalize.js';

/** Rewrites the search document of every photo whose lines read otherwise with their digits as letters. */
export function rebuildTextSearchDocuments(db: Database.Database): void {
  const changed: { id: number; body: string }[] = [];
  let id: number | null = null;
  let lines: string[] = [];
  const flush = () => {
    const body = searchDocument(lines);
    // a document with another reading holds a space (searchDocument); the others are as they were
    if (id !== null && body.includes(' ')) changed.push({ id, body });
  };
  for (const row of db.prepare('SELECT file_id, text FROM text_lines ORDER BY file_id, line').iterate() as Iterable<{ file_id: number; text: string }>) {
    if (row.file_id !== id) {
      flush();
      id = row.file_id;
      lines = [];
    }
    lines.push(row.text);
  }
  flush();
  const drop = db.prepare('DELETE FROM text_search WHERE rowid = ?');
  const insert = db.prepare('INSERT INTO text_search (rowid, body) VALUES (?, ?)');
  for (const c of changed) {
    drop.run(c.id);
    insert.run(c.id, c.body);
  }
}
