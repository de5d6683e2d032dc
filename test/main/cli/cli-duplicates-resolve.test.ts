// `loupe duplicates --keep` and `--resolve-all` as a user runs them: the dry run trashes nothing and says what would
// go, a chosen keeper survives another index run, --skip leaves a group alone, --yes moves the rest to the
// (freedesktop, temporary) trash. Fixtures from test/fixtures/duplicates; the copies are made here.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../../helpers/fixtures.js';
import { runCli } from '../../helpers/run-cli.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/duplicates');
const OLD = new Date('2016-04-01T09:00:00Z');

describe('loupe duplicates --keep / --resolve-all', () => {
  const tmp = makeTempDir();
  const lib = path.join(tmp.dir, 'lib');
  const home = path.join(tmp.dir, 'home');
  const env = { XDG_DATA_HOME: path.join(tmp.dir, 'xdg') };
  const run = (...args: string[]) => runCli([...args, '--home', home], env);
  const p = (name: string): string => path.join(lib, name);

  beforeAll(async () => {
    fs.mkdirSync(lib, { recursive: true });
    for (const [from, to] of [['cold_water.jpg', 'IMG_2001.jpg'], ['new_wave_1.jpg', 'IMG_2002.jpg'], ['accordion_0004.jpg', 'IMG_2003.jpg']]) {
      fs.copyFileSync(path.join(FIXTURES, from), p(to));
      fs.utimesSync(p(to), OLD, OLD);
    }
    fs.copyFileSync(p('IMG_2001.jpg'), p('IMG_3001.jpg')); // a byte copy
    await sharp(p('IMG_2001.jpg')).resize(400).jpeg({ quality: 85 }).toFile(p('IMG_3002.jpg'));
    await sharp(p('IMG_2002.jpg')).grayscale().jpeg({ quality: 90 }).toFile(p('IMG_3003.jpg'));
    expect(run('add', lib).code).toBe(0);
    expect(run('index').code).toBe(0);
  }, 240_000);
  afterAll(() => tmp.cleanup());

  const groupsJson = () => JSON.parse(run('duplicates', '--json').stdout).groups as { id: number; level: string; keep: string; members: { path: string; level: string }[] }[];

  it('a dry run says how many copies and bytes would go and which rules decided, and trashes nothing', () => {
    const r = run('duplicates', '--resolve-all', '--json');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.dryRun).toBe(true);
    expect(plan.files).toBe(3);
    expect(plan.bytes).toBe(['IMG_3001.jpg', 'IMG_3002.jpg', 'IMG_3003.jpg'].reduce((n, f) => n + fs.statSync(p(f)).size, 0));
    expect(plan.groups.map((g: { keepPath: string }) => g.keepPath).sort()).toEqual([p('IMG_2001.jpg'), p('IMG_2002.jpg')]);
    expect(plan.byRule.reduce((n: number, r: { groups: number }) => n + r.groups, 0)).toBe(2);
    for (const f of ['IMG_3001.jpg', 'IMG_3002.jpg', 'IMG_3003.jpg']) expect(fs.existsSync(p(f))).toBe(true);
    // the byte copy is an identical copy inside a group of edits, in the CLI's listing too
    const cold = groupsJson().find((g) => g.keep === p('IMG_2001.jpg'))!;
    expect(cold.level).toBe('near');
    expect(cold.members.find((m) => m.path === p('IMG_3001.jpg'))!.level).toBe('exact');
    const text = run('duplicates', '--resolve-all');
    expect(text.stdout).toMatch(/Dry run: 3 copies/);
  });

  it('keeps the copy the user chose, also after the library is indexed again', () => {
    const r = run('duplicates', '--keep', p('IMG_3001.jpg'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).keep).toBe(p('IMG_3001.jpg'));
    fs.utimesSync(p('IMG_2003.jpg'), new Date(), new Date()); // something changed: the next index run has work
    expect(run('index').code).toBe(0);
    expect(groupsJson().find((g) => g.members.some((m) => m.path === p('IMG_2001.jpg')))!.keep).toBe(p('IMG_3001.jpg'));
    expect(run('duplicates', '--keep', p('nowhere.jpg')).code).toBe(1);
  });

  it('--yes cleans up every group but the skipped ones, keeping each keeper', () => {
    const skip = groupsJson().find((g) => g.keep === p('IMG_2002.jpg'))!.id;
    const r = run('duplicates', '--resolve-all', '--skip', String(skip), '--yes', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.trashed.sort()).toEqual([p('IMG_2001.jpg'), p('IMG_3002.jpg')].sort());
    expect(fs.existsSync(p('IMG_3001.jpg'))).toBe(true); // the keeper the user chose
    expect(fs.existsSync(p('IMG_2001.jpg'))).toBe(false);
    expect(fs.existsSync(p('IMG_3003.jpg'))).toBe(true); // its group was skipped
    expect(run('duplicates', '--resolve-all', '--skip', 'x').code).toBe(2);
  });

  it('puts back with one command all that a clean-up of several groups moved (restore --last)', () => {
    // what the last clean-up moved comes back
    expect(run('restore', '--last').code).toBe(0);
    for (const f of ['IMG_2001.jpg', 'IMG_3002.jpg']) expect(fs.existsSync(p(f))).toBe(true);
    // a clean-up of both groups, then one undo for both
    const r = run('duplicates', '--resolve-all', '--yes');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Undo with: loupe restore --last/);
    const gone = ['IMG_2001.jpg', 'IMG_3002.jpg', 'IMG_3003.jpg'];
    for (const f of gone) expect(fs.existsSync(p(f))).toBe(false);
    const back = run('restore', '--last', '--json');
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout).restored.sort()).toEqual(gone.map(p).sort());
    for (const f of gone) expect(fs.existsSync(p(f))).toBe(true);
    // nothing left to put back: said, not done
    const again = run('restore', '--last');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Nothing to restore/);
    expect(run('restore', '--last', p('IMG_2001.jpg')).code).toBe(2);
  });
});
