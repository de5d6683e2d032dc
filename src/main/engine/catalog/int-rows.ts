// Reading a million rows of small non-negative integers (a grouping of 100,000 photos reads its candidates and its
// keypoint checks so): a row handed to JS as an array of its own costs two to three times what SQLite writing the rows
// of a span of ids as one string ("1,2,3;4,5,6", group_concat) and one loop reading it does (docs/duplicates.md, Scale).
import type Database from 'better-sqlite3';

const COMMA = 44;
const SEMICOLON = 59;
const ZERO = 48;

/**
 * Runs `query` (its parameters a span's first id and the id after its last; its one column `s`, the span's rows as
 * "a,b,c;a,b,c") for each span of `span` ids from 0 up to `top`, and hands each row's `fields` integers to `onRow`
 * (in one array, reused from row to row), in the query's order. Stops where `onRow` returns false.
 */
export function forEachIntRow(query: Database.Statement, top: number, span: number, fields: number, onRow: (row: readonly number[]) => boolean | void): void {
  const row = new Array<number>(fields).fill(0);
  for (let start = 0; start <= top; start += span) {
    const text = (query.get(start, start + span) as { s: string | null }).s;
    if (!text) continue;
    let field = 0;
    for (let p = 0; p <= text.length; p++) {
      const ch = p < text.length ? text.charCodeAt(p) : SEMICOLON;
      if (ch === COMMA) field++;
      else if (ch === SEMICOLON) {
        if (onRow(row) === false) return;
        row.fill(0);
        field = 0;
      } else row[field] = row[field] * 10 + ch - ZERO;
    }
  }
}
