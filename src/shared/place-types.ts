// Places: the JSON shapes that cross every boundary (engine -> CLI JSON, IPC, HTTP). No Node, no DOM.

export type PlaceSource = 'gps' | 'user';

/** A place set by hand: a city name ("Paris", "杭州", "Paris, France", "France") or a position in degrees. */
export type PlaceInput = { name: string } | { lat: number; lon: number };

/** Where a photo was taken, in English and Chinese. A `_zh` field is null where the data has no Chinese name
 *  (the UI then shows the English one). `city` is null far from any town (at sea, in the wilderness). */
export interface PhotoPlace {
  city: string | null;
  region: string | null;
  country: string | null;
  city_zh: string | null;
  region_zh: string | null;
  country_zh: string | null;
  /** ISO 3166-1 alpha-2 */
  country_code: string | null;
  lat: number;
  lon: number;
  /** 'gps': from the photo's own GPS; 'user': set or corrected by hand (wins over the GPS, kept by re-indexing) */
  source: PlaceSource;
}

/** One row of `loupe places` / the places facet: photos per city (city null: the country only). */
export interface PlaceCount {
  country: string | null;
  country_zh: string | null;
  city: string | null;
  city_zh: string | null;
  count: number;
}

/** Photo positions for the map, as three parallel columns (the map holds 100,000 of them: columns of numbers
 *  are a third of the JSON of objects, and parse faster). Coordinates rounded to 5 decimals (about 1 m). */
export interface MapPoints {
  ids: number[];
  lat: number[];
  lon: number[];
}

/** A rectangle on the map, in degrees; west > east crosses the antimeridian. */
export interface GeoBounds {
  south: number;
  west: number;
  north: number;
  east: number;
}
