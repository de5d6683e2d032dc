// The places and time filters of the grid's photo query (PhotoQuery.place, .bounds, .undated, .monthDay), as SQL
// conditions on `files f`, and the timeline's outline. Read-only, like photo-queries.ts.
import type { PhotoQuery, TimelineOutline } from '../../shared/api.js';
import type { CatalogDb } from '../engine/catalog/database.js';

export function placeConditions(query: PhotoQuery): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.place) {
    // IS compares NULLs too: { country: 'France', city: null } is the photos placed in France outside any city.
    where.push('f.id IN (SELECT file_id FROM photo_places WHERE reason IS NULL AND country IS ? AND city IS ?)');
    params.push(query.place.country ?? null, query.place.city ?? null);
  }
  if (query.bounds) {
    const { south, west, north, east } = query.bounds;
    // west > east: the rectangle crosses the antimeridian.
    const lonSql = west <= east ? 'lon BETWEEN ? AND ?' : '(lon >= ? OR lon <= ?)';
    where.push(`f.id IN (SELECT file_id FROM photo_places WHERE reason IS NULL AND lat BETWEEN ? AND ? AND ${lonSql})`);
    params.push(south, north, west, east);
  }
  if (query.undated) where.push('f.taken_at IS NULL');
  if (query.monthDay) {
    where.push('substr(f.taken_at, 6, 5) = ?');
    params.push(query.monthDay);
  }
  return { where, params };
}

/** Photos per capture day, newest first (the grid's date-desc order, so a day's photos are one run of offsets),
 *  and the undated ones, which that order puts last. */
export function timelineOutline(db: CatalogDb): TimelineOutline {
  // Read in index order and counted here: twice as fast as GROUP BY at 100,000 photos (it needs no temporary
  // b-tree), and the failed-files condition on the rowid keeps it on the index (see photo-queries.ts).
  const stamps = db
    .prepare(
      `SELECT substr(taken_at, 1, 10) FROM files WHERE taken_at IS NOT NULL
       AND id NOT IN (SELECT id FROM files WHERE state = 'failed') ORDER BY taken_at DESC`,
    )
    .pluck()
    .all() as string[];
  const days: TimelineOutline['days'] = [];
  for (const day of stamps) {
    const last = days[days.length - 1];
    if (last && last.day === day) last.count++;
    else days.push({ day, count: 1 });
  }
  const { n } = db.prepare("SELECT COUNT(*) AS n FROM files WHERE state <> 'failed' AND taken_at IS NULL").get() as { n: number };
  return { days, undated: n };
}
