import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { statement } from '../../../../src/main/engine/catalog/statement-cache.js';

describe('statement', () => {
  it('prepares a statement once per connection and reuses it', () => {
    const a = new Database(':memory:');
    const b = new Database(':memory:');
    try {
      for (const db of [a, b]) db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
      const insert = 'INSERT INTO t (v) VALUES (?)';
      const first = statement(a, insert);
      for (let i = 0; i < 100; i++) expect(statement(a, insert)).toBe(first); // a loop of writes: one compiled statement
      expect(statement(b, insert)).not.toBe(first); // each connection its own
      for (let i = 0; i < 3; i++) statement(a, insert).run(`row ${i}`);
      expect(a.prepare('SELECT v FROM t ORDER BY id').pluck().all()).toEqual(['row 0', 'row 1', 'row 2']);
      expect(statement(a, 'SELECT count(*) AS n FROM t').get()).toEqual({ n: 3 });
    } finally {
      a.close();
      b.close();
    }
  });
});
