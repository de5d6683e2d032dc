import type { CatalogDb } from './database.js';

export interface LearnedTagRow {
  id: number;
  tag_id: number;
  name: string;
  name_zh: string | null;
  /** JSON (learn/model-codec.ts) */
  model: string;
  threshold: number;
  /** 1 when the user set the threshold: retrains keep it */
  threshold_by_user: number;
  /** JSON {precision, recall, f1, positives, negatives} */
  cv: string;
  created_at: number;
  trained_at: number;
}

/** Data access for learned tags: the model per tag, the user's examples, and what the model tagged. */
export class LearnedTagRepository {
  constructor(private readonly db: CatalogDb) {}

  transaction<T>(body: () => T): T {
    return this.db.transaction(body)();
  }

  all(): LearnedTagRow[] {
    return this.db
      .prepare('SELECT l.*, t.name, t.name_zh FROM learned_tags l JOIN tags t ON t.id = l.tag_id ORDER BY t.name')
      .all() as LearnedTagRow[];
  }

  /** By English or Chinese name, case-insensitively. */
  byName(name: string): LearnedTagRow | undefined {
    return this.db
      .prepare('SELECT l.*, t.name, t.name_zh FROM learned_tags l JOIN tags t ON t.id = l.tag_id WHERE t.name = ? COLLATE NOCASE OR t.name_zh = ? LIMIT 1')
      .get(name, name) as LearnedTagRow | undefined;
  }

  byId(id: number): LearnedTagRow | undefined {
    return this.db.prepare('SELECT l.*, t.name, t.name_zh FROM learned_tags l JOIN tags t ON t.id = l.tag_id WHERE l.id = ?').get(id) as
      | LearnedTagRow
      | undefined;
  }

