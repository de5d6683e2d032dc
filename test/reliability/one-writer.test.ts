// One writer per library, with real processes: two `loupe index` at once, `loupe watch` beside `loupe index`,
// a reading command during an index, a lock left by a killed process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, waitFor } from '../helpers/fixtures.js';
import { LOUPE_BIN, runCli, runCliAsync } from '../helpers/run-cli.js';
import { makePhotos } from './make-photos.js';

const N = 10;

describe('one writer per library', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let home: string;

  beforeAll(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    home = path.join(tmp.dir, 'home');
    await makePhotos(lib, N);
    expect(runCli(['add', lib, '--home', home]).code).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  const status = () => JSON.parse(runCli(['status', '--json', '--home', home]).stdout) as { files: number; pending: number; failed: unknown[] };

  it('two `index` runs at once: the second waits and says for whom; no file failed, every file ready', async () => {
    const first = runCliAsync(['index', '--json', '--home', home]);
    // Opening the library takes the lock for a moment ('opening') before the run takes it for indexing: wait for that.
    const lockFile = path.join(home, 'loupe.lock');
    const activity = (): string | null => {
      try {
        return (JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { activity: string }).activity;
      } catch {
        return null; // not there yet, or being written
      }
    };
    await waitFor(() => activity() === 'indexing', 60_000, 'the first index to take the lock for indexing');
    const holder = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
    expect(holder).toMatchObject({ host: os.hostname(), command: 'loupe index', activity: 'indexing' });
    // A reading command during the run neither waits nor fails (and does not write: it cannot take the lock).
    const dup = runCli(['duplicates', '--json', '--home', home]);
    expect(dup.code, dup.stderr).toBe(0);
    const second = runCliAsync(['index', '--json', '--home', home]);
    const [a, b] = await Promise.all([first, second]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(new RegExp(`Waiting: another Loupe \\(pid ${holder.pid}, \`loupe index\`\\) is indexing this library`));
    expect(JSON.parse(a.stdout).failed).toEqual([]);
    expect(JSON.parse(b.stdout)).toMatchObject({ added: 0, failed: [] });
    expect(status()).toMatchObject({ files: N, pending: 0, failed: [] });
    expect(fs.existsSync(path.join(home, 'loupe.lock'))).toBe(false);
  }, 300_000);

  it('a writer that will not wait says clearly who holds the library', () => {
    // This test process stands in for a live Loupe holding the lock.
    const lock = { pid: process.pid, host: os.hostname(), command: 'loupe index', activity: 'indexing', since: new Date().toISOString() };
    fs.writeFileSync(path.join(home, 'loupe.lock'), JSON.stringify(lock));
    try {
      const r = runCli(['index', '--home', home], { LOUPE_LOCK_WAIT_MS: '300' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`another Loupe (pid ${process.pid}, \`loupe index\`) is indexing this library`);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      // Reading commands still work.
      expect(runCli(['status', '--json', '--home', home]).code).toBe(0);
    } finally {
      fs.rmSync(path.join(home, 'loupe.lock'), { force: true });
    }
  });

  it('a lock left by a killed process is stale: the next writer takes it over', () => {
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid!;
    return new Promise<void>((resolve) => child.on('exit', () => resolve())).then(() => {
      const lock = { pid: deadPid, host: os.hostname(), command: 'loupe index', activity: 'indexing', since: new Date().toISOString() };
      fs.writeFileSync(path.join(home, 'loupe.lock'), JSON.stringify(lock));
      const r = runCli(['index', '--json', '--home', home], { LOUPE_LOCK_WAIT_MS: '2000' });
      expect(r.code, r.stderr).toBe(0);
      expect(fs.existsSync(path.join(home, 'loupe.lock'))).toBe(false);
    });
  }, 120_000);

  it('`watch` beside `index`: both finish, nothing crashed, every file catalogued once and ready', async () => {
    await makePhotos(lib, 6, 100);
    const watch = spawn(process.execPath, [LOUPE_BIN, 'watch', '--json', '--home', home]);
    let out = '';
    let err = '';
    watch.stdout.on('data', (d) => (out += d));
    watch.stderr.on('data', (d) => (err += d));
    const index = runCliAsync(['index', '--json', '--home', home]);
    await waitFor(() => out.includes('"event":"watching"'), 120_000, 'the watcher to start');
    await makePhotos(lib, 3, 200); // while both run
    const r = await index;
    expect(r.code, r.stderr).toBe(0);
    await waitFor(() => status().files === N + 9 && status().pending === 0, 120_000, 'all photos catalogued');
    watch.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => watch.on('exit', (c) => resolve(c)));
    expect(code, err).toBe(0);
    expect(err).not.toMatch(/\n\s+at |SqliteError|UNIQUE constraint|database is locked/);
    expect(status()).toMatchObject({ files: N + 9, pending: 0, failed: [] });
  }, 300_000);
});
