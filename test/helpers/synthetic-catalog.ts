// A catalog of generated rows (no photos behind them) in the real schema, for what depends on the number of
// rows rather than on images: the photo-listing test checks its answers on it, bench/photo-queries.ts times it.
import type { CatalogDb } from '../../src/main/engine/catalog/database.js';

/**
 * Fills an empty catalog with `n` photos in two folders: every 10th in /other, the rest in /photos/2000..2019;
 * every 97th without a date and the rest on shared days (so the id tiebreak of date order matters); every 50th
 * failed (not listed); two of three from a Canon EOS 5D.
 */
export function fillSyntheticCatalog(db: CatalogDb, n: number): void {
  const now = Date.now();
  db.prepare("INSERT INTO folders (id, path, added_at) VALUES (1, '/photos', ?), (2, '/other', ?)").run(now, now);
  const insert = db.prepare(
    `INSERT INTO files (folder_id, path, size, mtime_ms, content_hash, taken_at, camera_make, camera_model, state, added_at, updated_at)
     VALUES (?, ?, 1000, 0, ?, ?, ?, ?, ?, 0, 0)`,
  );
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const folder = i % 10 === 0 ? 2 : 1;
      const dir = folder === 2 ? '/other' : `/photos/${2000 + (i % 20)}`;
      const taken = i % 97 === 0 ? null : `${2000 + (i % 20)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00`;
      const state = i % 50 === 0 ? 'failed' : 'ready';
      insert.run(folder, `${dir}/img_${String(i).padStart(6, '0')}.jpg`, `hash${i}`, taken, i % 3 ? 'Canon' : null, i % 3 ? 'Canon EOS 5D' : null, state);
    }
  })();
}
