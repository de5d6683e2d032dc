// The DB post-processing on probability maps drawn by hand: what the detector's output becomes.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DB_PARAMS, findTextQuads, peakRegionBox, type ProbabilityMap } from '../../../../src/main/engine/text/db-boxes.js';

/** A map with value `p` inside the rotated rectangle (centre, size, angle in degrees) and 0 elsewhere. */
function mapWith(width: number, height: number, rects: { cx: number; cy: number; w: number; h: number; deg: number; p: number }[]): ProbabilityMap {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (const r of rects) {
        const a = (r.deg * Math.PI) / 180;
        const dx = x - r.cx, dy = y - r.cy;
        const u = dx * Math.cos(a) + dy * Math.sin(a);
        const v = -dx * Math.sin(a) + dy * Math.cos(a);
        if (Math.abs(u) <= r.w / 2 && Math.abs(v) <= r.h / 2) data[y * width + x] = r.p;
      }
    }
  }
  return { data, width, height };
}

const side = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1]);

describe('findTextQuads', () => {
  it('turns a shrunk text core into its whole line, grown by the unclip distance', () => {
    const quads = findTextQuads(mapWith(200, 100, [{ cx: 100, cy: 50, w: 80, h: 10, deg: 0, p: 0.9 }]), 200, 100);
    expect(quads).toHaveLength(1);
    const [tl, tr, , bl] = quads[0].points;
    // core ~80 x 10 (pixel centres: 80 x 10 less one); d = area * 1.5 / perimeter ~ 6.7 on every side
    expect(side(tl, tr)).toBeGreaterThan(88);
    expect(side(tl, tr)).toBeLessThan(96);
    expect(side(tl, bl)).toBeGreaterThan(19);
    expect(side(tl, bl)).toBeLessThan(26);
    expect(quads[0].score).toBeCloseTo(0.9, 1);
  });

  it('keeps the angle of a tilted line and orders the corners top-left first', () => {
    const [q] = findTextQuads(mapWith(200, 200, [{ cx: 100, cy: 100, w: 120, h: 14, deg: 20, p: 0.8 }]), 200, 200);
    const [tl, tr] = q.points;
    const angle = (Math.atan2(tr[1] - tl[1], tr[0] - tl[0]) * 180) / Math.PI;
    expect(angle).toBeGreaterThan(17);
    expect(angle).toBeLessThan(23);
    expect(tl[0]).toBeLessThan(tr[0]);
  });

  it('drops weak regions and specks, and scales boxes to the image', () => {
    const map = mapWith(100, 100, [
      { cx: 30, cy: 20, w: 40, h: 8, deg: 0, p: 0.95 },
      { cx: 30, cy: 60, w: 40, h: 8, deg: 0, p: 0.45 }, // above the pixel threshold, below the box threshold
      { cx: 80, cy: 80, w: 2, h: 2, deg: 0, p: 0.99 }, // a speck
    ]);
    const quads = findTextQuads(map, 400, 400);
    expect(quads).toHaveLength(1);
    const ys = quads[0].points.map((p) => p[1]);
    expect(Math.min(...ys)).toBeGreaterThan(40); // 4x the map's ~12..28
    expect(Math.max(...ys)).toBeLessThan(125);
  });

  it('returns lines in reading order: top to bottom, left to right on one line', () => {
    const map = mapWith(200, 100, [
      { cx: 150, cy: 20, w: 60, h: 8, deg: 0, p: 0.9 },
      { cx: 40, cy: 21, w: 60, h: 8, deg: 0, p: 0.9 },
      { cx: 100, cy: 70, w: 60, h: 8, deg: 0, p: 0.9 },
    ]);
    const xs = findTextQuads(map, 200, 100).map((q) => Math.round(q.points[0][0] / 10));
    expect(xs[0]).toBeLessThan(xs[1]);
    expect(findTextQuads(map, 200, 100)[2].points[0][1]).toBeGreaterThan(50);
  });

  it('finds nothing in an empty map', () => {
    expect(findTextQuads({ data: new Float32Array(64 * 64), width: 64, height: 64 }, 64, 64)).toEqual([]);
  });
});

describe('peakRegionBox', () => {
  it('boxes the region around the peak that PaddleOCR\'s rules drop (one row of pixels), grown and scaled', () => {
    // a thin streak, one pixel row high, sure of text: no hull, no box by findTextQuads
    const map = mapWith(200, 100, [{ cx: 50, cy: 40, w: 12, h: 0.5, deg: 0, p: 0.95 }, { cx: 150, cy: 70, w: 4, h: 0.5, deg: 0, p: 0.6 }]);
    expect(findTextQuads(map, 200, 100, { ...DEFAULT_DB_PARAMS, boxThreshold: 0.3, minSize: 1, unclipRatio: 2 })).toEqual([]);
    const box = peakRegionBox(map, 400, 200, { ...DEFAULT_DB_PARAMS, unclipRatio: 2 })!;
    expect(box.score).toBeCloseTo(0.95, 5);
    const xs = box.points.map(([x]) => x), ys = box.points.map(([, y]) => y);
    // the streak covers x 44..56, y 40 of the map: x 88..112, y 80..82 of a 400 x 200 image, and a little more
    expect(Math.min(...xs)).toBeLessThan(88);
    expect(Math.max(...xs)).toBeGreaterThan(112);
    expect(Math.min(...ys)).toBeLessThan(80);
    expect(Math.max(...ys)).toBeGreaterThan(82);
    // the weaker streak elsewhere is not part of it
    expect(Math.max(...xs)).toBeLessThan(200);
    expect(Math.max(...ys)).toBeLessThan(100);
  });

  it('is null when nothing in the map is above the pixel threshold', () => {
    expect(peakRegionBox(mapWith(50, 50, [{ cx: 25, cy: 25, w: 10, h: 10, deg: 0, p: 0.2 }]), 50, 50)).toBeNull();
  });
});
