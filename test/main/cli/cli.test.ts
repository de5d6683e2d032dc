import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caltechSample, copyPhotos, makeTempDir } from '../../helpers/fixtures.js';
import { LOUPE_BIN, runCli } from '../../helpers/run-cli.js';

describe('loupe CLI (the real bin, as a user runs it)', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let home: string;

  beforeAll(() => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    home = path.join(tmp.dir, 'home');
    copyPhotos(caltechSample(['ant', 'chair'], 2), lib);
    fs.writeFileSync(path.join(lib, 'broken.jpg'), 'this is not a photo');
  });
  afterAll(() => tmp.cleanup());

  it('add, index --json, status --json and info --json follow the JSON contract with absolute paths', () => {
    const add = runCli(['add', lib, '--home', home]);
    expect(add.code).toBe(0);
    expect(add.stdout).toContain(lib);

    const index = runCli(['index', '--json', '--home', home]);
    expect(index.code).toBe(0); // per-file failures are not a failed run
    const summary = JSON.parse(index.stdout);
    expect(Object.keys(summary).sort()).toEqual(['added', 'failed', 'moved', 'movedChanged', 'removed', 'seconds', 'unchanged', 'updated']);
    expect(summary.added).toBe(5);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0].path).toBe(path.join(lib, 'broken.jpg'));
    expect(summary.failed[0].reason).toMatch(/\S/);
    expect(typeof summary.seconds).toBe('number');

    const status = JSON.parse(runCli(['status', '--json'], { LOUPE_HOME: home }).stdout);
    expect(status.folders.map((f: { path: string }) => f.path)).toEqual([lib]);
    expect(status.files).toBe(4);
    expect(status.pending).toBe(0);
    expect(status.failed).toEqual(summary.failed);

    const photo = path.join(lib, fs.readdirSync(lib).find((f) => f.endsWith('.jpg') && f !== 'broken.jpg')!);
    const info = runCli(['info', photo, '--json', '--home', home]);
    expect(info.code).toBe(0);
    const record = JSON.parse(info.stdout);
    expect(record.path).toBe(photo);
    expect(path.isAbsolute(record.thumbnails.small)).toBe(true);
    expect(record.format).toBe('jpeg');
    expect(record.width).toBeGreaterThan(0);
  });

  it('prints human output by default', () => {
    const status = runCli(['status', '--home', home]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/4 indexed, 0 pending, 1 failed/);
    expect(status.stdout).toContain('broken.jpg');
  });

  it('says why a photo that could not be read has no similar photos (its reason, not "not indexed yet")', () => {
    const similar = runCli(['similar', path.join(lib, 'broken.jpg'), '--home', home]);
    expect(similar.code).not.toBe(0);
    const reason = (JSON.parse(runCli(['status', '--json', '--home', home]).stdout) as { failed: { reason: string }[] }).failed[0].reason;
    expect(similar.stderr).toContain(`broken.jpg could not be indexed: ${reason}`);
    expect(similar.stderr).not.toMatch(/yet/);
  });

  it('stops quietly when the program reading its output goes away (`loupe status | head -1`)', async () => {
    // the reading end is closed before the command writes: its write fails with EPIPE
    const child = spawn(process.execPath, [LOUPE_BIN, 'status', '--home', home], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('exits 2 on usage errors and 1 on failures, with a message naming the problem', () => {
    expect(runCli([]).code).toBe(2);
    const unknown = runCli(['frobnicate', '--home', home]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const badFlag = runCli(['index', '--bogus', '--home', home]);
    expect(badFlag.code).toBe(2);
    expect(runCli(['add', '--home', home]).code).toBe(2);
    const missing = runCli(['add', path.join(tmp.dir, 'no-such-folder'), '--home', home]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no-such-folder');
    const notCatalogued = runCli(['info', path.join(tmp.dir, 'x.jpg'), '--home', home]);
    expect(notCatalogued.code).toBe(1);
    expect(notCatalogued.stderr).toContain(`${path.join(tmp.dir, 'x.jpg')} is not in the library`);
  });

  it('every command that takes a library photo says the same when a path is not one, and changes nothing', () => {
    // a real file in no library folder, and a path relative to the cwd: both named absolutely in the message
    const outside = path.join(tmp.dir, 'outside.jpg');
    fs.copyFileSync(path.join(lib, fs.readdirSync(lib).find((f) => f !== 'broken.jpg')!), outside);
    for (const args of [['tags', outside], ['tag', outside, '--add', 'x'], ['place', outside, '--set', 'Paris'], ['mark', outside, '--favourite'], ['duplicates', '--keep', outside]]) {
      const r = runCli([...args, '--home', home]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toContain(`${outside} is not in the library (is its folder added and indexed?)`);
    }
    const relative = runCli(['info', 'nowhere.jpg', '--home', home], {}, tmp.dir);
    expect(relative.code).toBe(1);
    expect(relative.stderr).toContain(`${path.join(tmp.dir, 'nowhere.jpg')} is not in the library`);
    expect(JSON.parse(runCli(['status', '--json', '--home', home]).stdout).files).toBe(4);
  });
});
