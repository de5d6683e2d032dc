import { describe, expect, it } from 'vitest';
import { GridSelection, indexesInRect } from '../../../src/renderer/state/grid-selection.js';
import { gridLayout } from '../../../src/renderer/state/grid-window.js';

const none = { toggle: false, range: false };

describe('GridSelection', () => {
  it('selects one on click, toggles with Ctrl/Cmd, extends a range from the anchor with Shift', () => {
    const s = new GridSelection();
    s.click(2, none);
    s.click(5, { toggle: true, range: false });
    expect(s.indexes()).toEqual([2, 5]);
    s.click(5, { toggle: true, range: false });
    expect(s.indexes()).toEqual([2]);
    s.click(8, { toggle: false, range: true }); // anchor is 5 (the last toggled)
    expect(s.indexes()).toEqual([5, 6, 7, 8]);
    s.click(3, { toggle: true, range: true }); // Ctrl+Shift adds the range to what is there
    expect(s.indexes()).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('selects all and clears', () => {
    const s = new GridSelection();
    s.selectAll(4);
    expect(s.size).toBe(4);
    s.clear();
    expect(s.size).toBe(0);
  });

  it('rubber band replaces the selection, or adds to it when started with Ctrl/Cmd', () => {
    const s = new GridSelection();
    s.click(0, none);
    s.beginBand(false);
    s.updateBand([4, 5]);
    expect(s.indexes()).toEqual([4, 5]);
    s.endBand();
    s.beginBand(true);
    s.updateBand([9]);
    expect(s.indexes()).toEqual([4, 5, 9]);
  });
});

describe('indexesInRect', () => {
  // 4 columns of 100 px cells with 10 px gaps
  const layout = gridLayout(430, 100, 10);
  it('finds the cells a rectangle touches, never past the end of the list', () => {
    expect(layout.columns).toBe(4);
    expect(indexesInRect({ x1: 50, y1: 50, x2: 160, y2: 150 }, layout, 100)).toEqual([0, 1, 4, 5]);
    expect(indexesInRect({ x1: 0, y1: 0, x2: 429, y2: 300 }, layout, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it('touches nothing when it lies in a gap', () => {
    expect(indexesInRect({ x1: 101, y1: 0, x2: 108, y2: 50 }, layout, 100)).toEqual([]);
  });
});
