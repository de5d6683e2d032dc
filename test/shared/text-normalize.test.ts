import { describe, expect, it } from 'vitest';
import { matchRanges, normalizeText, searchDocument } from '../../src/shared/text-normalize.js';
import { misreadings } from '../../src/shared/text-misreadings.js';

describe('text comparison shared by search and the UI', () => {
  it('normalises width, case, spaces and punctuation', () => {
    expect(normalizeText('ＣＯＲＮＥＲ  Bakery, No.5!')).toBe('cornerbakeryno5');
    expect(normalizeText('加盟电话：177')).toBe('加盟电话177');
  });

  it('marks where search words are in a line, across the spaces and punctuation the reader put in or left out', () => {
    expect(matchRanges('CORNER BAKERY', ['bakery'])).toEqual([[7, 13]]);
    expect(matchRanges('CornerBakery', ['corner bakery'.replace(' ', '')])).toEqual([[0, 12]]);
    expect(matchRanges('Corner Bakery', ['cornerbakery'])).toEqual([[0, 13]]);
    expect(matchRanges('福田人民药房', ['药房', '福田'])).toEqual([[0, 2], [4, 6]]);
    expect(matchRanges('TOTAL 20.40', ['2040'])).toEqual([[6, 11]]);
    expect(matchRanges('nothing here', ['bakery'])).toEqual([]);
  });

  it('reads the digits inside a word as the letters they look like, and numbers as numbers', () => {
    expect(misreadings('COKE ZER0 1.50')).toEqual(['COKE ZERo 1.50']);
    expect(misreadings('FRESH M1LK')).toEqual(['FRESH MlLK', 'FRESH MiLK']);
    expect(misreadings('B00K 0RANGE CA5H')).toEqual(['BooK oRANGE CAsH']);
    for (const asIs of ['2019', 'TOTAL 5.00', '100ML', '12PCS', 'ITEM5', 'TOTAL1', 'A0', 'COVID19', 'M9RT', 'MP3', 'X5', '第1名', 'ZER0第']) {
      expect(misreadings(asIs)).toEqual([]);
    }
  });

  it('marks a word read with a digit for a letter where the word was searched for, and the document holds both', () => {
    expect(matchRanges('COKE ZER0 1.50', ['zero'])).toEqual([[5, 9]]);
    expect(matchRanges('FRESH M1LK', ['milk'])).toEqual([[6, 10]]);
    expect(matchRanges('Receipt 2019', ['zoig'])).toEqual([]);
    expect(searchDocument(['COKE ZER0', '1.50'])).toBe('cokezer0150 cokezero150');
    expect(searchDocument(['TOTAL 5.00'])).toBe('total500');
  });
});
