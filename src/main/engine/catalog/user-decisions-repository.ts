import { USER_DATE_SOURCE } from '../../../shared/date-types.js';
import type { CatalogDb } from './database.js';
import { statement } from './statement-cache.js';

/**
 * The user's decisions on one photo's row, carried onto another row of the same picture, merged with that row's own:
 * a photo moved and edited whose new file the user already worked on before its old row took it over
 * (library/edited-copy-service.ts). Every table that holds such a decision by file is here, the faces apart
 * (FaceRepository.carryDecisions, which needs their boxes). What the stages compute is not: it is due again anyway.
 *
 * Where the two rows disagree the later decision wins. Hand tags and removals, learned-tag examples and answers, and
 * keeper choices carry their time, so the later one is known. Marks, a date and a place set by hand carry none: a value
 * only one row holds is taken (no star, no label is no decision), and where both hold one, `from`'s wins, for it is the
 * row of the file the user has now, catalogued after the other's (the row that went was the photo before the edit).
 */
export class UserDecisionsRepository {
  constructor(private readonly db: CatalogDb) {}

  /** Carries `fromId`'s decisions onto `intoId`; call it in the transaction that then deletes `fromId`. */
  carry(fromId: number, intoId: number): void {
    const run = (sql: string, ...args: unknown[]) => statement(this.db, sql).run(...args);
    const ids = { from: fromId, into: intoId };
    // tags added or removed by hand: per tag, the later word (a tag added, or an automatic one hidden)
    run(
      `INSERT INTO file_tags (file_id, tag_id, source, confidence, removed, added_at)
       SELECT ?, tag_id, 'user', NULL, removed, added_at FROM file_tags WHERE file_id = ? AND source = 'user'
       ON CONFLICT (file_id, tag_id, source) DO UPDATE SET removed = excluded.removed, added_at = excluded.added_at
       WHERE excluded.added_at > file_tags.added_at`,
      intoId, fromId,
    );
    // a learned tag's examples and the answers to its suggestions: per tag, the later one
    run(
      `INSERT INTO learned_examples (learned_id, file_id, positive, added_at)
       SELECT learned_id, ?, positive, added_at FROM learned_examples WHERE file_id = ?
       ON CONFLICT (learned_id, file_id) DO UPDATE SET positive = excluded.positive, added_at = excluded.added_at
       WHERE excluded.added_at > learned_examples.added_at`,
      intoId, fromId,
    );
    // chosen as its duplicate group's keeper (the later choice of a group wins where it is read)
    run(
      `INSERT INTO dup_keep_choice (file_id, chosen_at) SELECT ?, chosen_at FROM dup_keep_choice WHERE file_id = ?
       ON CONFLICT (file_id) DO UPDATE SET chosen_at = MAX(chosen_at, excluded.chosen_at)`,
      intoId, fromId,
    );
    // albums: every one either was in
    run('INSERT OR IGNORE INTO album_photos (album_id, file_id, added_at) SELECT album_id, ?, added_at FROM album_photos WHERE file_id = ?', intoId, fromId);
    // marks: a favourite either way; a rating, a label, a turn `from` holds (none of them is no decision)
    run(
      `UPDATE files SET
         favourite = MAX(favourite, (SELECT favourite FROM files WHERE id = @from)),
         rating = COALESCE((SELECT NULLIF(rating, 0) FROM files WHERE id = @from), rating),
         color_label = COALESCE((SELECT color_label FROM files WHERE id = @from), color_label),
         user_rotation = COALESCE((SELECT NULLIF(user_rotation, 0) FROM files WHERE id = @from), user_rotation)
       WHERE id = @into`,
      ids,
    );
    // a date set by hand (the photo's own date is read again from the new bytes)
    run(
      `UPDATE files SET (taken_at, taken_at_source) = (SELECT taken_at, taken_at_source FROM files WHERE id = @from)
       WHERE id = @into AND EXISTS (SELECT 1 FROM files WHERE id = @from AND taken_at_source = @user)`,
      { ...ids, user: USER_DATE_SOURCE },
    );
    // a place set by hand (one from the GPS is read again from the new bytes)
    if (statement(this.db, "SELECT 1 FROM photo_places WHERE file_id = ? AND source = 'user'").get(fromId)) {
      run('DELETE FROM photo_places WHERE file_id = ?', intoId);
      run('UPDATE photo_places SET file_id = ? WHERE file_id = ?', intoId, fromId);
    }
    // a clean-up that merged a trashed copy's tags and marks into `from`: its undo takes them back from `into`
    run('UPDATE trash_log SET merged_into = ? WHERE merged_into = ?', intoId, fromId);
  }
}
