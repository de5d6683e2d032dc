import type Database from 'better-sqlite3';
import type { CatalogDb } from './database.js';

const cache = new WeakMap<CatalogDb, Map<string, Database.Statement>>();

/**
 * The connection's one prepared statement for `sql`, for writes and reads that run once per row in a loop (a scan
 * that adds or removes 100,000 photos; grouping duplicates, which reads each photo's hashes, features, keypoints and
 * checks: preparing took a fifth of its CPU at 100,000 photos, bench/duplicates-app-scale.ts). A statement prepared on every call holds its compiled program (~9 KB for a delete
 * that cascades) until the garbage collector happens to free its small JS handle, which a loop of SQLite calls
 * seldom prompts: removing 20,000 rows that way held 244 MiB and took 3.3 CPU-s, with one statement 65 MiB and
 * 1.2 CPU-s (issue #15). Only for statements used plainly (no pluck/raw/bind, never iterated), as those modes stick.
 */
export function statement(db: CatalogDb, sql: string): Database.Statement {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let stmt = statements.get(sql);
  if (!stmt) statements.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}
