import { describe, expect, it } from 'vitest';
import { LruMap } from '../../../../src/main/engine/util/lru-map.js';

describe('LruMap', () => {
  it('drops the least recently used entry past its capacity, a read counting as a use', () => {
    const m = new LruMap<number, string>(2);
    m.set(1, 'a');
    m.set(2, 'b');
    expect(m.get(1)).toBe('a'); // 2 is now the least recently used
    m.set(3, 'c');
    expect(m.size).toBe(2);
    expect(m.get(2)).toBeUndefined();
    expect(m.get(1)).toBe('a');
    expect(m.get(3)).toBe('c');
  });

  it('replaces a value in place without growing, and empties on clear', () => {
    const m = new LruMap<string, number>(2);
    m.set('x', 1);
    m.set('x', 2);
    expect(m.size).toBe(1);
    expect(m.get('x')).toBe(2);
    m.clear();
    expect(m.size).toBe(0);
  });
});
