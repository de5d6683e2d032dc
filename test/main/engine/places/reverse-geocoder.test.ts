import { beforeAll, describe, expect, it } from 'vitest';
import { foldName, ReverseGeocoder, type GeocodedPlace } from '../../../../src/main/engine/places/reverse-geocoder.js';

// The bundled gazetteer (resources/places), as the app ships it.
describe('offline reverse geocoding', () => {
  let g: ReverseGeocoder;
  beforeAll(() => {
    g = new ReverseGeocoder();
  });

  const at = (lat: number, lon: number): GeocodedPlace => {
    const r = g.lookup(lat, lon);
    if ('reason' in r) throw new Error(`not placed: ${r.reason}`);
    return r.place;
  };

  it('names the city a person would, not the borough or district nearest to the point', () => {
    expect(at(40.758, -73.9855).city).toBe('New York City'); // Times Square, Manhattan
    expect(at(40.6782, -73.9442).city).toBe('New York City'); // Brooklyn
    expect(at(40.6413, -73.7781).city).toBe('New York City'); // JFK airport, Queens
    expect(at(39.9992, 116.2755).city).toBe('Beijing'); // Summer Palace, Haidian district
    expect(at(51.5033, -0.1196).city).toBe('London'); // London Eye
  });

  it('keeps a real town beside a metropolis, and the other side of a border, apart', () => {
    expect(at(48.8049, 2.1204).city).toBe('Versailles');
    expect(at(40.9312, -73.8988).city).toBe('Yonkers');
    expect(at(40.7328, -74.0631)).toMatchObject({ city: 'Jersey City', region: 'New Jersey' }); // across the Hudson
    expect(at(48.5729, 7.8155)).toMatchObject({ city: 'Kehl', countryCode: 'DE' }); // across the Rhine from Strasbourg
  });

  it('gives city, region and country in English and Chinese', () => {
    expect(at(30.2431, 120.1497)).toMatchObject({
      city: 'Hangzhou', cityZh: '杭州', region: 'Zhejiang', regionZh: '浙江省', country: 'China', countryZh: '中国', countryCode: 'CN',
    });
    expect(at(48.8584, 2.2945)).toMatchObject({ city: 'Paris', country: 'France', countryZh: '法国' });
    const reykjavik = at(64.1466, -21.9426);
    expect(reykjavik).toMatchObject({ city: 'Reykjavík', countryZh: '冰岛' });
    expect(at(-33.8568, 151.2153)).toMatchObject({ city: 'Sydney', region: 'New South Wales', countryZh: '澳大利亚' });
  });

  it('names large cities outside China in Chinese, in simplified characters, from CLDR', () => {
    expect(at(40.758, -73.9855).cityZh).toBe('纽约'); // GeoNames' "New York City" is CLDR's "New York"
    expect(at(-3.119, -60.0217)).toMatchObject({ city: 'Manaus', cityZh: '马瑙斯' });
    // before, cut from Natural Earth's region names: "伊斯坦堡" (traditional usage), "都柏林地" (都柏林地区), "达卡专"
    expect(at(41.0082, 28.9784).cityZh).toBe('伊斯坦布尔');
    expect(at(53.3498, -6.2603).cityZh).toBe('都柏林');
    expect(at(23.8103, 90.4125).cityZh).toBe('达卡');
    // one city per name: the largest of that name in that country, not a Dublin in Ohio
    expect(at(40.0992, -83.1141)).toMatchObject({ city: 'Dublin', cityZh: null });
    expect(g.data.cityName[g.citiesNamed('纽约')[0]]).toBe('New York City');
  });

  it('says no Chinese city name where the data has none, instead of inventing one', () => {
    const p = at(-20.3856, -43.5035); // Ouro Preto
    expect(p.city).toBe('Ouro Preto');
    expect(p.cityZh).toBeNull();
    expect(p.countryZh).toBe('巴西');
  });

  it('places a point just off the coast in that country, and one far at sea in none', () => {
    const offNice = at(43.65, 7.27);
    expect(offNice.countryCode).toBe('FR');
    expect(offNice.offshoreKm).toBeGreaterThan(0);
    expect(offNice.offshoreKm).toBeLessThan(22.3);
    const atlantic = at(30, -40);
    expect(atlantic).toMatchObject({ city: null, region: null, country: null, countryCode: null });
    // Between Iceland and Greenland, far from both: never the nearest city across the water.
    expect(at(66.5, -27.5).country).toBeNull();
  });

  it('refuses positions that cannot be real, with the reason', () => {
    expect(g.lookup(0, 0)).toEqual({ reason: expect.stringContaining('0, 0') });
    expect(g.lookup(95, 10)).toEqual({ reason: expect.stringContaining('out of range') });
    expect(g.lookup(10, -181)).toEqual({ reason: expect.stringContaining('out of range') });
    expect(g.lookup(Number.NaN, 10)).toEqual({ reason: expect.stringContaining('not a number') });
  });

  it('finds cities and countries by name for places set by hand, accents and script ignored', () => {
    const [reykjavik] = g.citiesNamed('Reykjavik');
    expect(g.data.cityName[reykjavik]).toBe('Reykjavík');
    const [hangzhou] = g.citiesNamed('杭州');
    expect(g.data.cityName[hangzhou]).toBe('Hangzhou');
    // The most populous of several: Paris, France before Paris, Texas.
    expect(g.data.cityCountry[g.citiesNamed('Paris')[0]]).toBe('FR');
    expect(g.countryNamed('法国')).toBe('FR');
    expect(g.countryNamed('united states')).toBe('US');
    expect(foldName('Reykjavík São Paulo Kraków')).toBe('reykjavik sao paulo krakow');
  });
});
