// Offline reverse geocoding: a point to its city, first-level region and country, in English and Chinese, from
// the bundled gazetteer (see docs/places.md). Built once per process; a lookup takes some microseconds.
import { CityIndex } from './city-index.js';
import { badCoordinateReason } from './geo.js';
import { loadPlaceData } from './place-data.js';
import type { PlaceData } from './place-data-format.js';
import { RegionIndex } from './region-index.js';

export interface GeocodedPlace {
  city: string | null;
  cityZh: string | null;
  region: string | null;
  regionZh: string | null;
  /** the region's other names, searched but not shown: local (Bayern), the larger region (Tuscany, Toscana, 托斯卡纳) */
  regionNames: readonly string[];
  country: string | null;
  countryZh: string | null;
  countryCode: string | null;
  /** the gazetteer's city number (for tests and the bench), null when no city */
  cityId: number | null;
  /** 0 on land, else the distance to the coast in km (territorial waters; Infinity at sea beyond them) */
  offshoreKm: number;
}

const NOWHERE: GeocodedPlace = {
  city: null, cityZh: null, region: null, regionZh: null, regionNames: [], country: null, countryZh: null, countryCode: null, cityId: null, offshoreKm: Infinity,
};

export type GeocodeResult = { place: GeocodedPlace } | { reason: string };

export class ReverseGeocoder {
  private readonly regions: RegionIndex;
  private readonly cities: CityIndex;

  constructor(readonly data: PlaceData = loadPlaceData()) {
    this.regions = new RegionIndex(data);
    this.cities = new CityIndex(data);
  }

  lookup(lat: number, lon: number): GeocodeResult {
    const bad = badCoordinateReason(lat, lon);
    if (bad) return { reason: bad };
    const hit = this.regions.locate(lat, lon);
    // At sea beyond territorial waters: a real position (it goes on the map) in no country.
    if (!hit) return { place: { ...NOWHERE } };
    const region = this.data.regions[hit.region];
    const country = this.data.countries[region.country];
    // Cities of the country that contains the point only: never one across a border or a strait.
    const city = this.cities.cityAt(lat, lon, country.code);
    return {
      place: {
        city: city === null ? null : this.data.cityName[city],
        cityZh: city === null ? null : this.data.cityZh[city],
        region: region.en || null,
        regionZh: region.zh,
        regionNames: region.names ?? [],
        country: country.en,
        countryZh: country.zh,
        countryCode: country.code,
        cityId: city,
        offshoreKm: Math.round(hit.offshoreKm * 10) / 10,
      },
    };
  }

  /** Cities whose English or Chinese name is `name` (accents and case ignored), most populous first. For places
   *  set by hand: "Paris", "杭州", "Reykjavik". */
  citiesNamed(name: string, countryCode?: string): number[] {
    const want = foldName(name);
    const out: number[] = [];
    for (let i = 0; i < this.data.cityName.length; i++) {
      if (countryCode && this.data.cityCountry[i] !== countryCode) continue;
      if (foldName(this.data.cityName[i]) === want || (this.data.cityZh[i] && foldName(this.data.cityZh[i]!) === want)) out.push(i);
    }
    return out.sort((a, b) => this.data.cityPopulation[b] - this.data.cityPopulation[a]);
  }

  /** First-level regions called `name` in English, in Chinese with or without their kind (浙江, 浙江省) or by another
   *  of their names (Tuscany, Bayern): indexes into data.regions. For places set by hand. */
  regionsNamed(name: string): number[] {
    const want = foldName(name);
    const out: number[] = [];
    this.data.regions.forEach((r, i) => {
      const names = [r.en, r.zh, r.zh?.replace(ZH_KIND, ''), ...(r.names ?? [])];
      if (names.some((n) => n && foldName(n) === want)) out.push(i);
    });
    return out;
  }

  /** The most populous city lying in one of `regions` (where a photo set to just "浙江" is put), or null. */
  largestCityIn(regions: readonly number[]): number | null {
    const codes = new Set(regions.map((r) => this.data.countries[this.data.regions[r].country].code));
    const candidates: number[] = [];
    for (let i = 0; i < this.data.cityName.length; i++) if (codes.has(this.data.cityCountry[i])) candidates.push(i);
    candidates.sort((a, b) => this.data.cityPopulation[b] - this.data.cityPopulation[a]);
    // the largest first: the one found is usually among the first few looked up
    for (const city of candidates) {
      const hit = this.regions.locate(this.data.cityLat[city], this.data.cityLon[city]);
      if (hit && regions.includes(hit.region)) return city;
    }
    return null;
  }

  /** Country code for an English or Chinese country name or alias, or null. */
  countryNamed(name: string): string | null {
    const want = foldName(name);
    for (const c of this.data.countries) {
      if ([c.en, c.zh ?? '', c.code, ...c.aliases].some((n) => foldName(n) === want)) return c.code;
    }
    return null;
  }

  /** The most populous city of a country (where a photo set to just "France" is put), or null. */
  largestCityOf(countryCode: string): number | null {
    let best: number | null = null;
    for (let i = 0; i < this.data.cityName.length; i++) {
      if (this.data.cityCountry[i] === countryCode && (best === null || this.data.cityPopulation[i] > this.data.cityPopulation[best])) best = i;
    }
    return best;
  }

  cityPosition(city: number): { lat: number; lon: number } {
    return { lat: this.data.cityLat[city], lon: this.data.cityLon[city] };
  }
}

/** A Chinese division's kind at the end of its name ("浙江省", "杭州市"): not part of what people call it. */
export const ZH_KIND = /(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市|县|区)$/;

/** Lower case, accents removed, punctuation to spaces: "Reykjavík" and "reykjavik" fold to the same text. */
export function foldName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ß]/g, 'ss')
    .replace(/[æ]/g, 'ae')
    .replace(/[ø]/g, 'o')
    .replace(/[đ]/g, 'd')
    .replace(/[ł]/g, 'l')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
