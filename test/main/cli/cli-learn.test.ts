import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, REPO_ROOT } from '../../helpers/fixtures.js';
import { runCli } from '../../helpers/run-cli.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'learn');
/** photo01-07 sunflowers, 08-10 motorbikes, 11-13 airplanes, 14-15 pizza, 16-17 chairs (the fixtures' README) */
const CLASSES: [string, number[]][] = [
  ['sunflower', [1, 2, 3, 4, 5, 6, 7]],
  ['Motorbikes', [8, 9, 10]],
  ['airplanes', [11, 12, 13]],
  ['pizza', [14, 15]],
  ['chair', [16, 17]],
];
const file = (n: number) => `photo${String(n).padStart(2, '0')}.jpg`;

describe('loupe learn and loupe eval learn (JSON contracts, real models, real catalog)', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let home: string;
  const photo = (n: number) => path.join(lib, file(n));
  const json = (args: string[]) => {
    const r = runCli([...args, '--json', '--home', home]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };

  beforeAll(() => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    home = path.join(tmp.dir, 'home');
    fs.mkdirSync(lib);
    for (let n = 1; n <= 17; n++) fs.copyFileSync(path.join(FIXTURES, file(n)), photo(n));
    expect(runCli(['add', lib, '--home', home]).code).toBe(0);
    expect(runCli(['index', '--home', home]).code).toBe(0);
  }, 240_000);
  afterAll(() => tmp.cleanup());

  it('learn <tag> --add ... --not ... --json answers the contract, and search finds the tagged photos', () => {
    const out = json(['learn', 'sunflower', '--add', photo(1), photo(2), photo(3), photo(4), '--not', photo(8)]);
    expect(Object.keys(out).sort()).toEqual(['cv', 'negatives', 'positives', 'tag', 'tagged', 'threshold']);
    expect(Object.keys(out.cv).sort()).toEqual(['f1', 'precision', 'recall']);
    expect(out).toMatchObject({ tag: 'sunflower', positives: 4 });
    expect(out.negatives).toBeGreaterThanOrEqual(1);
    expect(out.threshold).toBeGreaterThan(0);
    expect(out.threshold).toBeLessThan(1);
    const found = json(['search', 'sunflower']).results.map((r: { path: string }) => r.path);
    expect(found).toHaveLength(out.tagged);
    for (const n of [1, 2, 3, 4]) expect(found).toContain(photo(n));
    expect(found).not.toContain(photo(8));
    for (const p of found) expect([1, 2, 3, 4, 5, 6, 7].map(photo)).toContain(p);
  });

  it('--suggest -k N lists unconfirmed photos with a score; --list and --threshold report the tag', () => {
    const { suggestions } = json(['learn', 'sunflower', '--suggest', '-k', '3']);
    expect(suggestions).toHaveLength(3);
    for (const s of suggestions) {
      expect(Object.keys(s).sort()).toEqual(['path', 'score']);
      expect([1, 2, 3, 4, 8].map(photo)).not.toContain(s.path);
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(1);
    }
    const { tags } = json(['learn', '--list']);
    expect(tags.map((t: { tag: string }) => t.tag)).toEqual(['sunflower']);
    const strict = json(['learn', 'sunflower', '--threshold', '0.98']);
    expect(strict.threshold).toBe(0.98);
    expect(strict.tagged).toBeGreaterThanOrEqual(4);
    // the user's threshold is kept by retrains (and said so) until `auto` gives the choice back to Loupe
    expect(runCli(['learn', 'sunflower', '--retrain', '--home', home]).stdout).toContain('at threshold 0.98 (yours');
    const auto = json(['learn', 'sunflower', '--threshold', 'auto']);
    expect(auto.threshold).not.toBe(0.98);
    expect(runCli(['learn', 'sunflower', '--home', home]).stdout).not.toContain('(yours');
  });

  it('bad input: a clear message each, exit 1, nothing trained', () => {
    const few = runCli(['learn', 'pizza', '--add', photo(14), photo(15), '--home', home]);
    expect(few.code).toBe(1);
    expect(few.stderr).toMatch(/"pizza" needs at least 3 example photos.*it has 2/);
    const outside = runCli(['learn', 'pizza', '--add', photo(14), photo(15), path.join(tmp.dir, 'nowhere.jpg'), '--home', home]);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain(`${path.join(tmp.dir, 'nowhere.jpg')} is not in the library: there is no such file.`);
    // a photo put in a library folder but not indexed yet is told to run `loupe index` (trial 13)
    fs.copyFileSync(photo(14), path.join(lib, 'new.jpg'));
    const unindexed = runCli(['learn', 'pizza', '--add', photo(14), photo(15), path.join(lib, 'new.jpg'), '--not', path.join(lib, 'gone.jpg'), '--home', home]);
    fs.rmSync(path.join(lib, 'new.jpg'));
    expect(unindexed.code).toBe(1);
    // every bad path at once, each with what to do
    expect(unindexed.stderr).toContain('2 photos cannot be examples:');
    expect(unindexed.stderr).toContain(`  ${path.join(lib, 'new.jpg')} is not in the library yet: its folder is, but it has not been indexed (run \`loupe index\`).`);
    expect(unindexed.stderr).toContain(`  ${path.join(lib, 'gone.jpg')} is not in the library: there is no such file.`);
    const both = runCli(['learn', 'pizza', '--add', photo(14), photo(15), photo(16), '--not', photo(16), '--home', home]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('photo16.jpg is given both as an example and as a counter-example');
    expect(runCli(['learn', '--add', photo(1), '--home', home]).code).toBe(2);
    // a photo said the opposite of before: a change of mind, done, and said (not silently)
    const flipped = runCli(['learn', 'sunflower', '--add', photo(8), '--json', '--home', home]);
    expect(flipped.code).toBe(0);
    expect(flipped.stderr).toContain(`note: ${photo(8)} was a counter-example of "sunflower"; it is an example now.`);
    expect(JSON.parse(flipped.stdout).positives).toBe(5);
    const back = runCli(['learn', 'sunflower', '--not', photo(8), '--home', home]);
    expect(back.stderr).toContain(`note: ${photo(8)} was an example of "sunflower"; it is a counter-example now.`);
    expect(runCli(['learn', 'sunflower', '--not', photo(8), '--home', home]).stderr).toBe(''); // nothing changed: nothing said
    expect(json(['learn', '--list']).tags.map((t: { tag: string }) => t.tag)).toEqual(['sunflower']);
  });

  it('--export then --delete (hand tags stay) then --import brings it back', () => {
    const exported = path.join(tmp.dir, 'sunflower.json');
    json(['learn', 'sunflower', '--export', exported]);
    // the model and its examples' raw features (so another library can retrain it): about 11 KB an example
    const file = JSON.parse(fs.readFileSync(exported, 'utf8')) as { examples: unknown[] };
    expect(file.examples.length).toBeGreaterThanOrEqual(3);
    expect(fs.statSync(exported).size).toBeLessThan(15_000 * file.examples.length);
    expect(runCli(['tag', photo(16), '--add', 'sunflower', '--home', home]).code).toBe(0);
    const gone = json(['learn', '--delete', 'sunflower']);
    expect(gone.untagged).toBeGreaterThanOrEqual(4);
    expect(json(['search', 'sunflower']).results.map((r: { path: string }) => r.path)).toEqual([photo(16)]);
    const back = json(['learn', '--import', exported]);
    expect(back.tag).toBe('sunflower');
    expect(json(['learn', '--list']).tags).toHaveLength(1);
  });

  it('eval learn <folder> --examples K --json: per tag P/R/F1 on the photos that were not examples', () => {
    const labelled = path.join(tmp.dir, 'labelled');
    for (const [cls, ns] of CLASSES) {
      fs.mkdirSync(path.join(labelled, cls), { recursive: true });
      for (const n of ns) fs.copyFileSync(path.join(FIXTURES, file(n)), path.join(labelled, cls, file(n)));
    }
    // 5 of the 7 sunflowers taught, 2 left to find among 12 other photos. On a library this small one photo moves
    // every figure: with 3 examples the seeded draw (photos 1, 4, 6) left all 4 others under the tag's cut since
    // find-similar's CenterNet features come from block 13 (recipe 2), though find-similar ranks them first; with
    // 4 or 5 it was the other way round before. The quality of learned tags is measured by bench/learn-caltech.ts.
    const r = runCli(['eval', 'learn', labelled, '--examples', '5', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.examples).toBe(5);
    expect(out.images).toBe(17);
    expect(out.tags.map((t: { tag: string }) => t.tag)).toEqual(['sunflower']);
    const s = out.tags[0];
    expect(s.support).toBe(2);
    expect(s.precision).toBeGreaterThan(0.5);
    expect(s.recall).toBeGreaterThan(0);
    expect(out.skipped.sort()).toEqual(['Motorbikes', 'airplanes', 'chair', 'pizza']);
  }, 240_000);
});
