import type { CatalogDb } from './database.js';
import { TEXT_TAGS } from '../../../shared/text-types.js';

export type TagSource = 'auto' | 'user' | 'learned';

/** Photos a learned tag marks and nobody overrode by hand (a user row for the same tag, added or removed, wins).
 *  Columns: file_id, tag_id, confidence. */
export const SHOWN_LEARNED_SQL = `SELECT lft.file_id, lt.tag_id, lft.confidence FROM learned_file_tags lft
  JOIN learned_tags lt ON lt.id = lft.learned_id
  WHERE NOT EXISTS (SELECT 1 FROM file_tags u WHERE u.file_id = lft.file_id AND u.tag_id = lt.tag_id AND u.source = 'user')`;

/**
 * Whether the `file_tags` row `ft` shows: a person added it, or the detector found it at or above the threshold
 * and nobody removed it by hand (a removal is a 'user' row with removed = 1; a 'user' row of any kind also
 * hides the automatic duplicate). The appearance check (auto_tag_checks, learn/auto-tag-check.ts) moves an
 * automatic tag across the threshold: a contradicted one hides, a supported one shows. The one statement of this
 * rule for every query on tags, here and in the backend's photo queries. Binds one parameter: the threshold.
 */
export const SHOWN_TAG_SQL = `((ft.source = 'user' AND ft.removed = 0) OR
  (ft.source = 'auto' AND (
    CASE (SELECT c.verdict FROM auto_tag_checks c WHERE c.file_id = ft.file_id AND c.tag_id = ft.tag_id)
      WHEN -1 THEN 0 WHEN 1 THEN 1 ELSE ft.confidence >= ? END) AND NOT EXISTS (
    SELECT 1 FROM file_tags u WHERE u.file_id = ft.file_id AND u.tag_id = ft.tag_id AND u.source = 'user')))`;

/** The names of the text stage's tags as an SQL list (constants of the code, not user input). */
export const TEXT_TAG_LIST = TEXT_TAGS.map((t) => `'${t.name}'`).join(', ');

export interface FileTag {
  name: string;
  name_zh: string | null;
  /** the detector's (or a learned tag's calibrated) confidence; null for tags added by hand */
  confidence: number | null;
  source: TagSource;
}

export interface AutoTag {
  name: string;
  nameZh: string | null;
  confidence: number;
}

/** Data access for tags. Automatic and user tags live in separate rows, so a re-run of the tagger can never
 *  overwrite what a person did by hand. */
export class TagRepository {
  constructor(private readonly db: CatalogDb) {}

  /** The id of a tag by English or Chinese name, created if new. */
  ensureTag(name: string, nameZh: string | null = null): number {
    const found = this.findTag(name);
    if (found) {
      if (nameZh && !found.name_zh) this.db.prepare('UPDATE tags SET name_zh = ? WHERE id = ?').run(nameZh, found.id);
      return found.id;
    }
    return Number(this.db.prepare('INSERT INTO tags (name, name_zh) VALUES (?, ?)').run(name, nameZh).lastInsertRowid);
  }

  findTag(name: string): { id: number; name: string; name_zh: string | null } | undefined {
    return this.db
      .prepare('SELECT id, name, name_zh FROM tags WHERE name = ? COLLATE NOCASE OR name_zh = ? ORDER BY id LIMIT 1')
      .get(name, name) as { id: number; name: string; name_zh: string | null } | undefined;
  }

  /** Replaces the file's automatic tags from the detector (user rows, and the text stage's tags, untouched). */
  setAutoTags(fileId: number, tags: readonly AutoTag[], now = Date.now()): void {
    this.replaceAutoTags(fileId, tags, `NOT IN (${TEXT_TAG_LIST})`, now);
  }

  /** Replaces the file's automatic tags that its text decides (TEXT_TAGS: receipt), and only those. */
  setTextTags(fileId: number, tags: readonly AutoTag[], now = Date.now()): void {
    this.replaceAutoTags(fileId, tags, `IN (${TEXT_TAG_LIST})`, now);
  }

