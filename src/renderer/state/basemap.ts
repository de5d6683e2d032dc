// The offline world basemap: Natural Earth country shapes from the world-atlas package (bundled with the UI, no
// tiles, no network), drawn with d3-geo onto a canvas. The 1:50m shapes for the map screen, the 1:110m ones for
// the viewer's small map.
import { geoPath, type GeoProjection } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, MultiLineString } from 'geojson';
import countries50 from 'world-atlas/countries-50m.json';
import countries110 from 'world-atlas/countries-110m.json';

export interface Basemap {
  land: FeatureCollection | Feature;
  borders: MultiLineString;
}

function build(topology: Topology): Basemap {
  const objects = topology.objects as { countries: GeometryCollection };
  return { land: feature(topology, objects.countries), borders: mesh(topology, objects.countries, (a, b) => a !== b) };
}

let detailed: Basemap | null = null;
let coarse: Basemap | null = null;
export function basemap(detail: 'detailed' | 'coarse'): Basemap {
  if (detail === 'detailed') return (detailed ??= build(countries50 as unknown as Topology));
  return (coarse ??= build(countries110 as unknown as Topology));
}

/** The colours the map takes from the theme (CSS variables on the document). */
export function mapColours(): { sea: string; land: string; border: string } {
  const css = getComputedStyle(document.documentElement);
  const dark = document.documentElement.dataset.theme === 'dark';
  return {
    sea: css.getPropertyValue('--map-sea').trim() || (dark ? '#15202b' : '#dbe7f3'),
    land: css.getPropertyValue('--map-land').trim() || (dark ? '#2b2f36' : '#f4f1ea'),
    border: css.getPropertyValue('--map-border').trim() || (dark ? '#4a4f58' : '#b9b4a8'),
  };
}

/** Paints sea, land and borders for a projection onto a canvas of `width` x `height` CSS px. */
export function drawBasemap(canvas: HTMLCanvasElement, width: number, height: number, projection: GeoProjection, map: Basemap): void {
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const colours = mapColours();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = colours.sea;
  ctx.fillRect(0, 0, width, height);
  const path = geoPath(projection, ctx);
  ctx.beginPath();
  path(map.land);
  ctx.fillStyle = colours.land;
  ctx.fill();
  ctx.beginPath();
  path(map.borders);
  ctx.strokeStyle = colours.border;
  ctx.lineWidth = 0.6;
  ctx.stroke();
}
