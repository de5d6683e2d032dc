import { describe, expect, it } from 'vitest';
import { datePrefix, monthNumber, phraseParts, queryTerms, singular } from '../../../../src/main/engine/search/text-query.js';

describe('text query parsing', () => {
  it('splits Latin words and CJK runs, lower-cased and de-duplicated', () => {
    expect(queryTerms('Dogs at the BEACH 海边的狗 dogs')).toEqual(['dogs', 'beach', '海边的狗']); // filler words dropped
  });

  it('cuts a Chinese phrase into the words it combines', () => {
    expect(phraseParts('在杭州的照片')).toEqual(['杭州']);
    expect(phraseParts('浙江的猫')).toEqual(['浙江', '猫']);
    expect(phraseParts('人民药房')).toEqual(['人民药房']);
    expect(phraseParts('beach')).toEqual(['beach']);
    expect(phraseParts('2019年5月的意大利')).toEqual(['2019年5月', '意大利']);
    expect(queryTerms('ＩＭＧ_2019')).toEqual(['img_2019']); // full-width folded by NFKC
  });

  it('reads dates in the forms people type', () => {
    expect(datePrefix('2019')).toBe('2019');
    expect(datePrefix('2019-5')).toBe('2019-05');
    expect(datePrefix('2019/05/04')).toBe('2019-05-04');
    expect(datePrefix('2019年')).toBe('2019');
    expect(datePrefix('2019年5月')).toBe('2019-05');
    expect(datePrefix('2019年5月4日')).toBe('2019-05-04');
    expect(datePrefix('2019-13')).toBeNull();
    expect(datePrefix('12345')).toBeNull();
    expect(monthNumber('may')).toBe(5);
    expect(monthNumber('sept')).toBe(9);
    expect(monthNumber('五月')).toBe(5);
    expect(monthNumber('十二月')).toBe(12);
    expect(monthNumber('5月')).toBe(5);
    expect(monthNumber('ma')).toBeNull();
  });

  it('joins a month written beside a year into one date term', () => {
    expect(queryTerms('photos from May 2019')).toEqual(['may 2019']);
    expect(queryTerms('4 may 2019 beach')).toEqual(['4 may 2019', 'beach']);
    expect(queryTerms('5月 2019 猫')).toEqual(['5月 2019', '猫']);
    expect(queryTerms('may beach 2019')).toEqual(['may', 'beach', '2019']); // not beside each other
    expect(queryTerms('receipt 2019')).toEqual(['receipt', '2019']);
    expect(datePrefix('may 2019')).toBe('2019-05');
    expect(datePrefix('2019 dec')).toBe('2019-12');
    expect(datePrefix('may 4th 2019')).toBe('2019-05-04');
    expect(datePrefix('2019年 十二月')).toBe('2019-12');
    expect(datePrefix('2019年五月')).toBe('2019-05');
    expect(datePrefix('may 40 2019')).toBeNull();
    expect(datePrefix('beach 2019')).toBeNull();
  });

  it('singularises English plurals for tag matching', () => {
    expect(singular('dogs')).toBe('dog');
    expect(singular('buses')).toBe('bus');
    expect(singular('ponies')).toBe('pony');
    expect(singular('glass')).toBe('glass');
  });
});
