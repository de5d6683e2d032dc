// A photo and the screenshot a phone took of it, held upright: the landscape picture between two black bands that
// fill two thirds of the screen. The bands dominate the screenshot's whole hash and its embedding (a stranger's trial:
// 22 of 64 bits from its photo, cosine 0.02), so the pair was never even compared. The picture inside the bands is
// hashed as well (perceptual-hash.ts contentHashes); a screenshot of another photo stays apart.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, TEST_PHOTOS } from '../../helpers/fixtures.js';
import { runCli } from '../../helpers/run-cli.js';

describe('loupe duplicates finds a phone screenshot of a photo', () => {
  const tmp = makeTempDir();
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');
  const run = (...args: string[]) => runCli([...args, '--home', home], { XDG_DATA_HOME: path.join(tmp.dir, 'xdg') });
  const original = path.join(lib, 'DCIM', '100CANON', 'IMG_4454.jpg');
  const screenshot = path.join(lib, 'Screenshots', 'Screenshot_2021-03-01-08-11-55.png');
  const other = path.join(lib, 'Screenshots', 'Screenshot_2021-03-02-19-40-12.png');

  beforeAll(async () => {
    for (const f of [original, screenshot]) fs.mkdirSync(path.dirname(f), { recursive: true });
    await sharp(path.join(TEST_PHOTOS, 'hires/lomiri16__Bridge_by_Sander_Klootwijk.jpg')).resize(2048).jpeg({ quality: 92 }).toFile(original);
    const phone = { width: 1170, height: 2532, fit: 'contain' as const, background: '#000' };
    await sharp(original).resize(phone).png().toFile(screenshot);
    // another photo's screenshot: the same bands, another picture
    await sharp(path.join(TEST_PHOTOS, 'hires/mate__Aqua.jpg')).resize(phone).png().toFile(other);
    expect(run('add', lib).code).toBe(0);
    expect(run('index').code).toBe(0);
  }, 180_000);
  afterAll(() => tmp.cleanup());

  it('groups the screenshot with its photo, keeps the photo, and leaves the other screenshot alone', () => {
    const { groups } = JSON.parse(run('duplicates', '--json').stdout) as { groups: { level: string; keep: string; members: { path: string }[] }[] };
    const near = groups.filter((g) => g.level !== 'similar');
    expect(near).toHaveLength(1);
    expect(near[0].members.map((m) => m.path).sort()).toEqual([original, screenshot].sort());
    expect(near[0].keep).toBe(original);
    const why = run('duplicates', '--explain', original, screenshot);
    expect(why.stdout).toMatch(/^near/);
  });
});
