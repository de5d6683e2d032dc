import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { makeTempDir } from '../../../helpers/fixtures.js';
import { withGps, type GpsFields } from '../../../helpers/exif-gps.js';

// Photos made here (flat colours) with GPS written the way cameras write it, indexed through the real pipeline.
const PHOTOS: Record<string, GpsFields | null> = {
  'IMG_0001.jpg': { lat: 48.8584, lon: 2.2945, dateTimeOriginal: '2019:05:04 10:00:00' }, // Paris
  'IMG_0002.jpg': { lat: 48.8606, lon: 2.3376, dateTimeOriginal: '2021:06:01 10:00:00' }, // Paris, another year
  'IMG_0003.jpg': { lat: 30.2431, lon: 120.1497, dateTimeOriginal: '2021:10:01 09:00:00' }, // Hangzhou
  'IMG_0004.jpg': { lat: 64.1466, lon: -21.9426, dateTimeOriginal: '2019:07:14 10:11:12' }, // Reykjavík
  'IMG_0005.jpg': { lat: 0, lon: 0, rawLat: [0, 0, 0], rawLon: [0, 0, 0], dateTimeOriginal: '2018:01:02 12:00:00' }, // no fix
  'IMG_0006.jpg': { lat: 30, lon: -40, dateTimeOriginal: '2018:01:03 12:00:00' }, // mid-Atlantic
  'IMG_0007.jpg': null, // no GPS at all
  'IMG_0008.jpg': { lat: 43.7731, lon: 11.256, dateTimeOriginal: '2022:04:10 11:00:00' }, // Florence, Tuscany
  'IMG_0009.jpg': { lat: 48.1374, lon: 11.5755, dateTimeOriginal: '2022:04:20 11:00:00' }, // Munich, Bavaria
  'IMG_0010.jpg': { lat: 23.1291, lon: 113.2644, dateTimeOriginal: '2022:05:01 11:00:00' }, // Guangzhou, Guangdong
  'IMG_0011.jpg': { lat: 40.758, lon: -73.9855, dateTimeOriginal: '2016:03:02 11:00:00' }, // Times Square, New York
};

