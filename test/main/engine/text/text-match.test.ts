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

  it('finds a word the recogniser read with a digit for a letter ("ZER0", "M1LK") by the word, and a number by no word', () => {
    // trial: a receipt read "ZER0" was found by no search for "zero"
    const { matcher, ids } = photosReading('COKE ZER0 1.50', 'FRESH M1LK 2L', 'B00K SALE', 'CA5H 10.00', 'Receipt 2019', 'ITEM5 100ML', 'zero sugar');
    const [zero, milk, book, cash] = ids;
    const plain = ids[6];
    const found = (term: string) => [...matcher.match(term).keys()].sort((a, b) => a - b);
    expect(found('zero')).toEqual([zero, plain]);
    expect(found('milk')).toEqual([milk]);
    expect(found('book')).toEqual([book]);
    expect(found('cash')).toEqual([cash]);
    // a number stays a number: 2019 is no "zoig", 100ML no "loom", and a 5 ran into a word is no s
    expect(found('zoig')).toEqual([]);
    expect(found('loom')).toEqual([]);
    expect(found('items')).toEqual([]);
    // found as the word: in full, as the word read right
    expect(matcher.match('zero').get(zero)!.score).toBe(matcher.match('zero').get(plain)!.score);
    expect(matcher.match('zero').get(zero)!.lines[0].text).toBe('COKE ZER0 1.50');
    expect(found('zer0')).toEqual([zero]); // as read, too
    expect(found('coke zero'.replace(' ', ''))).toEqual([zero]);
  });
});