  /** Creates or replaces the model of a tag; returns the learned tag's id. */
  saveModel(tagId: number, model: string, threshold: number, cv: string, now = Date.now()): number {
    const found = this.db.prepare('SELECT id FROM learned_tags WHERE tag_id = ?').get(tagId) as { id: number } | undefined;
    if (found) {
      this.db.prepare('UPDATE learned_tags SET model = ?, threshold = ?, cv = ?, trained_at = ? WHERE id = ?').run(model, threshold, cv, now, found.id);
      return found.id;
    }
    return Number(
      this.db
        .prepare('INSERT INTO learned_tags (tag_id, model, threshold, cv, created_at, trained_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(tagId, model, threshold, cv, now, now).lastInsertRowid,
    );
  }

  /** The threshold, and whether the user chose it (kept by retrains) or the trainer did. */
  setThreshold(id: number, threshold: number, byUser: boolean): void {
    this.db.prepare('UPDATE learned_tags SET threshold = ?, threshold_by_user = ? WHERE id = ?').run(threshold, byUser ? 1 : 0, id);
  }

  setTag(id: number, tagId: number): void {
    this.db.prepare('UPDATE learned_tags SET tag_id = ? WHERE id = ?').run(tagId, id);
  }

  delete(id: number): void {
    // examples and tagged rows go with it (ON DELETE CASCADE); the user's own file_tags rows are another table
    this.db.prepare('DELETE FROM learned_tags WHERE id = ?').run(id);
  }

  examples(id: number): { file_id: number; positive: number; added_at: number }[] {
    return this.db.prepare('SELECT file_id, positive, added_at FROM learned_examples WHERE learned_id = ? ORDER BY file_id').all(id) as {
      file_id: number;
      positive: number;
      added_at: number;
    }[];
  }

  setExample(id: number, fileId: number, positive: boolean, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO learned_examples (learned_id, file_id, positive, added_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (learned_id, file_id) DO UPDATE SET positive = excluded.positive, added_at = excluded.added_at`,
      )
      .run(id, fileId, positive ? 1 : 0, now);
  }

  /** The user's hand decisions on this tag in file_tags: added by hand (true) or removed by hand (false), and when. */
  handDecisions(tagId: number): { file_id: number; added: boolean; added_at: number }[] {
    return (
      this.db.prepare("SELECT file_id, removed, added_at FROM file_tags WHERE tag_id = ? AND source = 'user'").all(tagId) as {
        file_id: number;
        removed: number;
        added_at: number;
      }[]
    ).map((r) => ({ file_id: r.file_id, added: r.removed === 0, added_at: r.added_at }));
  }

  /** Forgets a hand decision on this tag and photo (the user has since said the opposite as an answer). */
  clearHandDecision(tagId: number, fileId: number): void {
    this.db.prepare("DELETE FROM file_tags WHERE tag_id = ? AND file_id = ? AND source = 'user'").run(tagId, fileId);
  }

  /** Replaces what the tag marks: every (file, confidence) given, nothing else. */
  replaceTagged(id: number, tagged: readonly { fileId: number; confidence: number }[]): void {
    this.db.prepare('DELETE FROM learned_file_tags WHERE learned_id = ?').run(id);
    const insert = this.db.prepare('INSERT INTO learned_file_tags (learned_id, file_id, confidence) VALUES (?, ?, ?)');
    for (const t of tagged) insert.run(id, t.fileId, t.confidence);
  }

  /** Sets or clears one photo's learned tag (new photos at index time). */
  setTagged(id: number, fileId: number, confidence: number | null): void {
    if (confidence === null) this.db.prepare('DELETE FROM learned_file_tags WHERE learned_id = ? AND file_id = ?').run(id, fileId);
    else
      this.db
        .prepare(
          `INSERT INTO learned_file_tags (learned_id, file_id, confidence) VALUES (?, ?, ?)
           ON CONFLICT (learned_id, file_id) DO UPDATE SET confidence = excluded.confidence`,
        )
        .run(id, fileId, confidence);
  }

  /**
   * How many photos the tag shows on: those it marked that the user left alone (a hand removal hides the learned
   * tag, as search and the viewer show it), plus, with `withHand`, those the user tagged by hand.
   */
  taggedCount(id: number, withHand = true): number {
    const learned = (
      this.db
        .prepare(
          `SELECT COUNT(*) AS n FROM learned_file_tags lft JOIN learned_tags lt ON lt.id = lft.learned_id
           WHERE lft.learned_id = ? AND NOT EXISTS (SELECT 1 FROM file_tags u WHERE u.file_id = lft.file_id AND u.tag_id = lt.tag_id AND u.source = 'user')`,
        )
        .get(id) as { n: number }
    ).n;
    if (!withHand) return learned;
    const hand = this.db
      .prepare("SELECT COUNT(*) AS n FROM file_tags WHERE tag_id = (SELECT tag_id FROM learned_tags WHERE id = ?) AND source = 'user' AND removed = 0")
      .get(id) as { n: number };
    return learned + hand.n;
  }

  /** Whether the detector or the text stage puts this tag on photos (automatic file_tags rows): a tag of theirs. */
  hasAutoTags(tagId: number): boolean {
    return this.db.prepare("SELECT 1 FROM file_tags WHERE tag_id = ? AND source = 'auto' LIMIT 1").get(tagId) !== undefined;
  }

  /** Carries the user's hand decisions on one tag to another (a learned tag renamed onto a tag of its own): a photo
   *  tagged by hand has the new name, one untagged by hand stays untagged under it. A hand decision the photo has on
   *  the other tag already stays. The old tag keeps them only where it is the detector's or the text stage's too
   *  (a hand "dog" still says what the detector's does); otherwise they leave it, as a rename in place would. */
  carryHandDecisions(fromTagId: number, toTagId: number): void {
    this.db
      .prepare(
        `INSERT INTO file_tags (file_id, tag_id, source, confidence, removed, added_at)
         SELECT file_id, ?, 'user', NULL, removed, added_at FROM file_tags WHERE tag_id = ? AND source = 'user'
         ON CONFLICT (file_id, tag_id, source) DO NOTHING`,
      )
      .run(toTagId, fromTagId);
    if (!this.hasAutoTags(fromTagId)) this.db.prepare("DELETE FROM file_tags WHERE tag_id = ? AND source = 'user'").run(fromTagId);
  }

  renameTag(tagId: number, name: string, nameZh: string | null): void {
    this.db.prepare('UPDATE tags SET name = ?, name_zh = ? WHERE id = ?').run(name, nameZh, tagId);
  }
}
