// Places of photos: computed from GPS by the places stage, set or corrected by hand (which wins, and survives
// re-indexing), listed per city, put on the map, and matched by search in English or Chinese.
import { LibraryError } from '../errors.js';
import type { FileRepository } from '../catalog/file-repository.js';
import type { MapPoints, PhotoPlace, PlaceCount, PlaceInput } from '../../../shared/place-types.js';
import type { ApiErrorDetail } from '../../../shared/api.js';
import { badCoordinateReason } from './geo.js';
import { PlaceRepository, toPhotoPlace } from './place-repository.js';
import { placeSearchText } from './place-search-text.js';
import { foldName, ReverseGeocoder, ZH_KIND, type GeocodedPlace } from './reverse-geocoder.js';
import type { CatalogDb } from '../catalog/database.js';

export class PlaceService {
  readonly repo: PlaceRepository;
  private geocoderInstance: ReverseGeocoder | null = null;

  constructor(private readonly deps: { db: CatalogDb; files: FileRepository; geocoder?: () => ReverseGeocoder }) {
    this.repo = new PlaceRepository(deps.db);
  }

  /** Loaded on first use (about half a second): a library without GPS never pays for it. */
  get geocoder(): ReverseGeocoder {
    this.geocoderInstance ??= this.deps.geocoder ? this.deps.geocoder() : new ReverseGeocoder();
    return this.geocoderInstance;
  }

  /** The place of a photo, and why it has none when its GPS could not be used. */
  placeOf(fileId: number): { place: PhotoPlace | null; problem: string | null } {
    const row = this.repo.of(fileId);
    if (!row) return { place: null, problem: null };
    return { place: toPhotoPlace(row), problem: row.reason };
  }

  /** The places stage: the place of the photo's GPS position (a hand-set place is kept). */
  placeFromGps(fileId: number, lat: number, lon: number): void {
    const result = this.geocoder.lookup(lat, lon);
    if ('reason' in result) this.repo.saveUnplaced(fileId, lat, lon, result.reason);
    else this.repo.save(fileId, 'gps', lat, lon, result.place, this.searchText(result.place));
  }

  /** The places stage over a place the user set: its search text gets what this Loupe searches (a region's other
   *  names, after an upgrade), its names stay as the user set them. */
  refreshUserPlace(fileId: number): void {
    const row = this.repo.of(fileId);
    if (row?.source !== 'user' || row.lat === null || row.lon === null) return;
    const found = this.geocoder.lookup(row.lat, row.lon);
    const regionNames = 'place' in found && row.region !== null ? found.place.regionNames : [];
    const place: GeocodedPlace = {
      city: row.city, cityZh: row.city_zh, region: row.region, regionZh: row.region_zh, regionNames,
      country: row.country, countryZh: row.country_zh, countryCode: row.country_code, cityId: null, offshoreKm: 0,
    };
    this.repo.setUserSearchText(fileId, this.searchText(place));
  }

  /** Sets a photo's place by hand. */
  set(fileId: number, input: PlaceInput): PhotoPlace {
    const file = this.fileOf(fileId);
    let lat: number;
    let lon: number;
    let place: GeocodedPlace;
    if ('name' in input) {
      ({ lat, lon, place } = this.resolveName(input.name));
    } else {
      const bad = badCoordinateReason(input.lat, input.lon);
      if (bad) throw new LibraryError('invalid', `Cannot set the place of ${file.path}: ${bad}.`);
      ({ lat, lon } = input);
      const result = this.geocoder.lookup(lat, lon);
      if ('reason' in result) throw new LibraryError('invalid', `Cannot set the place of ${file.path}: ${result.reason}.`);
      place = result.place;
    }
    this.repo.save(file.id, 'user', lat, lon, place, this.searchText(place));
    return this.placeOf(file.id).place!;
  }

  /** Forgets a hand-set place; the photo's GPS (if any) gives its place again at the next index. */
  clear(fileId: number): { cleared: boolean } {
    const file = this.fileOf(fileId);
    const cleared = this.repo.clearUser(file.id);
    if (cleared && file.gps_lat !== null && file.gps_lon !== null) this.placeFromGps(file.id, file.gps_lat, file.gps_lon);
    return { cleared };
  }

  counts(): PlaceCount[] {
    return this.repo.counts();
  }

  mapPoints(): MapPoints {
    return this.repo.mapPoints();
  }

  /** Photos whose place matches one search term (a city, region or country, English or Chinese, any accents). A
   *  Chinese phrase matches the places it names too ("杭州的照片", "在浙江": Chinese has no spaces to split it at). */
  idsMatchingTerm(term: string): number[] {
    const cjk = /\p{Script=Han}/u.test(term);
    if (cjk && [...term].length < 2) return []; // one character ("市", "州") is part of too many names
    const folded = foldName(term);
    if (folded.length < 2) return [];
    const ids = this.repo.idsMatching(folded, cjk);
    if (!cjk) return ids;
    const named = this.repo.chineseNames().filter((name) => {
      const stem = name.replace(ZH_KIND, '');
      return [...stem].length >= 2 && term.includes(stem);
    });
    return [...new Set([...ids, ...named.flatMap((name) => this.repo.idsNamedZh(name))])];
  }

