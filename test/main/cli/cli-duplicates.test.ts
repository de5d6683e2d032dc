// `loupe duplicates`, `loupe trash` and `loupe restore` as a user runs them: JSON contract, exit codes,
// the freedesktop trash under a temporary XDG_DATA_HOME.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caltechSample, copyPhotos, makeTempDir, TEST_PHOTOS } from '../../helpers/fixtures.js';
import { runCli } from '../../helpers/run-cli.js';

describe('loupe duplicates / trash / restore', () => {
  const tmp = makeTempDir();
  const lib = path.join(tmp.dir, 'lib');
  const home = path.join(tmp.dir, 'home');
  const env = { XDG_DATA_HOME: path.join(tmp.dir, 'xdg') };
  const run = (...args: string[]) => runCli([...args, '--home', home], env);
  const original = path.join(lib, 'wallpaper.jpg');
  const copy = path.join(lib, 'wallpaper (1).jpg');
  const small = path.join(lib, 'small', 'wallpaper.jpg');
  let afterQuick: { text: string; json: { waiting: number } };

  beforeAll(async () => {
    fs.mkdirSync(path.join(lib, 'small'), { recursive: true });
    fs.copyFileSync(path.join(TEST_PHOTOS, 'hires/lomiri16__Bridge_by_Sander_Klootwijk.jpg'), original);
    fs.copyFileSync(original, copy);
    await sharp(original).resize(640).jpeg({ quality: 50 }).toFile(small);
    copyPhotos(caltechSample(['anchor', 'beaver'], 2), lib);
    expect(run('add', lib).code).toBe(0);
    // the quick pass alone first: its listing is not the whole answer yet
    expect(run('index', '--quick').code).toBe(0);
    afterQuick = { text: run('duplicates').stdout, json: JSON.parse(run('duplicates', '--json').stdout) as { waiting: number } };
    expect(run('index').code).toBe(0);
  }, 180_000);
  afterAll(() => tmp.cleanup());

  it('lists groups in the JSON contract, per level, with the keeper and why', () => {
    const r = run('duplicates', '--json');
    expect(r.code).toBe(0);
    const { groups } = JSON.parse(r.stdout);
    expect(groups).toHaveLength(1);
    const [g] = groups;
    expect(g.level).toBe('near');
    expect(g.keep).toBe(original);
    expect(typeof g.reason).toBe('string');
    // why this copy and not each of the others: "(1)" by its name, then the smaller copy by its pixels
    expect(g.keepSteps.map((s: { rule: string; setAside: string[] }) => [s.rule, s.setAside])).toEqual([['original', [copy]], ['pixels', [small]]]);
    expect(g.reason).toMatch(/looks like a copy by its name.*more pixels/);
    expect(g.members.map((m: { path: string }) => m.path).sort()).toEqual([original, copy, small].sort());
    for (const m of g.members) {
      expect(path.isAbsolute(m.path)).toBe(true);
      expect(m.score).toBeGreaterThan(0);
      expect(m.score).toBeLessThanOrEqual(1);
      expect(m.bytes).toBe(fs.statSync(m.path).size);
      expect(m.width).toBeGreaterThan(0);
      expect(m.height).toBeGreaterThan(0);
    }
    expect(JSON.parse(run('duplicates', '--level', 'exact', '--json').stdout).groups).toEqual([]);
    // the byte copy sits in the near group (beside the edited copy); asked for exact copies, the listing says where
    const exact = run('duplicates', '--level', 'exact').stdout;
    expect(exact).toContain('No exact groups.');
    expect(exact).toContain('1 identical copy is in groups that also hold edited copies');
    expect(run('duplicates', '--level', 'nope').code).toBe(2);

    const why = JSON.parse(run('duplicates', '--explain', original, small, '--json').stdout);
    expect(why).toMatchObject({ level: 'near' });
    expect(why.hashDistance).toBeLessThanOrEqual(6);
    expect(run('duplicates', '--explain', original, path.join(lib, 'nowhere.jpg')).code).toBe(1);
  });

  it('says the list is not complete while the deep pass has photos to compare, and no more once it has', () => {
    // 7 photos through the quick pass, none yet through the copy-quality stage crops and turned copies need
    expect(afterQuick.text).toContain('Still comparing: 0 of 7 photos compared so far; more groups may come');
    expect(afterQuick.json.waiting).toBe(7);
    expect(run('duplicates').stdout).not.toContain('Still comparing');
    expect(JSON.parse(run('duplicates', '--json').stdout).waiting).toBe(0);
  });

  it('trash moves a copy to the system trash and out of the catalog; restore brings it back', () => {
    const t = run('trash', copy, '--json');
    expect(t.code).toBe(0);
    expect(JSON.parse(t.stdout)).toEqual({ trashed: [copy], failed: [] });
    expect(fs.existsSync(copy)).toBe(false);
    expect(fs.readdirSync(path.join(env.XDG_DATA_HOME, 'Trash', 'files'))).toEqual(['wallpaper (1).jpg']);
    expect(run('info', copy).code).toBe(1);
    const left = JSON.parse(run('duplicates', '--json').stdout).groups[0].members.map((m: { path: string }) => m.path);
    expect(left).not.toContain(copy);

    const outside = run('trash', path.join(tmp.dir, 'not-in-library.jpg'));
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('is not in the library');

    const r = run('restore', copy, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).restored).toEqual([copy]);
    expect(fs.existsSync(copy)).toBe(true);
    expect(run('info', copy).code).toBe(0);
    expect(run('restore', copy).code).toBe(1); // nothing left to restore
  });

  it('the copies of a trashed keeper stay grouped, and a restored keeper is back in its group, without an index run', () => {
    // `loupe duplicates` lists as a reader and places nothing: trash and restore must leave the groups placed
    const listed = (): string[][] =>
      JSON.parse(run('duplicates', '--json').stdout).groups.map((g: { members: { path: string }[] }) => g.members.map((m) => m.path).sort());
    expect(listed()).toEqual([[original, copy, small].sort()]);
    expect(run('trash', original).code).toBe(0);
    expect(listed()).toEqual([[copy, small].sort()]);
    expect(run('restore', original).code).toBe(0);
    expect(listed()).toEqual([[original, copy, small].sort()]);
    expect(JSON.parse(run('duplicates', '--json').stdout).groups[0].keep).toBe(original);
  });

  it('a keeper the user chose is theirs again when it comes back from the trash', () => {
    const group = () => JSON.parse(run('duplicates', '--json').stdout).groups[0] as { keep: string; keepRule: string };
    expect(run('duplicates', '--keep', small).code).toBe(0);
    expect(group()).toMatchObject({ keep: small, keepRule: 'user' });
    expect(run('trash', small).code).toBe(0);
    expect(group().keepRule).not.toBe('user');
    expect(run('restore', small).code).toBe(0);
    expect(group()).toMatchObject({ keep: small, keepRule: 'user' });
  });
});
