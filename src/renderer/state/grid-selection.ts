// Which grid items are selected, as in a file manager: click, Ctrl/Cmd-click (toggle), Shift-click (range from
// the anchor), rubber band (a rectangle, adding to the selection with Ctrl/Cmd), Ctrl+A, Esc. Items are grid
// indexes (the grid's list may not be loaded yet: the owner resolves indexes to photos when it acts). Pure and
// framework-free so it is tested without a DOM; the grid wraps it in a reactive ref.
import type { GridLayout } from './grid-window.js';

export interface Modifiers {
  /** Ctrl on Windows/Linux, Cmd on macOS */
  toggle: boolean;
  range: boolean;
}

export class GridSelection {
  private items = new Set<number>();
  /** where a Shift range starts: the last item clicked without Shift */
  anchor: number | null = null;
  /** the selection before a rubber band started (kept when the band adds with Ctrl/Cmd) */
  private bandBase: Set<number> | null = null;

  get size(): number {
    return this.items.size;
  }

  has(index: number): boolean {
    return this.items.has(index);
  }

  /** Selected indexes, ascending. */
  indexes(): number[] {
    return [...this.items].sort((a, b) => a - b);
  }

  clear(): void {
    this.items.clear();
    this.anchor = null;
  }

  selectAll(total: number): void {
    this.items = new Set(Array.from({ length: total }, (_, i) => i));
  }

  /** A click with modifiers; plain clicks are the owner's (open, or toggle while selecting). */
  click(index: number, mods: Modifiers): void {
    if (mods.range && this.anchor !== null) {
      const [lo, hi] = this.anchor < index ? [this.anchor, index] : [index, this.anchor];
      if (!mods.toggle) this.items.clear();
      for (let i = lo; i <= hi; i++) this.items.add(i);
      return;
    }
    if (mods.toggle || mods.range) this.toggle(index);
    else {
      this.items = new Set([index]);
      this.anchor = index;
    }
  }

  toggle(index: number): void {
    if (this.items.has(index)) this.items.delete(index);
    else this.items.add(index);
    this.anchor = index;
  }

  beginBand(additive: boolean): void {
    this.bandBase = additive ? new Set(this.items) : new Set();
  }

  /** The band now covers `covered`: the selection is the base plus those. */
  updateBand(covered: Iterable<number>): void {
    const next = new Set(this.bandBase ?? []);
    for (const i of covered) next.add(i);
    this.items = next;
  }

  endBand(): void {
    this.bandBase = null;
  }

  /** Drops indexes at or past `total` (the list shrank). */
  clamp(total: number): void {
    for (const i of this.items) if (i >= total) this.items.delete(i);
    if (this.anchor !== null && this.anchor >= total) this.anchor = null;
  }
}

/** Grid indexes whose cells intersect a rectangle given in content coordinates (px from the grid's top-left). */
export function indexesInRect(
  rect: { x1: number; y1: number; x2: number; y2: number },
  layout: GridLayout,
  total: number,
): number[] {
  const left = Math.min(rect.x1, rect.x2);
  const right = Math.max(rect.x1, rect.x2);
  const top = Math.min(rect.y1, rect.y2);
  const bottom = Math.max(rect.y1, rect.y2);
  const pitch = layout.cell + layout.gap;
  const out: number[] = [];
  const firstRow = Math.max(0, Math.floor(top / layout.rowHeight));
  const lastRow = Math.floor(bottom / layout.rowHeight);
  for (let r = firstRow; r <= lastRow; r++) {
    // a rectangle ending inside the gap below a row does not reach the next row's cells
    if (bottom < r * layout.rowHeight || top > r * layout.rowHeight + layout.cell) continue;
    for (let c = 0; c < layout.columns; c++) {
      const x0 = c * pitch;
      if (right < x0 || left > x0 + layout.cell) continue;
      const i = r * layout.columns + c;
      if (i < total) out.push(i);
    }
  }
  return out;
}
