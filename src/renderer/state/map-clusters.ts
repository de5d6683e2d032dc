// Photo markers on the map, clustered by zoom: the positions are projected to the screen and binned into cells of
// a fixed size in pixels, so a cluster always covers about the same area on screen whatever the zoom, and a
// cluster's photos are exactly those in its latitude/longitude rectangle (what the grid is asked for).
import type { GeoBounds, MapPoints } from '../../shared/place-types.js';

export interface MapCluster {
  /** screen position (the mean of its members') */
  x: number;
  y: number;
  count: number;
  bounds: GeoBounds;
  /** one member, for a thumbnail */
  sampleId: number;
}

/** Screen position of a point, or null when it is not projected (the other side of the world). */
export type Project = (index: number) => [number, number] | null;

/** Clusters of the points on screen (plus a margin of one cell), biggest first. */
export function clusterPoints(points: MapPoints, project: Project, width: number, height: number, cellPx: number): MapCluster[] {
  const cells = new Map<number, { sx: number; sy: number; count: number; south: number; north: number; west: number; east: number; sample: number }>();
  const cols = Math.ceil(width / cellPx) + 2;
  for (let i = 0; i < points.ids.length; i++) {
    const p = { id: points.ids[i], lat: points.lat[i], lon: points.lon[i] };
    const xy = project(i);
    if (!xy) continue;
    const [x, y] = xy;
    if (x < -cellPx || y < -cellPx || x > width + cellPx || y > height + cellPx) continue;
    const key = (Math.floor(y / cellPx) + 1) * cols + (Math.floor(x / cellPx) + 1);
    const c = cells.get(key);
    if (!c) {
      cells.set(key, { sx: x, sy: y, count: 1, south: p.lat, north: p.lat, west: p.lon, east: p.lon, sample: p.id });
    } else {
      c.sx += x;
      c.sy += y;
      c.count++;
      if (p.lat < c.south) c.south = p.lat;
      if (p.lat > c.north) c.north = p.lat;
      if (p.lon < c.west) c.west = p.lon;
      if (p.lon > c.east) c.east = p.lon;
    }
  }
  const out: MapCluster[] = [];
  for (const c of cells.values()) {
    out.push({
      x: c.sx / c.count,
      y: c.sy / c.count,
      count: c.count,
      bounds: { south: c.south, north: c.north, west: c.west, east: c.east },
      sampleId: c.sample,
    });
  }
  return out.sort((a, b) => b.count - a.count);
}

/** The marker's diameter in px: grows with the log of its count, within the cell. */
export function clusterSize(count: number): number {
  return Math.round(Math.min(52, 22 + 7 * Math.log10(count)));
}
