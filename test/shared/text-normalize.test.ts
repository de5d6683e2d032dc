import { describe, expect, it } from 'vitest';
import { matchRanges, normalizeText } from '../../src/shared/text-normalize.js';

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
});
