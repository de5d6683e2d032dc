// Which first-level region (and so which country) contains a point: a 1-degree grid of ring bounding boxes, then
// even-odd ray casting over the region's rings, skipping runs of 32 edges by their own bounding box (a coastline
// ring has tens of thousands of vertices; a point crosses a handful of runs). A point in no polygon (the sea, a
// harbour just off the simplified coastline) takes the region whose coast is within territorial waters (12
// nautical miles), or none: never a country across the sea.
import { KM_PER_DEG_LAT, kmPerDegLon } from './geo.js';
import type { PlaceData } from './place-data-format.js';

const RUN = 32;
/** 12 nautical miles: how far a country's territorial sea reaches from its coast. */
export const TERRITORIAL_WATERS_KM = 22.2;

export interface RegionHit {
  region: number;
  /** 0 inside the polygon, else the distance to its coast in km */
  offshoreKm: number;
}

export class RegionIndex {
  private readonly cellStart: Int32Array;
  private readonly cellRings: Int32Array;
  private readonly ringBox: Float64Array; // minX, minY, maxX, maxY per ring
  private readonly runBox: Float64Array; // per run of RUN edges
  private readonly ringFirstRun: Int32Array;

  constructor(private readonly data: PlaceData) {
    const nRings = data.ringRegion.length;
    this.ringBox = new Float64Array(nRings * 4);
    this.ringFirstRun = new Int32Array(nRings + 1);
    let runs = 0;
    for (let r = 0; r < nRings; r++) {
      this.ringFirstRun[r] = runs;
      runs += Math.ceil(Math.max(1, data.ringCount[r] - 1) / RUN);
    }
    this.ringFirstRun[nRings] = runs;
    this.runBox = new Float64Array(runs * 4);
    const c = data.coords;
    for (let r = 0; r < nRings; r++) {
      const start = data.ringStart[r];
      const edges = data.ringCount[r] - 1;
      let rb = [Infinity, Infinity, -Infinity, -Infinity];
      for (let k = 0, run = this.ringFirstRun[r]; k < Math.max(1, edges); k += RUN, run++) {
        let minX = Infinity;
        let minY = Infinity;
        let maxX = -Infinity;
        let maxY = -Infinity;
        for (let v = k; v <= Math.min(k + RUN, Math.max(edges, 0)); v++) {
          const x = c[(start + v) * 2];
          const y = c[(start + v) * 2 + 1];
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
        this.runBox.set([minX, minY, maxX, maxY], run * 4);
        rb = [Math.min(rb[0], minX), Math.min(rb[1], minY), Math.max(rb[2], maxX), Math.max(rb[3], maxY)];
      }
      this.ringBox.set(rb, r * 4);
    }
    // Grid: 360 x 180 one-degree cells, each listing the rings whose box touches it.
    const counts = new Int32Array(360 * 180 + 1);
    const forCells = (r: number, fn: (cell: number) => void) => {
      const [x0, y0, x1, y1] = this.cellRange(r);
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) fn(y * 360 + x);
    };
    for (let r = 0; r < nRings; r++) forCells(r, (cell) => counts[cell + 1]++);
    for (let i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
    this.cellStart = counts.slice();
    this.cellRings = new Int32Array(counts[counts.length - 1]);
    const fill = counts.slice();
    for (let r = 0; r < nRings; r++) forCells(r, (cell) => (this.cellRings[fill[cell]++] = r));
  }

  private cellRange(r: number): [number, number, number, number] {
    const b = this.ringBox;
    return [cellX(b[r * 4]), cellY(b[r * 4 + 1]), cellX(b[r * 4 + 2]), cellY(b[r * 4 + 3])];
  }

  /** The region containing the point, else the nearest one within territorial waters, else null. */
  locate(lat: number, lon: number): RegionHit | null {
    const inside = this.containing(lat, lon);
    if (inside !== null) return { region: inside, offshoreKm: 0 };
    return this.nearestCoast(lat, lon, TERRITORIAL_WATERS_KM);
  }

  containing(lat: number, lon: number): number | null {
    const cell = cellY(lat) * 360 + cellX(lon);
    const parity = new Map<number, boolean>();
    for (let i = this.cellStart[cell]; i < this.cellStart[cell + 1]; i++) {
      const r = this.cellRings[i];
      const b = r * 4;
      if (lon < this.ringBox[b] || lon > this.ringBox[b + 2] || lat < this.ringBox[b + 1] || lat > this.ringBox[b + 3]) continue;
      if (this.crossesOdd(r, lon, lat)) {
        const region = this.data.ringRegion[r];
        parity.set(region, !parity.get(region));
      }
    }
    for (const [region, odd] of parity) if (odd) return region;
    return null;
  }

  private crossesOdd(r: number, px: number, py: number): boolean {
    const c = this.data.coords;
    const start = this.data.ringStart[r];
    const edges = this.data.ringCount[r] - 1;
    let odd = false;
    for (let k = 0, run = this.ringFirstRun[r]; k < edges; k += RUN, run++) {
      const rb = run * 4;
      if (this.runBox[rb + 3] <= py || this.runBox[rb + 1] > py || this.runBox[rb + 2] < px) continue;
      const end = Math.min(k + RUN, edges);
      for (let v = k; v < end; v++) {
        const i = (start + v) * 2;
        const yi = c[i + 1];
        const yj = c[i + 3];
        if (yi > py !== yj > py) {
          const xi = c[i];
          const xj = c[i + 2];
          if (px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) odd = !odd;
        }
      }
    }
    return odd;
  }

  /** The region whose boundary is nearest to the point, if within `maxKm`. */
  nearestCoast(lat: number, lon: number, maxKm: number): RegionHit | null {
    const kx = kmPerDegLon(lat);
    const ky = KM_PER_DEG_LAT;
    const dLat = maxKm / ky;
    const dLon = Math.min(180, maxKm / kx);
    const seen = new Set<number>();
    let best: RegionHit | null = null;
    let bestKm = maxKm;
    const c = this.data.coords;
    for (let y = cellY(lat - dLat); y <= cellY(lat + dLat); y++) {
      for (let x = cellX(lon - dLon); x <= cellX(lon + dLon); x++) {
        const cell = y * 360 + x;
        for (let i = this.cellStart[cell]; i < this.cellStart[cell + 1]; i++) {
          const r = this.cellRings[i];
          if (seen.has(r)) continue;
          seen.add(r);
          if (!boxNear(this.ringBox, r * 4, lon, lat, dLon, dLat)) continue;
          const start = this.data.ringStart[r];
          const edges = this.data.ringCount[r] - 1;
          for (let k = 0, run = this.ringFirstRun[r]; k < edges; k += RUN, run++) {
            if (!boxNear(this.runBox, run * 4, lon, lat, dLon, dLat)) continue;
            const end = Math.min(k + RUN, edges);
            for (let v = k; v < end; v++) {
              const j = (start + v) * 2;
              const km = segmentKm((c[j] - lon) * kx, (c[j + 1] - lat) * ky, (c[j + 2] - lon) * kx, (c[j + 3] - lat) * ky);
              if (km < bestKm) {
                bestKm = km;
                best = { region: this.data.ringRegion[r], offshoreKm: km };
              }
            }
          }
        }
      }
    }
    return best;
  }
}

const cellX = (lon: number): number => Math.min(359, Math.max(0, Math.floor(lon + 180)));
const cellY = (lat: number): number => Math.min(179, Math.max(0, Math.floor(lat + 90)));

function boxNear(box: Float64Array, b: number, x: number, y: number, dx: number, dy: number): boolean {
  return x >= box[b] - dx && x <= box[b + 2] + dx && y >= box[b + 1] - dy && y <= box[b + 3] + dy;
}

/** Distance from the origin to the segment (ax,ay)-(bx,by), all in km. */
function segmentKm(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
  return Math.hypot(ax + t * dx, ay + t * dy);
}
