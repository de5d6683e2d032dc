// The binary layout of resources/places/places.bin.gz, written by scripts/places/build-places.ts and read by
// place-data.ts. One JSON header (names) followed by little-endian typed arrays (geometry, numbers), so that loading
// is one gunzip and a few array views: no parsing of a million coordinates.
//
// Coordinates are stored as 1e-5 degree integers (about 1 m), ring vertices as deltas from the previous vertex,
// which gzip packs far better than floats.

export const PLACE_DATA_MAGIC = 'LPLC';
export const PLACE_DATA_VERSION = 2;
const SCALE = 1e5;

/** GeoNames feature codes as an admin level: lower is more of a city a person would name. */
export const FEATURE_LEVEL: Record<string, number> = { PPLC: 0, PPLA: 1, PPLA2: 2, PPLA3: 3, PPLA4: 4, PPL: 5, PPLX: 6 };
export const SECTION_LEVEL = 6;
const OTHER_LEVEL = 5;

export interface PlaceDataSource {
  countries: { code: string; en: string; zh: string | null; aliases: string[] }[];
  /** first-level regions; `country` indexes `countries` */
  regions: PlaceRegion[];
  /** polygon rings of the regions (outer rings and holes alike: containment is even-odd over a region's rings) */
  rings: { region: number; points: number[][] }[];
  cities: {
    name: string;
    zh: string | null;
    country: string;
    /** GeoNames "CC.admin1" code, to tell whether two places are in the same first-level region */
    admin: string;
    featureCode: string;
    population: number;
    lat: number;
    lon: number;
    /** the city this place is a district of (an index into `cities`), for Chinese urban districts (区) */
    parent?: number;
  }[];
}

/** A Natural Earth admin-1 unit. `names`: its other names, searched but not shown (the local name, the larger region
 *  it belongs to in English, Chinese and local languages, the constituent country); absent in older files. */
export interface PlaceRegion {
  country: number;
  en: string;
  zh: string | null;
  names?: string[];
}

/** The decoded data: names in arrays, numbers in typed arrays indexed by ring or city number. */
export interface PlaceData {
  countries: { code: string; en: string; zh: string | null; aliases: string[] }[];
  regions: PlaceRegion[];
  ringRegion: Int32Array;
  ringStart: Int32Array;
  ringCount: Int32Array;
  /** lon, lat pairs in degrees */
  coords: Float64Array;
  cityName: string[];
  cityZh: (string | null)[];
  cityCountry: string[];
  cityAdmin: Int32Array;
  cityLevel: Uint8Array;
  cityPopulation: Uint32Array;
  cityLat: Float64Array;
  cityLon: Float64Array;
  /** the city a district belongs to, or -1 */
  cityParent: Int32Array;
}

interface Header {
  magic: string;
  version: number;
  countries: PlaceData['countries'];
  regions: PlaceData['regions'];
  rings: number;
  vertices: number;
  cities: number;
  cityName: string[];
  cityZh: Record<string, string>;
  countryCodes: string[];
  admins: string[];
}

export function encodePlaceData(src: PlaceDataSource): Buffer {
  const nRings = src.rings.length;
  const nVertices = src.rings.reduce((n, r) => n + r.points.length, 0);
  const ringMeta = new Int32Array(nRings * 2);
  const coords = new Int32Array(nVertices * 2);
  let v = 0;
  src.rings.forEach((r, i) => {
    ringMeta[i * 2] = r.region;
    ringMeta[i * 2 + 1] = r.points.length;
    let px = 0;
    let py = 0;
    for (const [lon, lat] of r.points) {
      const x = Math.round(lon * SCALE);
      const y = Math.round(lat * SCALE);
      coords[v * 2] = x - px;
      coords[v * 2 + 1] = y - py;
      px = x;
      py = y;
      v++;
    }
  });
  const n = src.cities.length;
  const countryCodes = [...new Set(src.cities.map((c) => c.country))];
  const admins = [...new Set(src.cities.map((c) => c.admin))];
  const countryIdx = new Map(countryCodes.map((c, i) => [c, i]));
  const adminIdx = new Map(admins.map((a, i) => [a, i]));
  const cityInts = new Int32Array(n * 4); // lat, lon, country, admin
  const cityPop = new Uint32Array(n);
  const cityLevel = new Uint8Array(n);
  const cityParent = new Int32Array(n).fill(-1);
  const cityZh: Record<string, string> = {};
  src.cities.forEach((c, i) => {
    cityInts[i * 4] = Math.round(c.lat * SCALE);
    cityInts[i * 4 + 1] = Math.round(c.lon * SCALE);
    cityInts[i * 4 + 2] = countryIdx.get(c.country)!;
    cityInts[i * 4 + 3] = adminIdx.get(c.admin)!;
    cityPop[i] = c.population;
    cityLevel[i] = FEATURE_LEVEL[c.featureCode] ?? OTHER_LEVEL;
    if (c.zh) cityZh[i] = c.zh;
    if (c.parent !== undefined) cityParent[i] = c.parent;
  });
  const header: Header = {
    magic: PLACE_DATA_MAGIC,
    version: PLACE_DATA_VERSION,
    countries: src.countries,
    regions: src.regions,
    rings: nRings,
    vertices: nVertices,
    cities: n,
    cityName: src.cities.map((c) => c.name),
    cityZh,
    countryCodes,
    admins,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (4 - ((4 + json.length) % 4)) % 4;
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length + pad);
  return Buffer.concat([
    len, json, Buffer.alloc(pad, 0x20),
    bytes(ringMeta), bytes(coords), bytes(cityInts), bytes(cityPop), bytes(cityParent), Buffer.from(cityLevel),
  ]);
}

