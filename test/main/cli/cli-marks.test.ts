// `loupe album` and `loupe mark` as a user runs them (the real bin), on photos drawn by the test.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawPhoto } from '../../helpers/drawn-photos.js';
import { makeTempDir } from '../../helpers/fixtures.js';
import { runCli } from '../../helpers/run-cli.js';

describe('loupe album / loupe mark', () => {
  const tmp = makeTempDir('loupe-cli-marks-');
  const lib = path.join(tmp.dir, 'lib');
  const env = { LOUPE_HOME: path.join(tmp.dir, 'home') };
  const a = path.join(lib, 'a.jpg');
  const b = path.join(lib, 'b.jpg');
  const json = (args: string[]): unknown => {
    const r = runCli([...args, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };

  beforeAll(async () => {
    await drawPhoto(a, 1);
    await drawPhoto(b, 2);
    expect(runCli(['add', lib], env).code).toBe(0);
    expect(runCli(['index'], env).code).toBe(0);
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('creates, fills, shows, renames and deletes an album', () => {
    expect(json(['album', 'create', '旅行 2024'])).toMatchObject({ album: { name: '旅行 2024', count: 0 } });
    expect(json(['album', 'add', '旅行 2024', a, b])).toMatchObject({ album: { count: 2 } });
    expect(json(['album', 'remove', '旅行 2024', b])).toMatchObject({ album: { count: 1 } });
    expect(json(['album', 'show', '旅行 2024'])).toMatchObject({ photos: [a] });
    expect(json(['album', 'rename', '旅行 2024', 'Trip'])).toMatchObject({ album: { name: 'Trip' } });
    expect(json(['album', 'list'])).toMatchObject({ albums: [{ name: 'Trip', count: 1 }] });
    expect(json(['mark', a])).toMatchObject({ photos: [{ path: a, albums: ['Trip'] }] });
    json(['album', 'delete', 'Trip']);
    expect(json(['album', 'list'])).toEqual({ albums: [] });
  });

  it('sets favourite, rating and label, and refuses what is not one', () => {
    expect(json(['mark', a, b, '--favourite', '--rating', '3', '--label', 'blue'])).toMatchObject({
      photos: [{ favourite: true, rating: 3, label: 'blue' }, { favourite: true, rating: 3, label: 'blue' }],
    });
    expect(json(['mark', b, '--unfavourite', '--label', 'none'])).toMatchObject({ photos: [{ favourite: false, rating: 3, label: null }] });
    expect(runCli(['mark', a, '--rating', '6'], env).code).toBe(2);
    expect(runCli(['mark', a, '--label', 'pink'], env).code).toBe(2);
    const missing = runCli(['mark', path.join(lib, 'nope.jpg'), '--favourite'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('is not in the library');
    expect(runCli(['album', 'show', 'Nothing'], env).code).toBe(1);
  });
});
