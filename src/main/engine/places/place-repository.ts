// Data access for photo_places (migration 60): the place of each photo, from its GPS or set by hand.
import type { CatalogDb } from '../catalog/database.js';
import type { MapPoints, PhotoPlace, PlaceCount, PlaceSource } from '../../../shared/place-types.js';
import type { GeocodedPlace } from './reverse-geocoder.js';

/** A photo_places row: the columns of the shared PhotoPlace (a position may be missing where it could not be
 *  placed), and the reason it could not. */
export type PlaceRow = Omit<PhotoPlace, 'lat' | 'lon'> & {
  file_id: number;
  lat: number | null;
  lon: number | null;
  reason: string | null;
};

export function toPhotoPlace(r: PlaceRow): PhotoPlace | null {
  if (r.reason !== null || r.lat === null || r.lon === null) return null;
  return {
    city: r.city, region: r.region, country: r.country,
    city_zh: r.city_zh, region_zh: r.region_zh, country_zh: r.country_zh, country_code: r.country_code,
    lat: r.lat, lon: r.lon, source: r.source,
  };
}

export class PlaceRepository {
  constructor(private readonly db: CatalogDb) {}

  of(fileId: number): PlaceRow | undefined {
    return this.db.prepare('SELECT * FROM photo_places WHERE file_id = ?').get(fileId) as PlaceRow | undefined;
  }

  /** Writes a place; a 'gps' write never replaces a place the user set. Returns false when it was kept. */
  save(fileId: number, source: PlaceSource, lat: number, lon: number, place: GeocodedPlace, searchText: string, now = Date.now()): boolean {
    const info = this.db
      .prepare(
        `INSERT INTO photo_places (file_id, source, lat, lon, city, region, country, city_zh, region_zh, country_zh,
           country_code, reason, search_text, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)
         ON CONFLICT(file_id) DO UPDATE SET source = excluded.source, lat = excluded.lat, lon = excluded.lon,
           city = excluded.city, region = excluded.region, country = excluded.country, city_zh = excluded.city_zh,
           region_zh = excluded.region_zh, country_zh = excluded.country_zh, country_code = excluded.country_code,
           reason = NULL, search_text = excluded.search_text, updated_at = excluded.updated_at
         WHERE photo_places.source = 'gps' OR excluded.source = 'user'`,
      )
      .run(fileId, source, lat, lon, place.city, place.region, place.country, place.cityZh, place.regionZh, place.countryZh,
        place.countryCode, searchText, now);
    return info.changes > 0;
  }

  /** Records why a photo's GPS could not be placed (never over a place the user set). */
  saveUnplaced(fileId: number, lat: number | null, lon: number | null, reason: string, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO photo_places (file_id, source, lat, lon, reason, search_text, updated_at) VALUES (?, 'gps', ?, ?, ?, '', ?)
         ON CONFLICT(file_id) DO UPDATE SET lat = excluded.lat, lon = excluded.lon, city = NULL, region = NULL,
           country = NULL, city_zh = NULL, region_zh = NULL, country_zh = NULL, country_code = NULL,
           reason = excluded.reason, search_text = '', updated_at = excluded.updated_at
         WHERE photo_places.source = 'gps'`,
      )
      .run(fileId, Number.isFinite(lat) ? lat : null, Number.isFinite(lon) ? lon : null, reason, now);
  }

  /** Forgets the computed place of a photo that has no GPS (any more); a hand-set place stays. */
  clearGps(fileId: number): void {
    this.db.prepare("DELETE FROM photo_places WHERE file_id = ? AND source = 'gps'").run(fileId);
  }

  /** Forgets a hand-set place (the next places run computes one from the GPS again). */
  clearUser(fileId: number): boolean {
    return this.db.prepare("DELETE FROM photo_places WHERE file_id = ? AND source = 'user'").run(fileId).changes > 0;
  }

  /** Files whose place names contain the folded word (Latin: a whole word; CJK: any part of a name). */
  idsMatching(folded: string, cjk: boolean): number[] {
    const pattern = cjk ? `%${escapeLike(folded)}%` : `% ${escapeLike(folded)} %`;
    return (this.db.prepare("SELECT file_id FROM photo_places WHERE reason IS NULL AND search_text LIKE ? ESCAPE '\\'").all(pattern) as {
      file_id: number;
    }[]).map((r) => r.file_id);
  }

  /** Rewrites the search text of a place the user set (its names stay as set). */
  setUserSearchText(fileId: number, searchText: string): void {
    this.db.prepare("UPDATE photo_places SET search_text = ? WHERE file_id = ? AND source = 'user'").run(searchText, fileId);
  }

  /** The Chinese names of the places photos are in (cities, regions, countries), each once. */
  chineseNames(): string[] {
    return (this.db
      .prepare(
        `SELECT city_zh AS n FROM photo_places WHERE reason IS NULL AND city_zh IS NOT NULL
         UNION SELECT region_zh FROM photo_places WHERE reason IS NULL AND region_zh IS NOT NULL
         UNION SELECT country_zh FROM photo_places WHERE reason IS NULL AND country_zh IS NOT NULL`,
      )
      .all() as { n: string }[]).map((r) => r.n);
  }

  /** Files whose city, region or country has this Chinese name. */
  idsNamedZh(name: string): number[] {
    return (this.db
      .prepare('SELECT file_id FROM photo_places WHERE reason IS NULL AND (city_zh = ? OR region_zh = ? OR country_zh = ?)')
      .all(name, name, name) as { file_id: number }[]).map((r) => r.file_id);
  }

  /** Photos per city (and per country for photos placed outside any city), most photos first. */
  counts(): PlaceCount[] {
    return this.db
      .prepare(
        `SELECT p.country, max(p.country_zh) AS country_zh, p.city, max(p.city_zh) AS city_zh, COUNT(*) AS count
         FROM photo_places p JOIN files f ON f.id = p.file_id
         WHERE p.reason IS NULL AND f.state <> 'failed'
         GROUP BY p.country, p.city ORDER BY count DESC, p.country, p.city`,
      )
      .all() as PlaceCount[];
  }

  /** Every placed photo's position, for the map. */
  mapPoints(): MapPoints {
    const rows = this.db
      .prepare(
        `SELECT file_id, round(lat, 5), round(lon, 5) FROM photo_places
         WHERE reason IS NULL AND file_id NOT IN (SELECT id FROM files WHERE state = 'failed')`,
      )
      .raw()
      .all() as [number, number, number][];
    const out: MapPoints = { ids: new Array<number>(rows.length), lat: new Array<number>(rows.length), lon: new Array<number>(rows.length) };
    rows.forEach(([id, lat, lon], i) => {
      out.ids[i] = id;
      out.lat[i] = lat;
      out.lon[i] = lon;
    });
    return out;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
