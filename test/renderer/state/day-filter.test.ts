import { describe, expect, it } from 'vitest';
import { readFilterDay } from '../../../src/renderer/state/day-filter.js';

describe('the library date filters as typed', () => {
  it('reads a day in the ways people write one, in English or Chinese', () => {
    for (const text of ['2019-05-12', '2019/5/12', '2019.05.12', ' 2019-5-12 ', '2019年5月12日', '2019 年 5 月 12 日']) {
      expect(readFilterDay(text, 'from')).toBe('2019-05-12');
      expect(readFilterDay(text, 'to')).toBe('2019-05-12');
    }
  });

  it('reads a month or a year as its first day for From and its last for To', () => {
    expect(readFilterDay('2019-05', 'from')).toBe('2019-05-01');
    expect(readFilterDay('2019年5月', 'to')).toBe('2019-05-31');
    expect(readFilterDay('2020-2', 'to')).toBe('2020-02-29');
    expect(readFilterDay('2019', 'from')).toBe('2019-01-01');
    expect(readFilterDay('2019年', 'to')).toBe('2019-12-31');
  });

  it('says empty for an empty field and refuses what is no day', () => {
    expect(readFilterDay('  ', 'from')).toBe('');
    for (const text of ['05/12/2019', '2019-13', '2019-02-30', '2019-5-12 14:30', 'may', '19-05-12', '2019年13月']) {
      expect(readFilterDay(text, 'from')).toBeNull();
    }
  });
});
