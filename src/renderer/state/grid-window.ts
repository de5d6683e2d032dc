// Window math for the virtualized thumbnail grid: which rows are on screen (plus a margin), where
// they sit, and how keys move the focused cell. Pure, so it is tested without a DOM, and cheap
// enough to run on every scroll frame at 100,000 photos.

export interface GridLayout {
  columns: number;
  /** square cell side in px */
  cell: number;
  gap: number;
  /** cell + gap: the distance from one row's top to the next */
  rowHeight: number;
}

/** As many columns of at least `minCell` px as fit, then cells stretched to fill the width exactly. */
export function gridLayout(width: number, minCell: number, gap: number): GridLayout {
  const usable = Math.max(0, width);
  const columns = Math.max(1, Math.floor((usable + gap) / (minCell + gap)));
  const cell = Math.max(1, Math.floor((usable - gap * (columns - 1)) / columns));
  return { columns, cell, gap, rowHeight: cell + gap };
}

export interface GridWindow {
  /** first and last item index to render, end exclusive */
  start: number;
  end: number;
  firstRow: number;
  /** px from the top of the scroll content to the first rendered row */
  offsetY: number;
  totalRows: number;
  /** px height of the whole (mostly unrendered) grid */
  totalHeight: number;
}

export function gridWindow(total: number, layout: GridLayout, scrollTop: number, viewportHeight: number, marginRows = 3): GridWindow {
  const totalRows = Math.ceil(Math.max(0, total) / layout.columns);
  const totalHeight = totalRows > 0 ? totalRows * layout.rowHeight - layout.gap : 0;
  if (totalRows === 0) return { start: 0, end: 0, firstRow: 0, offsetY: 0, totalRows, totalHeight };
  const top = Math.max(0, scrollTop);
  const firstVisible = Math.min(totalRows - 1, Math.floor(top / layout.rowHeight));
  const lastVisible = Math.min(totalRows - 1, Math.floor((top + Math.max(0, viewportHeight)) / layout.rowHeight));
  const firstRow = Math.max(0, firstVisible - marginRows);
  const lastRow = Math.min(totalRows - 1, lastVisible + marginRows);
  return {
    start: firstRow * layout.columns,
    end: Math.min(total, (lastRow + 1) * layout.columns),
    firstRow,
    offsetY: firstRow * layout.rowHeight,
    totalRows,
    totalHeight,
  };
}

/** Indexes of the fixed-size pages that hold items [start, end). */
export function pagesFor(start: number, end: number, pageSize: number): number[] {
  if (end <= start) return [];
  const pages: number[] = [];
  for (let p = Math.floor(start / pageSize); p <= Math.floor((end - 1) / pageSize); p++) pages.push(p);
  return pages;
}

/**
 * The scrollTop that brings item `index` fully into view, or null when it already is. Used when the
 * keyboard moves focus to a row that may not be rendered yet.
 */
export function scrollToReveal(index: number, layout: GridLayout, scrollTop: number, viewportHeight: number): number | null {
  const row = Math.floor(index / layout.columns);
  const top = row * layout.rowHeight;
  const bottom = top + layout.cell;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return null;
}

/** Where a key moves the focused cell; null for keys the grid does not handle. */
export function moveIndex(index: number, key: string, columns: number, total: number, pageRows: number): number | null {
  if (total <= 0) return null;
  const last = total - 1;
  const clamp = (i: number): number => Math.min(last, Math.max(0, i));
  switch (key) {
    case 'ArrowRight':
      return clamp(index + 1);
    case 'ArrowLeft':
      return clamp(index - 1);
    case 'ArrowDown':
      // On the last, partial row there may be nothing straight below: stay rather than jump sideways.
      return index + columns <= last ? index + columns : index;
    case 'ArrowUp':
      return index - columns >= 0 ? index - columns : index;
    case 'PageDown':
      return clamp(index + columns * Math.max(1, pageRows));
    case 'PageUp':
      return clamp(index - columns * Math.max(1, pageRows));
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
