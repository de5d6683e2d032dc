import { describe, expect, it } from 'vitest';
import { suggest } from '../../../src/renderer/state/suggestions.js';

const sources = {
  tags: [
    { tag: 'dog', tagZh: '狗', count: 3 },
    { tag: 'hotdog', tagZh: '热狗', count: 1 },
    { tag: 'cat', tagZh: '猫', count: 2 },
  ],
  albums: [{ id: 4, name: 'Dogs of 2024' }],
  folders: ['/photos/dogpark', '/photos/cats'],
};

describe('search suggestions', () => {
  it('offers tags, albums and folders that match, those starting with the text first', () => {
    expect(suggest('dog', sources, false).map((s) => `${s.kind}:${s.label}`)).toEqual(['tag:dog', 'folder:dogpark', 'album:Dogs of 2024', 'tag:hotdog']);
  });

  it('matches and shows Chinese tag names in the Chinese interface', () => {
    expect(suggest('狗', sources, true)).toEqual([
      { kind: 'tag', label: '狗', value: 'dog' },
      { kind: 'tag', label: '热狗', value: 'hotdog' },
    ]);
  });

  it('offers nothing for empty text', () => {
    expect(suggest('  ', sources, false)).toEqual([]);
  });

  it('offers the people the user named and the places of the library, in the reader\'s language', () => {
    const withMore = {
      ...sources,
      people: ['Kit 哈灵顿', 'Rose'],
      places: [
        { city: 'Arezzo', city_zh: '阿雷佐', country: 'Italy', country_zh: '意大利' },
        { city: 'Florence', city_zh: '佛罗伦萨', country: 'Italy', country_zh: '意大利' },
        { city: null, city_zh: null, country: null, country_zh: null },
      ],
    };
    expect(suggest('kit', withMore, false)).toEqual([{ kind: 'person', label: 'Kit 哈灵顿', value: 'Kit 哈灵顿' }]);
    expect(suggest('哈灵', withMore, true).map((s) => s.label)).toEqual(['Kit 哈灵顿']);
    // a country shared by two cities is offered once
    expect(suggest('ita', withMore, false)).toEqual([{ kind: 'place', label: 'Italy', value: 'Italy' }]);
    expect(suggest('意大', withMore, true)).toEqual([{ kind: 'place', label: '意大利', value: '意大利' }]);
    expect(suggest('arezzo', withMore, true)).toEqual([{ kind: 'place', label: '阿雷佐', value: '阿雷佐' }]);
  });
});
