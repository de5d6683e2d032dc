import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { caltechSample, copyPhotos, makeTempDir } from '../../../helpers/fixtures.js';

describe('automatic tags from the real detector, user tags, and text search in English and Chinese', () => {
  let tmp: { dir: string; cleanup: () => void };
  let engine: LoupeEngine;
  let motos: string[];
  let planes: string[];
  let leopard: string;

  // Neutral file names, so only the pixels (through the detector) can say what a photo shows.
  let counter = 0;
  const neutral = (paths: string[]) =>
    paths.map((p) => {
      const target = path.join(path.dirname(p), `IMG_${String(++counter).padStart(4, '0')}.jpg`);
      fs.renameSync(p, target);
      return target;
    });

  beforeAll(async () => {
    tmp = makeTempDir();
    const lib = path.join(tmp.dir, 'Pictures');
    motos = neutral(copyPhotos(caltechSample(['Motorbikes'], 6), path.join(lib, 'garage')));
    planes = neutral(copyPhotos(caltechSample(['airplanes'], 4), path.join(lib, 'airshow')));
    [leopard] = neutral(copyPhotos(caltechSample(['Leopards'], 1), path.join(lib, 'zoo')));
    // A capture date for date search: these photos carry no EXIF, so the file time is the fallback.
    fs.utimesSync(leopard, new Date('2019-05-04T12:00:00'), new Date('2019-05-04T12:00:00'));
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {} });
    await engine.library.addFolder(lib);
    const summary = await engine.library.index();
    expect(summary.failed).toEqual([]);
  }, 180_000);

  afterAll(async () => {
    await engine.close();
    tmp.cleanup();
  });

  const names = (p: string) => engine.tags.tagsOf(engine.library.photoIdAt(p)!).tags.map((t) => t.name);

  it('tags most motorbike photos "motorcycle" (摩托车) and no airplane photo', () => {
    const tagged = motos.filter((p) => names(p).includes('motorcycle'));
    expect(tagged.length).toBeGreaterThanOrEqual(3);
    const tag = engine.tags.tagsOf(engine.library.photoIdAt(tagged[0])!).tags.find((t) => t.name === 'motorcycle')!;
    expect(tag).toMatchObject({ name_zh: '摩托车', source: 'auto' });
    expect(tag.confidence).toBeGreaterThanOrEqual(engine.settings.get('tagThreshold'));
    expect(planes.some((p) => names(p).includes('motorcycle'))).toBe(false);
    expect(planes.some((p) => names(p).includes('airplane'))).toBe(true);
  });

  it('finds photos by Chinese or English tag, alias, folder name and date', () => {
    const paths = (q: string) => engine.textSearch.search(q).map((r) => r.path);
    const byZh = paths('摩托车');
    expect(byZh.length).toBeGreaterThanOrEqual(3);
    expect(byZh.every((p) => motos.includes(p))).toBe(true);
    expect(paths('motorbikes')).toEqual(byZh); // alias + plural of the same tag
    expect(paths('小摩托车')).toEqual(byZh); // Chinese has no spaces: the tag name inside the phrase counts
    expect(paths('飞机').every((p) => planes.includes(p))).toBe(true);
    expect(paths('airshow').sort()).toEqual([...planes].sort());
    expect(paths('2019年5月')).toEqual([leopard]);
    // a date no photo was taken on is still a condition, not a word to ignore
    expect(paths('motorcycles 1999')).toEqual([]);
    expect(paths('摩托车 2019年5月')).toEqual([]);
    expect(paths('leopard 2019')).toEqual([leopard]);
    expect(paths('photos of motorcycles in the garage')).toEqual(byZh.filter((p) => p.includes('garage')));
    expect(paths('zebra')).toEqual([]);
  });

  it('keeps user tags apart: never overwritten when automatic tagging runs again after an edit', async () => {
    const photo = motos.find((p) => names(p).includes('motorcycle'))!;
    engine.tags.add(engine.library.photoIdAt(photo)!, '我的车');
    engine.tags.remove(engine.library.photoIdAt(photo)!, 'motorcycle'); // a person disagrees with the detector
    expect(names(photo)).toContain('我的车');
    expect(names(photo)).not.toContain('motorcycle');
    expect(() => engine.tags.remove(engine.library.photoIdAt(photo)!, 'giraffe')).toThrow(/has no tag/);
    expect(() => engine.tags.add(engine.library.photoIdAt(photo)!, '  ')).toThrow(/not a valid tag name/);

    // An edit makes every stage run again, the detector included.
    const edited = await sharp(photo).modulate({ brightness: 1.1 }).jpeg({ quality: 90 }).toBuffer();
    fs.writeFileSync(photo, edited);
    fs.utimesSync(photo, new Date(), new Date(Date.now() + 10_000));
    const summary = await engine.library.index();
    expect(summary.updated).toBe(1);

    const after = engine.tags.tagsOf(engine.library.photoIdAt(photo)!).tags;
    expect(after.find((t) => t.name === '我的车')).toMatchObject({ source: 'user', confidence: null });
    expect(after.map((t) => t.name)).not.toContain('motorcycle');
    expect(engine.textSearch.search('我的车').map((r) => r.path)).toEqual([photo]);
  });
});
