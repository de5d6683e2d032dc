// A library copied from an old disk: every file carries the same time stamp, so the file's age cannot tell the
// camera's photo from its copies. `loupe duplicates` must still keep the camera's JPEG over a re-save at a coarser
// setting and over a turned copy re-encoded with an orientation tag (which displays as the original does), even where
// the copies sit at shorter paths (a stranger's trial: 5 of 23 keepers were such copies).
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, TEST_PHOTOS } from '../../helpers/fixtures.js';
import { runCli } from '../../helpers/run-cli.js';

describe('loupe duplicates on a library whose files all have one time stamp', () => {
  const tmp = makeTempDir();
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');
  const run = (...args: string[]) => runCli([...args, '--home', home], { XDG_DATA_HOME: path.join(tmp.dir, 'xdg') });
  const camera = path.join(lib, 'DCIM', '101CANON', 'IMG_4461.jpg');
  const resaved = path.join(lib, 'Edited', 'IMG_4138.jpg');
  const turned = path.join(lib, 'Old', 'IMG_4489.jpg');

  beforeAll(async () => {
    const exif = { IFD0: { Make: 'Canon', Model: 'Canon EOS 80D' }, IFD2: { DateTimeOriginal: '2019:07:13 09:00:00' } };
    const original = await sharp(path.join(TEST_PHOTOS, 'hires/lxqt__drop.png')).resize(1600).jpeg({ quality: 92 }).withExif(exif).toBuffer();
    const write = (file: string, bytes: Buffer): void => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
    };
    write(camera, original);
    write(resaved, await sharp(original).jpeg({ quality: 70 }).withExif(exif).toBuffer());
    // stored turned a quarter clockwise; orientation 8 turns it back for display
    write(turned, await sharp(original).rotate(90).jpeg({ quality: 90 }).withExif(exif).withMetadata({ orientation: 8 }).toBuffer());
    const copiedAt = new Date('2024-03-01T12:00:00Z');
    for (const f of [camera, resaved, turned]) fs.utimesSync(f, copiedAt, copiedAt);
    expect(run('add', lib).code).toBe(0);
    expect(run('index').code).toBe(0);
  }, 180_000);
  afterAll(() => tmp.cleanup());

  it('keeps the camera JPEG by its finer compression, not a copy by its shorter path', () => {
    const { groups } = JSON.parse(run('duplicates', '--json').stdout) as { groups: { keep: string; keepRule: string; members: { path: string }[] }[] };
    expect(groups).toHaveLength(1);
    expect(groups[0].members.map((m) => m.path).sort()).toEqual([camera, resaved, turned].sort());
    expect(groups[0]).toMatchObject({ keep: camera, keepRule: 'compression' });
  });
});
