// A JPEG that ends early (a card pulled out mid-write) is indexed from the part that decodes: `status` and `info` say
// what is missing, its intact copy is the keeper of their duplicate group, and a file where nothing decodes stays
// refused with its reason while the rest goes on.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, TEST_PHOTOS } from '../../helpers/fixtures.js';
import { runCli } from '../../helpers/run-cli.js';

describe('loupe indexes a JPEG that ends early', () => {
  const tmp = makeTempDir();
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');
  const run = (...args: string[]) => runCli([...args, '--home', home], { XDG_DATA_HOME: path.join(tmp.dir, 'xdg') });
  // the damaged one has the original's name and the shorter path: only its damage tells it from the backup
  const damaged = path.join(lib, 'DCIM', 'IMG_0412.jpg');
  const intact = path.join(lib, 'Backup', '2021', 'IMG_0412 (1).jpg');
  const empty = path.join(lib, 'DCIM', 'IMG_0413.jpg');
  const other = path.join(lib, 'DCIM', 'IMG_0414.jpg');
  let indexed = '';
  let whole: Buffer;

  beforeAll(async () => {
    for (const f of [damaged, intact]) fs.mkdirSync(path.dirname(f), { recursive: true });
    whole = await sharp(path.join(TEST_PHOTOS, 'hires/mate__GreenMeadow.jpg')).resize(1600).jpeg({ quality: 92 }).toBuffer();
    fs.writeFileSync(intact, whole);
    fs.writeFileSync(damaged, whole.subarray(0, Math.floor(whole.length * 0.85)));
    fs.writeFileSync(empty, whole.subarray(0, Math.floor(whole.length * 0.003)));
    await sharp(path.join(TEST_PHOTOS, 'hires/plasma__Kite.jpg')).resize(1200).jpeg({ quality: 90 }).toFile(other);
    expect(run('add', lib).code).toBe(0);
    indexed = run('index').stdout;
  }, 240_000);
  afterAll(() => tmp.cleanup());

  it('lists it in status as damaged, and the file where nothing decodes as failed, naming why', () => {
    const s = JSON.parse(run('status', '--json').stdout) as { files: number; damaged: { path: string; damage: string }[]; failed: { path: string; reason: string }[] };
    expect(s.damaged).toEqual([{ path: damaged, damage: 'truncated' }]);
    expect(s.failed.map((f) => f.path)).toEqual([empty]);
    expect(s.failed[0].reason).toMatch(/nothing of it decodes/);
    expect(s.files).toBe(3);
    // the run that indexed it said so too, as it says what it could not index
    expect(indexed).toContain(`1 damaged file indexed from the part that decodes:\n  ${damaged}: damaged file: the lower part is missing`);
    expect(indexed).toContain(`${empty}: The JPEG file ends before its picture begins`);
    const text = run('status').stdout;
    expect(text).toContain(`${damaged}: damaged file: the lower part is missing`);
    expect(run('info', damaged).stdout).toMatch(/Damage\s+damaged file: the lower part is missing/);
    expect(run('info', intact).stdout).not.toMatch(/Damage/);
  });

  it('keeps the intact copy of a damaged one, saying why', () => {
    const { groups } = JSON.parse(run('duplicates', '--json').stdout) as { groups: { keep: string; reason: string; members: { path: string }[] }[] };
    const group = groups.find((g) => g.members.some((m) => m.path === damaged));
    expect(group?.members.map((m) => m.path).sort()).toEqual([damaged, intact].sort());
    expect(group?.keep).toBe(intact);
    expect(group?.reason).toMatch(/IMG_0412\.jpg is a damaged file/);
  });

  it('names a damaged file when it is found; later runs count it, their JSON still lists it, and new bytes are news again', () => {
    expect(indexed).not.toContain('found before');
    const again = run('index').stdout;
    expect(again).not.toContain(`${damaged}:`);
    expect(again).toContain('1 damaged file found before, still indexed from the part that decodes: `loupe status` lists it.');
    const json = JSON.parse(run('index', '--json').stdout) as { damaged: { path: string; damage: string; known: boolean }[] };
    expect(json.damaged).toEqual([{ path: damaged, damage: 'truncated', known: true }]);
    // cut shorter: other bytes, a damage found now
    fs.writeFileSync(damaged, whole.subarray(0, Math.floor(whole.length * 0.7)));
    const changed = run('index').stdout;
    expect(changed).toContain(`1 damaged file indexed from the part that decodes:\n  ${damaged}: damaged file: the lower part is missing`);
    expect(changed).not.toContain('found before');
  });
});
