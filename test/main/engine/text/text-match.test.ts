// How photos found by the words read in them rank: on a real catalog (the trigram index of migration 50), with
// lines stored as the text stage stores them.
import { describe, expect, it } from 'vitest';
import { FolderRepository } from '../../../../src/main/engine/catalog/folder-repository.js';
import { TextRepository, type StoredTextLine } from '../../../../src/main/engine/text/text-repository.js';
import { TextMatcher } from '../../../../src/main/engine/text/text-match.js';
import { useTempCatalog } from '../../../helpers/temp-catalog.js';

describe('TextMatcher', () => {
  const catalog = useTempCatalog();

  /** Photos of 1000 x 800 px, each with one line of text 30 px high read with confidence 0.95. */
  function photosReading(...texts: string[]): { matcher: TextMatcher; ids: number[] } {
    const db = catalog.db;
    const folderId = new FolderRepository(db).insert('/photos').id;
    const repo = new TextRepository(db);
    const insert = db.prepare(
      "INSERT INTO files (folder_id, path, size, mtime_ms, content_hash, width, height, added_at, updated_at) VALUES (?, ?, 10, 1, ?, 1000, 800, 1, 1)",
    );
    const ids = texts.map((text, i) => {
      const id = Number(insert.run(folderId, `/photos/IMG_${i}.jpg`, `hash${i}`).lastInsertRowid);
      const line: StoredTextLine = { text, box: [10, 10, 400, 30], confidence: 0.95 };
      repo.save(id, `hash${i}`, [line]);
      return id;
    });
    return { matcher: new TextMatcher(repo), ids };
  }

  it('ranks a word inside a longer word ("tea" in "steak") below the word itself, and still finds it', () => {
    const { matcher, ids } = photosReading('Grilled steak 24.50', 'Afternoon tea menu', 'Jasminetea6.00', 'TEAROOM', 'thesteakhouseonthecorner');
    const [steak, tea, runTogether, prefix, inside] = ids;
    const found = matcher.match('tea');
    expect([...found.keys()].sort((a, b) => a - b)).toEqual(ids);
    const score = (id: number) => found.get(id)!.score;
    // the word alone, or at one end of a run the recogniser wrote without spaces, counts in full
    expect(score(runTogether)).toBe(score(tea));
    expect(score(prefix)).toBe(score(tea));
    // inside a word it counts half
    expect(score(steak)).toBeCloseTo(score(tea) / 2, 6);
    expect(score(inside)).toBeCloseTo(score(tea) / 2, 6);
    // a word that is itself inside a run still matches: "corner" in "thesteakhouseonthecorner" (at its end)
    expect(matcher.match('corner').get(inside)!.score).toBe(score(tea));
  });

  it('does not apply the rule to Chinese, which has no spaces, nor to a Latin word beside Chinese characters', () => {
    const { matcher, ids } = photosReading('北京烤鸭店', 'ZARA专卖店', '欢迎光临');
    const [duck, zara] = ids;
    expect(matcher.match('烤鸭').get(duck)!.score).toBe(matcher.match('北京烤鸭店').get(duck)!.score);
    expect(matcher.match('zara').get(zara)!.score).toBe(matcher.match('烤鸭').get(duck)!.score);
  });
});
