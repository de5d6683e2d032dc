import { describe, expect, it } from 'vitest';
import { gridLayout, gridWindow, moveIndex, pagesFor, scrollToReveal } from '../../../src/renderer/state/grid-window.js';

describe('gridLayout', () => {
  it('fits as many columns of at least the minimum size as the width allows, filling it exactly', () => {
    const layout = gridLayout(1000, 150, 6);
    // 6 columns need 6*150 + 5*6 = 930 px; 7 would need 1086.
    expect(layout.columns).toBe(6);
    expect(layout.cell).toBeGreaterThanOrEqual(150);
    expect(layout.columns * layout.cell + (layout.columns - 1) * layout.gap).toBeLessThanOrEqual(1000);
    expect(layout.columns * layout.cell + (layout.columns - 1) * layout.gap).toBeGreaterThan(1000 - layout.columns);
    expect(layout.rowHeight).toBe(layout.cell + 6);
  });

  it('keeps one column even in a window narrower than a cell (and before it is measured)', () => {
    expect(gridLayout(100, 150, 6).columns).toBe(1);
    expect(gridLayout(0, 150, 6).columns).toBe(1);
  });
});

describe('gridWindow at 100,000 photos', () => {
  const layout = gridLayout(1200, 150, 6);
  const total = 100_000;

  it('renders only the rows on screen plus the margin, wherever the scroll is', () => {
    const viewport = 800;
    const rowsOnScreen = Math.ceil(viewport / layout.rowHeight) + 1;
    for (const scrollTop of [0, 123_456, 5_000_000, 1e9]) {
      const w = gridWindow(total, layout, scrollTop, viewport, 3);
      const rendered = (w.end - w.start) / layout.columns;
      expect(rendered).toBeLessThanOrEqual(rowsOnScreen + 6);
      expect(w.end).toBeLessThanOrEqual(total);
      expect(w.start % layout.columns).toBe(0);
      expect(w.offsetY).toBe(w.firstRow * layout.rowHeight);
    }
  });

  it('covers what is visible: the row at the top of the viewport and the one at its bottom', () => {
    const scrollTop = 50_000;
    const w = gridWindow(total, layout, scrollTop, 700, 2);
    const topItem = Math.floor(scrollTop / layout.rowHeight) * layout.columns;
    const bottomItem = Math.floor((scrollTop + 700) / layout.rowHeight) * layout.columns;
    expect(w.start).toBeLessThanOrEqual(topItem);
    expect(w.end).toBeGreaterThan(bottomItem);
  });

  it('sizes the scroll area for every row, so the scrollbar spans the whole library', () => {
    const w = gridWindow(total, layout, 0, 800);
    expect(w.totalRows).toBe(Math.ceil(total / layout.columns));
    expect(w.totalHeight).toBe(w.totalRows * layout.rowHeight - layout.gap);
    // Scrolled to the very end, the last photo is in the window.
    const end = gridWindow(total, layout, w.totalHeight - 800, 800);
    expect(end.end).toBe(total);
  });

  it('is empty for an empty library', () => {
    expect(gridWindow(0, layout, 0, 800)).toMatchObject({ start: 0, end: 0, totalHeight: 0 });
  });
});

describe('pagesFor', () => {
  it('lists the pages overlapping a window', () => {
    expect(pagesFor(0, 50, 200)).toEqual([0]);
    expect(pagesFor(190, 420, 200)).toEqual([0, 1, 2]);
    expect(pagesFor(400, 400, 200)).toEqual([]);
  });
});

describe('scrollToReveal', () => {
  const layout = gridLayout(620, 150, 6); // 4 columns
  it('scrolls only when the item is outside the viewport', () => {
    expect(layout.columns).toBe(4);
    expect(scrollToReveal(0, layout, 0, 500)).toBeNull();
    // Item in row 10: below a viewport at the top.
    const down = scrollToReveal(40, layout, 0, 500);
    expect(down).not.toBeNull();
    expect((down ?? 0) + 500).toBeGreaterThanOrEqual(10 * layout.rowHeight + layout.cell);
    // Back up to row 0 from far below.
    expect(scrollToReveal(1, layout, 5000, 500)).toBe(0);
  });
});

describe('moveIndex (keyboard)', () => {
  it('moves by one, by a row, by a page and to the ends, never outside the grid', () => {
    expect(moveIndex(5, 'ArrowRight', 4, 10, 3)).toBe(6);
    expect(moveIndex(0, 'ArrowLeft', 4, 10, 3)).toBe(0);
    expect(moveIndex(1, 'ArrowDown', 4, 10, 3)).toBe(5);
    expect(moveIndex(5, 'ArrowUp', 4, 10, 3)).toBe(1);
    expect(moveIndex(1, 'ArrowUp', 4, 10, 3)).toBe(1);
    expect(moveIndex(0, 'PageDown', 4, 100, 3)).toBe(12);
    expect(moveIndex(5, 'PageUp', 4, 100, 3)).toBe(0);
    expect(moveIndex(5, 'Home', 4, 10, 3)).toBe(0);
    expect(moveIndex(5, 'End', 4, 10, 3)).toBe(9);
  });

  it('stays put on the last, partial row instead of jumping sideways', () => {
    // 10 items in 4 columns: index 7 has nothing below it (11 does not exist).
    expect(moveIndex(7, 'ArrowDown', 4, 10, 3)).toBe(7);
    expect(moveIndex(5, 'ArrowDown', 4, 10, 3)).toBe(9);
  });

  it('ignores keys it does not own and empty grids', () => {
    expect(moveIndex(0, 'a', 4, 10, 3)).toBeNull();
    expect(moveIndex(0, 'ArrowRight', 4, 0, 3)).toBeNull();
  });
});