  private searchText(place: GeocodedPlace): string {
    const country = this.geocoder.data.countries.find((c) => c.code === place.countryCode);
    return placeSearchText(place, country?.aliases ?? []);
  }

  /** "Paris", "Paris, France", "杭州", "France": the most populous city of that name (in that country), or the
   *  country's largest city when only a country is named. */
  private resolveName(name: string): { lat: number; lon: number; place: GeocodedPlace } {
    const g = this.geocoder;
    const parts = name.split(/[,，]/).map((p) => p.trim()).filter(Boolean);
    if (parts.length === 0) throw new LibraryError('invalid', 'A place name is needed.');
    // A city whose own name holds a comma ("Washington, D.C.") is that city, not a city qualified by a region.
    const whole = parts.length > 1 ? g.citiesNamed(name.trim()) : [];
    if (whole.length > 0) return this.cityPlace(whole[0], name);
    const qualifier = parts.length > 1 ? parts[parts.length - 1] : null;
    const countryCode = qualifier ? g.countryNamed(qualifier) : null;
    let cities = g.citiesNamed(parts[0], countryCode ?? undefined);
    // GeoNames calls some cities "<name> City" where people say the name alone: New York, Ho Chi Minh, Quezon.
    if (cities.length === 0) cities = g.citiesNamed(`${parts[0]} City`, countryCode ?? undefined);
    if (qualifier && !countryCode) {
      // "Paris, Texas": the qualifier names the city's region.
      const want = foldName(qualifier);
      cities = cities.filter((c) => {
        const { lat, lon } = g.cityPosition(c);
        const r = g.lookup(lat, lon);
        return 'place' in r && [r.place.region, r.place.regionZh].some((n) => n && foldName(n) === want);
      });
      if (cities.length === 0) {
        throw new LibraryError('invalid', `No city called "${parts[0]}" is known in a country or region called "${qualifier}".`, unknownPlace(name));
      }
    }
    if (parts.length === 1) {
      // A country's name means the country, not a small town so named abroad ("China" is not China in Nuevo León,
      // "Mexico" not Mexico in Pampanga); a city of that name inside the country is the city ("Singapore", "Panama").
      const onlyCountry = g.countryNamed(parts[0]);
      if (onlyCountry) {
        const inside = cities.filter((c) => g.data.cityCountry[c] === onlyCountry);
        if (inside.length === 0) return this.countryPlace(onlyCountry, name);
        cities = inside;
      }
    }
    // A region's name where no city has it: "浙江", "Bavaria", "Tuscany" (a city of that name wins: "Paris", "Madrid").
    if (cities.length === 0 && parts.length === 1) {
      const regions = g.regionsNamed(parts[0]);
      if (regions.length > 0) return this.regionPlace(regions, name);
    }
    if (cities.length === 0) throw new LibraryError('invalid', `No city called "${name}" is known (try "City, Country", or --lat/--lon).`, unknownPlace(name));
    return this.cityPlace(cities[0], name);
  }

  /** City `city` of the gazetteer, under the name the user gave even where the point rule would name a larger
   *  neighbour. */
  private cityPlace(city: number, name: string): { lat: number; lon: number; place: GeocodedPlace } {
    const g = this.geocoder;
    const { lat, lon } = g.cityPosition(city);
    const result = g.lookup(lat, lon);
    if ('reason' in result) throw new LibraryError('invalid', `Cannot place "${name}": ${result.reason}.`);
    const place = { ...result.place, city: g.data.cityName[city], cityZh: g.data.cityZh[city], cityId: city };
    return { lat, lon, place };
  }

  /** A photo set to a region: at its largest city, with the region and country and no city. */
  private regionPlace(regions: readonly number[], name: string): { lat: number; lon: number; place: GeocodedPlace } {
    const g = this.geocoder;
    const largest = g.largestCityIn(regions);
    if (largest === null) throw new LibraryError('invalid', `No position is known for "${name}".`, unknownPlace(name));
    const { place, lat, lon } = this.cityPlace(largest, name);
    return { lat, lon, place: { ...place, city: null, cityZh: null, cityId: null } };
  }

  private countryPlace(code: string, name: string): { lat: number; lon: number; place: GeocodedPlace } {
    const g = this.geocoder;
    const capital = g.largestCityOf(code);
    if (capital === null) throw new LibraryError('invalid', `No position is known for "${name}".`);
    const { lat, lon } = g.cityPosition(capital);
    const result = g.lookup(lat, lon);
    if ('reason' in result) throw new LibraryError('invalid', `Cannot place "${name}": ${result.reason}.`);
    return { lat, lon, place: { ...result.place, city: null, cityZh: null, cityId: null, region: null, regionZh: null, regionNames: [] } };
  }

  private fileOf(fileId: number) {
    const file = this.deps.files.byId(fileId);
    if (!file) throw new LibraryError('not-found', `There is no photo ${fileId} in the catalog.`);
    return file;
  }
}

/** The UI's sentence for a name no place has (the message is the CLI's, with its options). */
function unknownPlace(name: string): { sentence: ApiErrorDetail } {
  return { sentence: { key: 'unknown-place', params: { name } } };
}
