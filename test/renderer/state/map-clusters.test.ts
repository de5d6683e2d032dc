import { describe, expect, it } from 'vitest';
import { clusterPoints, clusterSize } from '../../../src/renderer/state/map-clusters.js';

// A plain equirectangular projection onto 360 x 180 px: one degree per pixel.
const points = {
  ids: [1, 2, 3, 4, 5],
  lat: [48.85, 48.86, 48.87, 30.24, -33.86],
  lon: [2.29, 2.33, 2.35, 120.15, 151.21],
};
const project = (i: number): [number, number] => [points.lon[i] + 180, 90 - points.lat[i]];

describe('map clusters', () => {
  it('groups nearby photos by screen cell, with the rectangle that holds exactly them', () => {
    const clusters = clusterPoints(points, project, 360, 180, 10);
    expect(clusters.map((c) => c.count)).toEqual([3, 1, 1]);
    expect(clusters[0].bounds).toEqual({ south: 48.85, north: 48.87, west: 2.29, east: 2.35 });
    expect(clusters[0].x).toBeCloseTo(182.3233, 3);
    expect([1, 2, 3]).toContain(clusters[0].sampleId);
  });

  it('splits a cluster when zoomed in (smaller cells in degrees) and drops points off screen', () => {
    const zoomed = (i: number): [number, number] => [(points.lon[i] - 2.2) * 2000, (48.9 - points.lat[i]) * 2000];
    const clusters = clusterPoints(points, zoomed, 400, 300, 64);
    expect(clusters.map((c) => c.count)).toEqual([1, 1, 1]);
  });

  it('sizes markers with the log of their count', () => {
    expect(clusterSize(1)).toBe(22);
    expect(clusterSize(1000)).toBeGreaterThan(clusterSize(10));
    expect(clusterSize(1e9)).toBe(52);
  });
});
