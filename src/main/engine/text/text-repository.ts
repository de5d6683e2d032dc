import type { CatalogDb } from '../catalog/database.js';
import { searchDocument } from '../../../shared/text-normalize.js';
import type { PhotoTextLine } from '../../../shared/text-types.js';

/** A line of text as stored and shown (the API's shape): box [x, y, w, h] in pixels of the photo as displayed. */
export type StoredTextLine = PhotoTextLine;

interface LineRow {
  file_id: number;
  text: string;
  confidence: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Text lines read in photos, and the trigram index that finds photos by them (tables of migration 50). */
export class TextRepository {
  constructor(private readonly db: CatalogDb) {}

  /** Replaces what is stored for a file with `lines` (none: the photo has no readable text). */
  save(fileId: number, contentHash: string, lines: readonly StoredTextLine[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM text_lines WHERE file_id = ?').run(fileId);
      this.db.prepare('DELETE FROM text_search WHERE rowid = ?').run(fileId);
      const insert = this.db.prepare(
        'INSERT INTO text_lines (file_id, line, content_hash, text, confidence, x, y, w, h) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      lines.forEach((l, i) => insert.run(fileId, i, contentHash, l.text, l.confidence, ...l.box));
      const body = searchDocument(lines.map((l) => l.text));
      if (body) this.db.prepare('INSERT INTO text_search (rowid, body) VALUES (?, ?)').run(fileId, body);
    })();
  }

  /** The lines of a file's current content, in reading order (empty when none were read, or they are stale). */
  linesOf(fileId: number): StoredTextLine[] {
    const rows = this.db
      .prepare(
        `SELECT tl.* FROM text_lines tl JOIN files f ON f.id = tl.file_id AND f.content_hash = tl.content_hash
         WHERE tl.file_id = ? ORDER BY tl.line`,
      )
      .all(fileId) as LineRow[];
    return rows.map(toLine);
  }

  /**
   * Files whose text holds `term` (normalised, as normalizeText gives it) anywhere, spaces and line breaks
   * ignored. Three characters or more use the trigram index; shorter terms (two Chinese characters) scan the
   * documents, which only photos with text have.
   */
  filesContaining(term: string): number[] {
    if (term.length === 0) return [];
    const rows = term.length >= 3
      ? this.db.prepare('SELECT rowid AS id FROM text_search WHERE text_search MATCH ?').all(`"${term.replace(/"/g, '""')}"`)
      : this.db.prepare('SELECT rowid AS id FROM text_search WHERE instr(body, ?) > 0').all(term);
    return (rows as { id: number }[]).map((r) => r.id);
  }

  /** Lines of many files at once (current content only), with the size of each photo, by file id. */
  linesOfFiles(fileIds: readonly number[]): Map<number, { width: number; height: number; lines: StoredTextLine[] }> {
    const out = new Map<number, { width: number; height: number; lines: StoredTextLine[] }>();
    const stmt = this.db.prepare(
      `SELECT tl.*, f.width AS photo_w, f.height AS photo_h FROM text_lines tl
       JOIN files f ON f.id = tl.file_id AND f.content_hash = tl.content_hash
       WHERE tl.file_id = ? ORDER BY tl.line`,
    );
    for (const id of fileIds) {
      const rows = stmt.all(id) as (LineRow & { photo_w: number | null; photo_h: number | null })[];
      if (rows.length > 0) out.set(id, { width: rows[0].photo_w ?? 0, height: rows[0].photo_h ?? 0, lines: rows.map(toLine) });
    }
    return out;
  }
}

function toLine(r: LineRow): StoredTextLine {
  return { text: r.text, box: [r.x, r.y, r.w, r.h], confidence: r.confidence };
}
