// The city a person would name for a point. The nearest populated place is often a borough, a district or a
// neighbourhood (Manhattan, Haidian, Brixton); people name the city around it. So the nearest place in the point's
// country is taken, then handed to a much larger city of the same first-level region whose reach covers both the
// place and the point. A city's reach grows with the square root of its population (about 2.4 km for 100,000
// people, 11 km for Paris, 21 km for New York): a real town beside a metropolis (Versailles, Yonkers) is beyond it
// and keeps its own name.
import { distanceKm, KM_PER_DEG_LAT, kmPerDegLon } from './geo.js';
import { SECTION_LEVEL, type PlaceData } from './place-data-format.js';

/** No populated place within this distance: the photo gets a region and a country but no city. */
export const MAX_CITY_KM = 30;
/** km of reach per square root of population (see above). */
const REACH_KM_PER_SQRT_POP = 0.0075;
/** A city takes over a place only when it is at least this many times larger. */
const TAKEOVER_RATIO = 2;
/** The point may be a little beyond the reach (the edge of a large city). */
const POINT_REACH_SLACK = 1.25;

export function cityReachKm(population: number): number {
  return REACH_KM_PER_SQRT_POP * Math.sqrt(population);
}

export class CityIndex {
  private readonly cellStart: Int32Array;
  private readonly cellCities: Int32Array;

  constructor(private readonly data: PlaceData) {
    const n = data.cityLat.length;
    const counts = new Int32Array(360 * 180 + 1);
    const cellOf = (i: number) => cellIndex(data.cityLat[i], data.cityLon[i]);
    for (let i = 0; i < n; i++) counts[cellOf(i) + 1]++;
    for (let i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
    this.cellStart = counts.slice();
    this.cellCities = new Int32Array(n);
    const fill = counts.slice();
    for (let i = 0; i < n; i++) this.cellCities[fill[cellOf(i)]++] = i;
  }

  /** Cities within `km` of the point (optionally only of one country), with their distances. */
  near(lat: number, lon: number, km: number, country?: string): { city: number; km: number }[] {
    const dLat = km / KM_PER_DEG_LAT;
    const dLon = Math.min(180, km / kmPerDegLon(lat));
    const out: { city: number; km: number }[] = [];
    const y0 = Math.max(0, Math.floor(lat - dLat + 90));
    const y1 = Math.min(179, Math.floor(lat + dLat + 90));
    for (let y = y0; y <= y1; y++) {
      for (let xr = Math.floor(lon - dLon + 180); xr <= Math.floor(lon + dLon + 180); xr++) {
        const x = ((xr % 360) + 360) % 360; // wraps across the antimeridian
        const cell = y * 360 + x;
        for (let k = this.cellStart[cell]; k < this.cellStart[cell + 1]; k++) {
          const i = this.cellCities[k];
          if (country && this.data.cityCountry[i] !== country) continue;
          const d = distanceKm(lat, lon, this.data.cityLat[i], this.data.cityLon[i]);
          if (d <= km) out.push({ city: i, km: d });
        }
      }
    }
    return out;
  }

  /** The city a person would name for the point, or null when no place is within MAX_CITY_KM. */
  cityAt(lat: number, lon: number, country?: string): number | null {
    const candidates = this.near(lat, lon, Math.max(MAX_CITY_KM, cityReachKm(40e6) * POINT_REACH_SLACK), country);
    let nearest: { city: number; km: number } | null = null;
    for (const c of candidates) {
      if (c.km > MAX_CITY_KM) continue;
      // A neighbourhood (PPLX) counts as a little farther than a real place at the same distance.
      const eff = this.data.cityLevel[c.city] === SECTION_LEVEL ? c.km + 1 : c.km;
      const bestEff = nearest ? (this.data.cityLevel[nearest.city] === SECTION_LEVEL ? nearest.km + 1 : nearest.km) : Infinity;
      if (eff < bestEff) nearest = c;
    }
    if (!nearest) return null;
    const d = this.data;
    const n = nearest.city;
    let chosen = n;
    for (const c of candidates) {
      const big = c.city;
      if (big === n || d.cityAdmin[big] !== d.cityAdmin[n]) continue;
      if (d.cityPopulation[big] < TAKEOVER_RATIO * Math.max(d.cityPopulation[n], 1)) continue;
      const reach = cityReachKm(d.cityPopulation[big]);
      if (c.km > reach * POINT_REACH_SLACK) continue;
      if (distanceKm(d.cityLat[n], d.cityLon[n], d.cityLat[big], d.cityLon[big]) > reach) continue;
      if (d.cityPopulation[big] > d.cityPopulation[chosen]) chosen = big;
    }
    // A Chinese urban district (区) is part of its city, however far out (Lintong is Xi'an).
    return d.cityParent[chosen] >= 0 ? d.cityParent[chosen] : chosen;
  }
}

function cellIndex(lat: number, lon: number): number {
  const y = Math.min(179, Math.max(0, Math.floor(lat + 90)));
  const x = Math.min(359, Math.max(0, Math.floor(lon + 180)));
  return y * 360 + x;
}