const bytes = (a: Int32Array | Uint32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

export function decodePlaceData(buf: Buffer): PlaceData {
  const jsonLen = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + jsonLen).toString('utf8')) as Header;
  if (header.magic !== PLACE_DATA_MAGIC || header.version !== PLACE_DATA_VERSION) {
    throw new Error(`place data has version ${header.version}, this Loupe reads ${PLACE_DATA_VERSION}`);
  }
  // Copy into an aligned buffer: typed array views need offsets that are multiples of 4.
  const body = new Uint8Array(buf.length - 4 - jsonLen);
  body.set(buf.subarray(4 + jsonLen));
  let at = 0;
  const take32 = <T extends Int32Array | Uint32Array>(Ctor: new (b: ArrayBuffer, o: number, l: number) => T, count: number): T => {
    const out = new Ctor(body.buffer, at, count);
    at += count * 4;
    return out;
  };
  const ringMeta = take32(Int32Array, header.rings * 2);
  const deltas = take32(Int32Array, header.vertices * 2);
  const cityInts = take32(Int32Array, header.cities * 4);
  const cityPopulation = take32(Uint32Array, header.cities);
  const cityParent = take32(Int32Array, header.cities);
  const cityLevel = new Uint8Array(body.buffer, at, header.cities);

  const ringRegion = new Int32Array(header.rings);
  const ringStart = new Int32Array(header.rings);
  const ringCount = new Int32Array(header.rings);
  const coords = new Float64Array(header.vertices * 2);
  let v = 0;
  for (let r = 0; r < header.rings; r++) {
    ringRegion[r] = ringMeta[r * 2];
    ringCount[r] = ringMeta[r * 2 + 1];
    ringStart[r] = v;
    let x = 0;
    let y = 0;
    for (let k = 0; k < ringCount[r]; k++, v++) {
      x += deltas[v * 2];
      y += deltas[v * 2 + 1];
      coords[v * 2] = x / SCALE;
      coords[v * 2 + 1] = y / SCALE;
    }
  }
  const n = header.cities;
  const cityLat = new Float64Array(n);
  const cityLon = new Float64Array(n);
  const cityAdmin = new Int32Array(n);
  const cityCountry: string[] = new Array<string>(n);
  const cityZh: (string | null)[] = new Array<string | null>(n).fill(null);
  for (let i = 0; i < n; i++) {
    cityLat[i] = cityInts[i * 4] / SCALE;
    cityLon[i] = cityInts[i * 4 + 1] / SCALE;
    cityCountry[i] = header.countryCodes[cityInts[i * 4 + 2]];
    cityAdmin[i] = cityInts[i * 4 + 3];
  }
  for (const [i, zh] of Object.entries(header.cityZh)) cityZh[Number(i)] = zh;
  return {
    countries: header.countries,
    regions: header.regions,
    ringRegion,
    ringStart,
    ringCount,
    coords,
    cityName: header.cityName,
    cityZh,
    cityCountry,
    cityAdmin,
    cityLevel: new Uint8Array(cityLevel),
    cityPopulation: new Uint32Array(cityPopulation),
    cityLat,
    cityLon,
    cityParent: new Int32Array(cityParent),
  };
}
