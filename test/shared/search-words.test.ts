import { describe, expect, it } from 'vitest';
import { explainsEmptySearch, SEARCH_KINDS_EN, wordsMatched } from '../../src/shared/search-words.js';

describe('wordsMatched', () => {
  it('counts, per word, the results each kind of match found, most first, a photo once per word and kind', () => {
    const results = [
      { matched: [{ term: 'receipt', kind: 'tag' }, { term: '2019', kind: 'date' }, { term: '2019', kind: 'text' }] },
      { matched: [{ term: 'receipt', kind: 'tag' }, { term: '2019', kind: 'text' }, { term: '2019', kind: 'text' }] },
      { matched: [{ term: 'receipt', kind: 'text' }, { term: '2019', kind: 'text' }] },
    ];
    expect(wordsMatched(results)).toEqual([
      { term: 'receipt', kinds: [['tag', 2], ['text', 1]] },
      { term: '2019', kinds: [['text', 3], ['date', 1]] },
    ]);
    expect(wordsMatched([])).toEqual([]);
  });

  it('names every kind of match the search gives in English', () => {
    for (const kind of ['tag', 'date', 'month', 'place', 'person', 'text', 'name', 'camera']) expect(SEARCH_KINDS_EN[kind]).toBeTruthy();
  });
});

describe('explainsEmptySearch', () => {
  it('says an empty search word by word only where it had several conditions', () => {
    const word = (term: string, photos: number) => ({ term, photos, kinds: [] as [string, number][] });
    expect(explainsEmptySearch(undefined)).toBe(false); // the search found photos
    expect(explainsEmptySearch([])).toBe(false); // no word meant anything
    expect(explainsEmptySearch([word('狗', 0)])).toBe(false); // "no photos found" says it all
    expect(explainsEmptySearch([word('狗', 0), word('2019', 24)])).toBe(true);
  });
});
