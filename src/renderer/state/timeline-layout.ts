// The timeline's geometry: photos in capture order (newest first, the grid's date-desc order) cut into sections
// by day, month or year, each a header and rows of thumbnails; the undated photos last, in a section of their own.
// Only what is on screen is rendered, found by binary search over the section tops, so 100,000 photos in 3,000
// days scroll like 100.

export type Granularity = 'day' | 'month' | 'year';

export interface TimelineSection {
  /** "2019-05-04", "2019-05", "2019", or "" for the undated section */
  key: string;
  /** index of its first photo in the date-desc order */
  start: number;
  count: number;
  top: number;
  height: number;
  rows: number;
}

export interface TimelineGeometry {
  columns: number;
  cell: number;
  gap: number;
  header: number;
}

/** Sections of the outline at one granularity (days come newest first; undated photos go last). */
export function groupDays(days: readonly { day: string; count: number }[], undated: number, by: Granularity): { key: string; start: number; count: number }[] {
  const len = by === 'day' ? 10 : by === 'month' ? 7 : 4;
  const out: { key: string; start: number; count: number }[] = [];
  let start = 0;
  for (const d of days) {
    const key = d.day.slice(0, len);
    const last = out[out.length - 1];
    if (last && last.key === key) last.count += d.count;
    else out.push({ key, start, count: d.count });
    start += d.count;
  }
  if (undated > 0) out.push({ key: '', start, count: undated });
  return out;
}

export function layoutSections(groups: readonly { key: string; start: number; count: number }[], g: TimelineGeometry): { sections: TimelineSection[]; height: number } {
  let top = 0;
  const rowHeight = g.cell + g.gap;
  const sections = groups.map((s) => {
    const rows = Math.ceil(s.count / g.columns);
    const section: TimelineSection = { ...s, top, rows, height: g.header + rows * rowHeight };
    top += section.height;
    return section;
  });
  return { sections, height: top };
}

/** Index of the section at a scroll position (the last whose top is at or above it). */
export function sectionAt(sections: readonly TimelineSection[], y: number): number {
  let lo = 0;
  let hi = sections.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sections[mid].top <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

export interface VisibleRow {
  section: number;
  /** first photo index of the row (date-desc order) and how many it holds */
  start: number;
  count: number;
  top: number;
}

/** Headers and rows that intersect [top, top + height], with `overscan` px more on both sides. */
export function visibleItems(sections: readonly TimelineSection[], g: TimelineGeometry, top: number, height: number, overscan = 400): { headers: number[]; rows: VisibleRow[] } {
  const headers: number[] = [];
  const rows: VisibleRow[] = [];
  if (sections.length === 0) return { headers, rows };
  const from = Math.max(0, top - overscan);
  const to = top + height + overscan;
  const rowHeight = g.cell + g.gap;
  for (let i = sectionAt(sections, from); i < sections.length && sections[i].top < to; i++) {
    const s = sections[i];
    headers.push(i);
    const firstRow = Math.max(0, Math.floor((from - s.top - g.header) / rowHeight));
    for (let r = firstRow; r < s.rows; r++) {
      const rowTop = s.top + g.header + r * rowHeight;
      if (rowTop > to) break;
      const start = s.start + r * g.columns;
      rows.push({ section: i, start, count: Math.min(g.columns, s.start + s.count - start), top: rowTop });
    }
  }
  return { headers, rows };
}