  private replaceAutoTags(fileId: number, tags: readonly AutoTag[], nameCondition: string, now: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(`DELETE FROM file_tags WHERE file_id = ? AND source = 'auto' AND tag_id IN (SELECT id FROM tags WHERE name ${nameCondition})`)
        .run(fileId);
      const insert = this.db.prepare(
        "INSERT INTO file_tags (file_id, tag_id, source, confidence, added_at) VALUES (?, ?, 'auto', ?, ?)",
      );
      for (const t of tags) insert.run(fileId, this.ensureTag(t.name, t.nameZh), t.confidence, now);
    })();
  }

  addUserTag(fileId: number, name: string, now = Date.now()): void {
    this.db.transaction(() => {
      const tagId = this.ensureTag(name);
      this.db
        .prepare(
          `INSERT INTO file_tags (file_id, tag_id, source, confidence, removed, added_at) VALUES (?, ?, 'user', NULL, 0, ?)
           ON CONFLICT (file_id, tag_id, source) DO UPDATE SET removed = 0, added_at = excluded.added_at`,
        )
        .run(fileId, tagId, now);
    })();
  }

  /** Removes a tag by hand: a user tag is dropped; an automatic one is hidden (and stays hidden after re-tagging).
   *  Returns false when the file shows no such tag. */
  removeUserTag(fileId: number, name: string, now = Date.now()): boolean {
    const tag = this.findTag(name);
    if (!tag) return false;
    return this.db.transaction(() => {
      const rows = this.db
        .prepare('SELECT source, removed FROM file_tags WHERE file_id = ? AND tag_id = ?')
        .all(fileId, tag.id) as { source: TagSource; removed: number }[];
      const hasLearned = this.db
        .prepare('SELECT 1 FROM learned_file_tags lft JOIN learned_tags lt ON lt.id = lft.learned_id WHERE lft.file_id = ? AND lt.tag_id = ?')
        .get(fileId, tag.id) !== undefined;
      const hasAuto = hasLearned || rows.some((r) => r.source === 'auto');
      const userAdded = rows.some((r) => r.source === 'user' && r.removed === 0);
      if (!hasAuto && !userAdded) return false;
      if (hasAuto) {
        this.db
          .prepare(
            `INSERT INTO file_tags (file_id, tag_id, source, confidence, removed, added_at) VALUES (?, ?, 'user', NULL, 1, ?)
             ON CONFLICT (file_id, tag_id, source) DO UPDATE SET removed = 1, added_at = excluded.added_at`,
          )
          .run(fileId, tag.id, now);
      } else {
        this.db.prepare("DELETE FROM file_tags WHERE file_id = ? AND tag_id = ? AND source = 'user'").run(fileId, tag.id);
      }
      return true;
    })();
  }

  /** The tags a person sees on a file: their own, plus automatic ones at or above `minConfidence` not removed by hand. */
  tagsOf(fileId: number, minConfidence: number): FileTag[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM (
           SELECT t.name, t.name_zh, ft.confidence, ft.source FROM file_tags ft JOIN tags t ON t.id = ft.tag_id
           WHERE ft.file_id = ? AND ${SHOWN_TAG_SQL}
           UNION ALL
           SELECT t.name, t.name_zh, l.confidence, 'learned' AS source FROM (${SHOWN_LEARNED_SQL}) l
           JOIN tags t ON t.id = l.tag_id WHERE l.file_id = ?)
         ORDER BY source = 'user' DESC, source = 'learned' DESC, confidence DESC, name`,
      )
      .all(fileId, minConfidence, fileId) as FileTag[];
    // one entry per tag: the user's own, else the learned one, else the detector's
    const seen = new Set<string>();
    return rows.filter((r) => !seen.has(r.name) && seen.add(r.name));
  }

  /** Every tag with its Chinese name (for search matching). */
  allTags(): { id: number; name: string; name_zh: string | null }[] {
    return this.db.prepare('SELECT id, name, name_zh FROM tags').all() as { id: number; name: string; name_zh: string | null }[];
  }

  /** Files showing a tag, with the confidence shown (1 for tags added by hand). */
  filesWithTag(tagId: number, minConfidence: number): { file_id: number; confidence: number }[] {
    return this.db
      .prepare(
        `SELECT file_id, MAX(confidence) AS confidence FROM (
         SELECT ft.file_id, MAX(CASE WHEN ft.source = 'user' THEN 1.0 ELSE ft.confidence END) AS confidence
         FROM file_tags ft
         WHERE ft.tag_id = ? AND ${SHOWN_TAG_SQL}
         GROUP BY ft.file_id
         UNION ALL
         SELECT l.file_id, l.confidence FROM (${SHOWN_LEARNED_SQL}) l WHERE l.tag_id = ?)
         GROUP BY file_id`,
      )
      .all(tagId, minConfidence, tagId) as { file_id: number; confidence: number }[];
  }

  /** What the user did by hand on a file: tags they added, and automatic tags they removed. */
  userEdits(fileId: number): { added: string[]; removed: string[] } {
    const rows = this.db
      .prepare("SELECT t.name, ft.removed FROM file_tags ft JOIN tags t ON t.id = ft.tag_id WHERE ft.file_id = ? AND ft.source = 'user'")
      .all(fileId) as { name: string; removed: number }[];
    return { added: rows.filter((r) => !r.removed).map((r) => r.name), removed: rows.filter((r) => r.removed).map((r) => r.name) };
  }
}
