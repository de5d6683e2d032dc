import { describe, expect, it } from 'vitest';
import { groupDays, layoutSections, sectionAt, visibleItems } from '../../../src/renderer/state/timeline-layout.js';

const DAYS = [
  { day: '2021-10-01', count: 3 },
  { day: '2019-05-05', count: 1 },
  { day: '2019-05-04', count: 2 },
  { day: '2019-01-20', count: 4 },
  { day: '2017-12-31', count: 1 },
];
const G = { columns: 2, cell: 100, gap: 10, header: 40 };

describe('timeline layout', () => {
  it('cuts the date-ordered photos into day, month and year sections, undated last', () => {
    expect(groupDays(DAYS, 2, 'day').map((s) => [s.key, s.start, s.count])).toEqual([
      ['2021-10-01', 0, 3], ['2019-05-05', 3, 1], ['2019-05-04', 4, 2], ['2019-01-20', 6, 4], ['2017-12-31', 10, 1], ['', 11, 2],
    ]);
    expect(groupDays(DAYS, 0, 'month').map((s) => [s.key, s.start, s.count])).toEqual([
      ['2021-10', 0, 3], ['2019-05', 3, 3], ['2019-01', 6, 4], ['2017-12', 10, 1],
    ]);
    expect(groupDays(DAYS, 5, 'year').map((s) => [s.key, s.count])).toEqual([['2021', 3], ['2019', 7], ['2017', 1], ['', 5]]);
  });

  it('stacks headers and rows, and finds the section at a scroll position', () => {
    const { sections, height } = layoutSections(groupDays(DAYS, 0, 'year'), G);
    // 2021: 3 photos -> 2 rows; 2019: 7 -> 4 rows; 2017: 1 -> 1 row
    expect(sections.map((s) => [s.top, s.rows, s.height])).toEqual([[0, 2, 260], [260, 4, 480], [740, 1, 150]]);
    expect(height).toBe(890);
    expect(sectionAt(sections, 0)).toBe(0);
    expect(sectionAt(sections, 259)).toBe(0);
    expect(sectionAt(sections, 260)).toBe(1);
    expect(sectionAt(sections, 5000)).toBe(2);
  });

  it('renders only the rows on screen, each with its photo offsets', () => {
    const { sections } = layoutSections(groupDays(DAYS, 0, 'year'), G);
    const { headers, rows } = visibleItems(sections, G, 300, 200, 0);
    expect(headers).toEqual([1]);
    // section 2019 starts at 260: header to 300, rows at 300, 410 (and 520 past the bottom at 500)
    expect(rows.map((r) => [r.start, r.count, r.top])).toEqual([[3, 2, 300], [5, 2, 410]]);
  });

  it('stays small at 100,000 photos over 20 years of days', () => {
    const days = Array.from({ length: 7300 }, (_, i) => ({ day: `d${String(7300 - i).padStart(5, '0')}`, count: 13 + (i % 5) }));
    const { sections, height } = layoutSections(groupDays(days, 5000, 'day'), { columns: 8, cell: 140, gap: 4, header: 44 });
    const { rows } = visibleItems(sections, { columns: 8, cell: 140, gap: 4, header: 44 }, height / 2, 900);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(20);
    expect(rows[0].start).toBeGreaterThan(40_000);
  });
});
