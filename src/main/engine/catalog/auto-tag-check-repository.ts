// Data access for the appearance check of automatic tags (learn/auto-tag-check.ts): the evidence it reads (the
// detector's rows and the user's hand decisions) and its verdicts (auto_tag_checks), replaced as a whole per run.
import type { CatalogDb } from './database.js';
import { TEXT_TAG_LIST } from './tag-repository.js';

export interface TagEvidenceRow {
  file_id: number;
  tag_id: number;
  source: 'auto' | 'user';
  confidence: number | null;
  removed: number;
}

export interface AutoTagCheckRow {
  fileId: number;
  tagId: number;
  verdict: -1 | 1;
  score: number;
}

export class AutoTagCheckRepository {
  constructor(private readonly db: CatalogDb) {}

  /** Every automatic tag and every hand decision, of every photo; not the text stage's tags (TEXT_TAGS): a receipt
   *  is told by its words, not its look. */
  evidence(): TagEvidenceRow[] {
    return this.db
      .prepare(`SELECT file_id, tag_id, source, confidence, removed FROM file_tags WHERE tag_id NOT IN (SELECT id FROM tags WHERE name IN (${TEXT_TAG_LIST}))`)
      .all() as TagEvidenceRow[];
  }

  replaceAll(rows: readonly AutoTagCheckRow[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM auto_tag_checks').run();
      const insert = this.db.prepare('INSERT INTO auto_tag_checks (file_id, tag_id, verdict, score) VALUES (?, ?, ?, ?)');
      for (const r of rows) insert.run(r.fileId, r.tagId, r.verdict, r.score);
    })();
  }

  counts(): { contradicted: number; supported: number } {
    const r = this.db.prepare('SELECT SUM(verdict < 0) AS c, SUM(verdict > 0) AS s FROM auto_tag_checks').get() as { c: number | null; s: number | null };
    return { contradicted: r.c ?? 0, supported: r.s ?? 0 };
  }
}
