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
});
