// `loupe date` as a user runs it (the real bin, a real catalog, the real index): a date set or shifted by hand is kept
// through `loupe index` after the file is touched, edited in place or moved; search by date follows it; a bad date,
// an offset that leaves 1826..tomorrow, or a file outside the library changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawPhoto } from '../../helpers/drawn-photos.js';
import { withGps } from '../../helpers/exif-gps.js';
import { makeTempDir } from '../../helpers/fixtures.js';
import { runCli } from '../../helpers/run-cli.js';
import type { PhotoDate } from '../../../src/shared/date-types.js';

describe('loupe date', () => {
  const tmp = makeTempDir('loupe-cli-dates-');
  const lib = path.join(tmp.dir, 'lib');
  const env = { LOUPE_HOME: path.join(tmp.dir, 'home'), XDG_DATA_HOME: path.join(tmp.dir, 'xdg') };
  const a = path.join(lib, 'a.jpg'); // camera date 2019-05-04 10:00
  const b = path.join(lib, 'b.jpg'); // no date but its file's time, 2021-03-10
  const c = path.join(lib, 'c.jpg'); // camera date 2018-01-02 12:00
  const ok = (args: string[]) => {
    const r = runCli(args, env);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };
  const dates = (...args: string[]): PhotoDate[] => (JSON.parse(ok(['date', ...args, '--json'])) as { dates: PhotoDate[] }).dates;
  const found = (query: string): string[] =>
    (JSON.parse(ok(['search', query, '--json'])) as { results: { path: string }[] }).results.map((r) => path.basename(r.path)).sort();
  const withDate = async (file: string, seed: number, dateTimeOriginal: string) => {
    await drawPhoto(file, seed);
    fs.writeFileSync(file, withGps(fs.readFileSync(file), { lat: 48.8584, lon: 2.2945, dateTimeOriginal }));
  };

  beforeAll(async () => {
    await withDate(a, 1, '2019:05:04 10:00:00');
    await drawPhoto(b, 2);
    fs.utimesSync(b, new Date(2021, 2, 10, 12), new Date(2021, 2, 10, 12));
    await withDate(c, 3, '2018:01:02 12:00:00');
    ok(['add', lib]);
    ok(['index']);
  }, 180_000);
  afterAll(() => tmp.cleanup());

  it('shows each date and where it came from; a date from the file\'s time is a guess', () => {
    expect(dates(a, b)).toMatchObject([
      { path: a, takenAt: '2019-05-04T10:00:00', source: 'exif', guessed: false },
      { path: b, takenAt: '2021-03-10T12:00:00', source: 'mtime', guessed: true },
    ]);
    expect(ok(['date', b])).toContain("from the file's time: a guess");
  });

  it('shifts a selection, sets a date, and search by date follows the new dates', () => {
    expect(dates(a, c, '--shift', '+1h')).toMatchObject([
      { takenAt: '2019-05-04T11:00:00', source: 'user', ownTakenAt: '2019-05-04T10:00:00', ownSource: 'exif' },
      { takenAt: '2018-01-02T13:00:00', source: 'user', ownTakenAt: '2018-01-02T12:00:00' },
    ]);
    // a negative offset after a space, as people type it
    expect(dates(c, '--shift', '-2d')).toMatchObject([{ takenAt: '2017-12-31T13:00:00', source: 'user' }]);
    expect(found('2017-12')).toEqual(['c.jpg']);
    expect(found('2018-01')).toEqual([]);

    expect(found('2021-03')).toEqual(['b.jpg']);
    expect(dates(b, '--set', '2019-05-12 14:30')).toMatchObject([{ takenAt: '2019-05-12T14:30:00', source: 'user', guessed: false }]);
    expect(found('2019-05')).toEqual(['a.jpg', 'b.jpg']);
    expect(found('2021-03')).toEqual([]);
  });

  it('keeps the dates set by hand through loupe index after the file is touched, edited in place or moved', async () => {
    fs.utimesSync(b, new Date(2024, 0, 1), new Date(2024, 0, 1)); // touched
    await withDate(a, 4, '2019:05:04 10:00:00'); // edited in place: new bytes, the same camera date
    const moved = path.join(lib, 'moved', 'c.jpg');
    fs.mkdirSync(path.dirname(moved));
    fs.renameSync(c, moved);
    ok(['index']);
    expect(dates(a, b, moved)).toMatchObject([
      { takenAt: '2019-05-04T11:00:00', source: 'user' },
      { takenAt: '2019-05-12T14:30:00', source: 'user' },
      { takenAt: '2017-12-31T13:00:00', source: 'user' },
    ]);
    fs.renameSync(moved, c);
    ok(['index']);
  }, 180_000);

  it('refuses a bad date, an offset that leaves the plausible range, a file outside the library: nothing changes', () => {
    const before = dates(a, b, c);
    const bad = runCli(['date', a, '--set', '2019-02-30'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"2019-02-30" is not a date');
    expect(runCli(['date', a, '--set', '1800-01-01'], env).stderr).toContain('before 1826 or in the future');
    expect(runCli(['date', a, '--shift', 'soon'], env).stderr).toContain('"soon" is not an offset');
    // c would land before 1826: a, valid alone, is not shifted either
    expect(dates(c, '--set', '1830-06-01')).toMatchObject([{ takenAt: '1830-06-01T00:00:00' }]);
    const far = runCli(['date', a, c, '--shift', '-5y'], env);
    expect(far.code).toBe(1);
    expect(far.stderr).toContain(`would put ${c}`);
    const outside = runCli(['date', a, path.join(tmp.dir, 'nowhere.jpg'), '--shift', '+1d'], env);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('is not in the library');
    expect(runCli(['date', a, '--set', '2019-01-01', '--clear'], env).code).toBe(2);
    expect(dates(a, b)).toEqual(before.slice(0, 2));
  });

  it('keeps a hand-set date through the trash and back (loupe trash, loupe restore)', () => {
    expect(runCli(['trash', b], env).code).toBe(0);
    expect(fs.existsSync(b)).toBe(false);
    const back = runCli(['restore', '--last'], env);
    expect(back.code, back.stderr).toBe(0);
    expect(dates(b)).toMatchObject([{ takenAt: '2019-05-12T14:30:00', source: 'user', ownSource: 'mtime' }]);
  });

  it('clears a hand-set date back to the photo\'s own', () => {
    expect(dates(a, '--clear')).toMatchObject([{ takenAt: '2019-05-04T10:00:00', source: 'exif', ownSource: 'exif' }]);
    expect(found('2019-05')).toEqual(['a.jpg', 'b.jpg']);
    expect(found('2019-05-04')).toEqual(['a.jpg']);
  });
});
