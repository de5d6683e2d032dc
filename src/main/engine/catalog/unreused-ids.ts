// Ids that are never handed out twice. SQLite gives a new row the largest id + 1, so after the row with the largest
// id is deleted (a dissolved duplicate group, a person merged into another) the next row would take its id, and an
// id a screen still shows or a script still holds would name something else. The next id is kept in `settings`.
import type { CatalogDb } from './database.js';
import { statement } from './statement-cache.js';

/** The tables whose ids are never reused, and the settings key that keeps each one's next id. */
const COUNTERS = { dup_groups: 'duplicates.nextGroupId', people: 'people.nextId' } as const;
export type UnreusedIdTable = keyof typeof COUNTERS;

/** The next id of `table` never handed out before. */
export function nextUnreusedId(db: CatalogDb, table: UnreusedIdTable): number {
  const max = (statement(db, `SELECT COALESCE(MAX(id), 0) AS n FROM ${table}`).get() as { n: number }).n;
  const row = statement(db, 'SELECT value FROM settings WHERE key = ?').get(COUNTERS[table]) as { value: string } | undefined;
  return Math.max(max + 1, Number(row?.value) || 1);
}

/** Records that ids below `next` have been handed out. */
export function saveNextUnreusedId(db: CatalogDb, table: UnreusedIdTable, next: number): void {
  statement(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(COUNTERS[table], String(next));
}