describe('places through the index: stage, hand-set places, search', () => {
  let tmp: { dir: string; cleanup: () => void };
  let engine: LoupeEngine;
  let lib: string;
  const p = (name: string) => path.join(lib, name);
  const placeOf = (name: string) => engine.places.placeOf(engine.library.photoIdAt(p(name))!);

  beforeAll(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'Pictures');
    fs.mkdirSync(lib, { recursive: true });
    let hue = 0;
    for (const [name, gps] of Object.entries(PHOTOS)) {
      const jpeg = await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: (hue += 35), g: 120, b: 200 - hue } } })
        .jpeg()
        .toBuffer();
      fs.writeFileSync(p(name), gps ? withGps(jpeg, gps) : jpeg);
    }
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {}, trashDir: path.join(tmp.dir, 'trash') });
    await engine.library.addFolder(lib);
    expect((await engine.library.index()).failed).toEqual([]);
  }, 180_000);

  afterAll(async () => {
    await engine.close();
    tmp.cleanup();
  });

  it('stores each photo\'s place from its GPS, in English and Chinese', () => {
    expect(placeOf('IMG_0003.jpg').place).toMatchObject({
      city: 'Hangzhou', city_zh: '杭州', region: 'Zhejiang', region_zh: '浙江省', country: 'China', country_zh: '中国', source: 'gps',
    });
    expect(placeOf('IMG_0001.jpg').place).toMatchObject({ city: 'Paris', country: 'France', country_zh: '法国' });
    expect(placeOf('IMG_0001.jpg').place!.lat).toBeCloseTo(48.8584, 4);
  });

  it('does not place a 0,0 position and says why; a photo at sea is on the map but in no country', () => {
    expect(placeOf('IMG_0005.jpg')).toEqual({ place: null, problem: expect.stringContaining('0, 0') });
    expect(placeOf('IMG_0006.jpg').place).toMatchObject({ city: null, country: null, lat: 30, lon: -40 });
    expect(placeOf('IMG_0007.jpg')).toEqual({ place: null, problem: null });
    const mapped = engine.places.mapPoints().ids;
    expect(mapped).toContain(engine.library.photoIdAt(p('IMG_0006.jpg'))!);
    expect(mapped).not.toContain(engine.library.photoIdAt(p('IMG_0005.jpg'))!);
  });

  it('counts photos per city', () => {
    const counts = engine.places.counts();
    expect(counts.find((c) => c.city === 'Paris')).toMatchObject({ country: 'France', count: 2 });
    expect(counts.find((c) => c.city === 'Hangzhou')).toMatchObject({ city_zh: '杭州', count: 1 });
  });

  it('finds photos by place in English or Chinese, accents ignored, and narrows with other terms', () => {
    const search = (q: string) => engine.textSearch.search(q).map((r) => path.basename(r.path)).sort();
    expect(search('Paris')).toEqual(['IMG_0001.jpg', 'IMG_0002.jpg']);
    expect(search('法国')).toEqual(['IMG_0001.jpg', 'IMG_0002.jpg']);
    expect(search('Paris 2019')).toEqual(['IMG_0001.jpg']);
    expect(search('杭州')).toEqual(['IMG_0003.jpg']);
    expect(search('浙江')).toEqual(['IMG_0003.jpg']);
    expect(search('Reykjavik')).toEqual(['IMG_0004.jpg']);
    expect(search('iceland 2019')).toEqual(['IMG_0004.jpg']);
    const [hit] = engine.textSearch.search('paris 2019');
    expect(hit.matched).toEqual([{ term: 'paris', kind: 'place' }, { term: '2019', kind: 'date' }]);
  });

  it('finds photos by the region people name: in English, the local name and Chinese, also where the stored region is a province', () => {
    const search = (q: string) => engine.textSearch.search(q).map((r) => path.basename(r.path)).sort();
    expect(placeOf('IMG_0008.jpg').place).toMatchObject({ city: 'Florence', region: 'Florence', country: 'Italy' }); // a province
    for (const q of ['Tuscany', 'Toscana', '托斯卡纳', 'tuscany 2022', 'Florence', 'Italy']) expect(search(q), q).toEqual(['IMG_0008.jpg']);
    for (const q of ['Bavaria', 'Bayern', '巴伐利亚']) expect(search(q), q).toEqual(['IMG_0009.jpg']);
    for (const q of ['Guangdong', '广东', '广东省']) expect(search(q), q).toEqual(['IMG_0010.jpg']);
    expect(search('Tuscany 2019')).toEqual([]);
    // a Chinese phrase names its place without spaces around it
    for (const q of ['杭州的照片', '在浙江', '浙江的猫']) expect(search(q), q).toEqual(q === '浙江的猫' ? [] : ['IMG_0003.jpg']);
    expect(search('托斯卡纳的照片')).toEqual(['IMG_0008.jpg']);
    expect(search('2022年4月的意大利')).toEqual(['IMG_0008.jpg']);
    expect(search('2019年5月的意大利')).toEqual([]); // the date is a condition too
    const [hit] = engine.textSearch.search('Toscana');
    expect(hit.matched).toEqual([{ term: 'toscana', kind: 'place' }]);
  });

  it('lets the user set a place by hand; it wins over the GPS and survives re-indexing', async () => {
    const set = engine.places.set(engine.library.photoIdAt(p('IMG_0001.jpg'))!, { name: 'Hangzhou, China' });
    expect(set).toMatchObject({ city: 'Hangzhou', city_zh: '杭州', source: 'user' });
    engine.places.set(engine.library.photoIdAt(p('IMG_0007.jpg'))!, { lat: 64.1466, lon: -21.9426 });
    // New bytes (an edit that keeps the GPS): every stage runs again.
    fs.appendFileSync(p('IMG_0001.jpg'), Buffer.from([0]));
    const summary = await engine.library.index();
    expect(summary.updated).toBe(1);
    expect(placeOf('IMG_0001.jpg').place).toMatchObject({ city: 'Hangzhou', source: 'user' });
    expect(placeOf('IMG_0007.jpg').place).toMatchObject({ city: 'Reykjavík', source: 'user' });
    expect(engine.textSearch.search('杭州').map((r) => path.basename(r.path)).sort()).toEqual(['IMG_0001.jpg', 'IMG_0003.jpg']);
    // Clearing gives the GPS its say again.
    expect(engine.places.clear(engine.library.photoIdAt(p('IMG_0001.jpg'))!)).toEqual({ cleared: true });
    expect(placeOf('IMG_0001.jpg').place).toMatchObject({ city: 'Paris', source: 'gps' });
  }, 120_000);

  it('gives a place set by hand before this version the region names too, at the next index, keeping its names', async () => {
    const id = engine.library.photoIdAt(p('IMG_0007.jpg'))!; // no GPS
    engine.places.set(id, { name: 'Florence, Italy' });
    expect(engine.textSearch.search('Tuscany').map((r) => path.basename(r.path))).toContain('IMG_0007.jpg');
    // as an older Loupe stored it: the names without the region's other names
    engine.database.prepare("UPDATE photo_places SET search_text = ' florence italy ' WHERE file_id = ?").run(id);
    engine.database.prepare("UPDATE file_stages SET version = version - 1 WHERE stage = 'places'").run();
    expect(engine.textSearch.search('Tuscany').map((r) => path.basename(r.path))).not.toContain('IMG_0007.jpg');
    await engine.library.index();
    expect(engine.textSearch.search('Tuscany').map((r) => path.basename(r.path))).toContain('IMG_0007.jpg');
    expect(placeOf('IMG_0007.jpg').place).toMatchObject({ city: 'Florence', source: 'user' });
    engine.places.set(id, { lat: 64.1466, lon: -21.9426 }); // as the test before left it
  }, 120_000);

  it('keeps a hand-set place through the trash and back', async () => {
    engine.places.set(engine.library.photoIdAt(p('IMG_0004.jpg'))!, { name: 'Paris, France' });
    const id = engine.library.photoIdAt(p('IMG_0004.jpg'))!;
    const trashed = await engine.trash.trash([id]);
    expect(trashed.trashed).toHaveLength(1);
    expect(engine.library.photoIdAt(p('IMG_0004.jpg'))).toBeNull();
    await engine.trash.restore(trashed.undoToken!);
    expect(placeOf('IMG_0004.jpg').place).toMatchObject({ city: 'Paris', source: 'user' });
  }, 60_000);

  it('finds no place for "people" and not Taiwan for "china", also in a library an older version indexed', async () => {
    const names = (q: string) => engine.textSearch.search(q).map((r) => path.basename(r.path)).sort();
    const taipei = engine.library.photoIdAt(p('IMG_0006.jpg'))!; // at sea: no place of its own
    engine.places.set(taipei, { name: 'Taipei' });
    const guangzhou = engine.library.photoIdAt(p('IMG_0010.jpg'))!;
    expect(names('taiwan')).toEqual(['IMG_0006.jpg']);
    expect(names('china')).toEqual(['IMG_0003.jpg', 'IMG_0010.jpg']); // Hangzhou, Guangzhou
    expect(names('czech republic')).toEqual([]);
    expect(names('people')).toEqual([]);
    // as the previous version stored them: every word of "People's Republic of China", "Taiwan, Province of China"
    engine.database.prepare("UPDATE photo_places SET search_text = ' guangzhou guangdong china people s republic of china cn ' WHERE file_id = ?").run(guangzhou);
    engine.database.prepare("UPDATE photo_places SET search_text = ' taipei taiwan province of china tw ' WHERE file_id = ?").run(taipei);
    engine.database.prepare("UPDATE file_stages SET version = 2 WHERE stage = 'places'").run(); // the version that stored them
    expect(names('people')).toEqual(['IMG_0010.jpg']);
    await engine.library.index();
    expect(names('people')).toEqual([]);
    expect(names('republic')).toEqual([]);
    expect(names('china')).toEqual(['IMG_0003.jpg', 'IMG_0010.jpg']); // Hangzhou, Guangzhou
    expect(names('广州 china')).toEqual(['IMG_0010.jpg']);
    expect(names('台湾')).toEqual(['IMG_0006.jpg']);
    engine.places.clear(taipei);
  }, 120_000);

  it('names New York in Chinese and finds it by 纽约, also in a library placed before the data had that name', async () => {
    const names = (q: string) => engine.textSearch.search(q).map((r) => path.basename(r.path)).sort();
    expect(placeOf('IMG_0011.jpg').place).toMatchObject({ city: 'New York City', city_zh: '纽约', source: 'gps' });
    expect(names('纽约')).toEqual(['IMG_0011.jpg']);
    // as places stage version 3 stored it: no Chinese city name
    const id = engine.library.photoIdAt(p('IMG_0011.jpg'))!;
    engine.database.prepare("UPDATE photo_places SET city_zh = NULL, search_text = ' new york city new york united states of america us ' WHERE file_id = ?").run(id);
    engine.database.prepare("UPDATE file_stages SET version = 3 WHERE stage = 'places'").run();
    expect(names('纽约')).toEqual([]);
    await engine.library.index();
    expect(placeOf('IMG_0011.jpg').place).toMatchObject({ city_zh: '纽约' });
    expect(names('纽约')).toEqual(['IMG_0011.jpg']);
  }, 120_000);

  it('takes the names people type for a place: a country is the country, "New York" the city GeoNames calls "New York City"', () => {
    const id = engine.library.photoIdAt(p('IMG_0007.jpg'))!;
    // "China" and "Mexico" were small towns of those names in Mexico and the Philippines
    expect(engine.places.set(id, { name: 'China' })).toMatchObject({ city: null, country: 'China', country_zh: '中国' });
    expect(engine.places.set(id, { name: 'Mexico' })).toMatchObject({ city: null, country: 'Mexico' });
    expect(engine.places.set(id, { name: 'Singapore' })).toMatchObject({ city: 'Singapore', country: 'Singapore' });
    expect(engine.places.set(id, { name: 'New York' })).toMatchObject({ city: 'New York City', region: 'New York', country: 'United States of America' });
    expect(engine.places.set(id, { name: 'Ho Chi Minh, Vietnam' })).toMatchObject({ city: 'Ho Chi Minh City', country: 'Vietnam' });
    expect(engine.places.set(id, { name: 'Washington, D.C.' })).toMatchObject({ city: 'Washington, D.C.', country: 'United States of America' });
    expect(engine.places.set(id, { name: 'Paris, Texas' })).toMatchObject({ city: 'Paris', region: 'Texas' });
    // a region no city is named after: the region, at its largest city ("No city called 浙江 is known" before)
    expect(engine.places.set(id, { name: '浙江' })).toMatchObject({ city: null, region: 'Zhejiang', region_zh: '浙江省', country: 'China' });
    expect(engine.places.set(id, { name: 'Bavaria' })).toMatchObject({ city: null, region: 'Bavaria', country: 'Germany' });
    expect(engine.places.set(id, { name: 'Tuscany' })).toMatchObject({ city: null, region: 'Florence', country: 'Italy' }); // ten provinces: Florence's is the largest
    expect(engine.textSearch.search('tuscany').map((r) => path.basename(r.path))).toContain('IMG_0007.jpg');
    expect(engine.places.set(id, { name: 'Madrid' })).toMatchObject({ city: 'Madrid' }); // a city of that name wins
    expect(engine.places.clear(id)).toEqual({ cleared: true });
  });

  it('refuses names and positions it cannot place, naming the problem', () => {
    expect(() => engine.places.set(engine.library.photoIdAt(p('IMG_0002.jpg'))!, { name: 'Nowhereville, France' })).toThrow(/Nowhereville/);
    expect(() => engine.places.set(engine.library.photoIdAt(p('IMG_0002.jpg'))!, { lat: 91, lon: 0 })).toThrow(/out of range/);
    expect(placeOf('IMG_0002.jpg').place).toMatchObject({ city: 'Paris', source: 'gps' });
  });
});
