// Words the recogniser read with a digit for a letter ("ZER0") are found by the word since migration 490: a library
// catalogued before has its text search documents rebuilt from the stored lines on upgrade, no photo read again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { MIGRATIONS } from '../../../../src/main/engine/catalog/migrations.js';
import { TextRepository } from '../../../../src/main/engine/text/text-repository.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

describe('text search documents rebuilt with the digits inside words read as letters (migration 490)', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.cleanup());

  it('finds "zero" in a receipt read as "ZER0" after the upgrade; other documents stay as they were', () => {
    const old = openCatalogDb(tmp.dir, MIGRATIONS.filter((m) => m.version < 490));
    const folder = new FolderRepository(old).insert('/photos');
    const files = new FileRepository(old);
    const photo = (name: string, lines: string[]): number => {
      const id = files.insert({ folder_id: folder.id, path: `/photos/${name}`, size: 1, mtime_ms: 1, content_hash: `h-${name}` });
      lines.forEach((text, i) =>
        old.prepare('INSERT INTO text_lines (file_id, line, content_hash, text, confidence, x, y, w, h) VALUES (?, ?, ?, ?, 0.9, 0, 0, 10, 10)').run(id, i, `h-${name}`, text),
      );
      // the document as the versions before wrote it: the lines normalised and joined
      const body = lines.map((l) => l.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')).join('');
      old.prepare('INSERT INTO text_search (rowid, body) VALUES (?, ?)').run(id, body);
      return id;
    };
    const receipt = photo('IMG_0001.jpg', ['COKE ZER0', 'FRESH M1LK 2L', 'TOTAL 5.00']);
    const dated = photo('IMG_0002.jpg', ['Receipt 2019', 'TOTAL 12.00']);
    const body = (db: typeof old, id: number) => (db.prepare('SELECT body FROM text_search WHERE rowid = ?').get(id) as { body: string }).body;
    const before = body(old, dated);
    expect(new TextRepository(old).filesContaining('zero')).toEqual([]);
    old.close();

    const db = openCatalogDb(tmp.dir);
    try {
      const text = new TextRepository(db);
      expect(text.filesContaining('zero')).toEqual([receipt]);
      expect(text.filesContaining('milk')).toEqual([receipt]);
      expect(text.filesContaining('zer0')).toEqual([receipt]);
      expect(text.filesContaining('zoig')).toEqual([]);
      expect(body(db, dated)).toBe(before);
    } finally {
      db.close();
    }
  });
});
