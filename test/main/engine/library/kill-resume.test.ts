import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caltechSample, copyPhotos, makeTempDir, TEST_PHOTOS, waitFor } from '../../../helpers/fixtures.js';
import { LOUPE_BIN, runCli } from '../../../helpers/run-cli.js';

describe('kill -9 in the middle of `loupe index`, then run it again', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let home: string;
  let total: number;

  beforeAll(() => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    home = path.join(tmp.dir, 'home');
    const hires = fs.readdirSync(path.join(TEST_PHOTOS, 'hires')).map((f) => path.join('hires', f));
    copyPhotos(hires, path.join(lib, 'hires'));
    copyPhotos(caltechSample(['airplanes', 'Motorbikes', 'watch', 'sunflower'], 8), path.join(lib, 'small'));
    total = hires.length + 32;
    expect(runCli(['add', lib, '--home', home]).code).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  it('loses no committed work, and the next run finishes exactly what was left', async () => {
    const child = spawn(process.execPath, [LOUPE_BIN, 'index', '--json', '--home', home], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const dbPath = path.join(home, 'catalog.sqlite');
    const doneCount = (): number => {
      if (!fs.existsSync(dbPath)) return 0;
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        return (db.prepare("SELECT COUNT(*) AS n FROM file_stages WHERE stage = 'analyze'").get() as { n: number }).n;
      } catch {
        return 0; // schema not created yet
      } finally {
        db.close();
      }
    };
    await waitFor(() => doneCount() >= 3, 60_000, 'a few files to be analysed');
    child.kill('SIGKILL');
    await exited;

    const db = new Database(path.join(home, 'catalog.sqlite'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const committed = db
      .prepare("SELECT file_id, done_at FROM file_stages WHERE stage = 'analyze' ORDER BY file_id")
      .all() as { file_id: number; done_at: number }[];
    db.close();
    expect(committed.length).toBeGreaterThanOrEqual(3);
    expect(committed.length).toBeLessThan(total); // it really was interrupted

    const resumed = runCli(['index', '--json', '--home', home]);
    expect(resumed.code).toBe(0);
    const summary = JSON.parse(resumed.stdout);
    expect(summary.failed).toEqual([]);

    const after = new Database(path.join(home, 'catalog.sqlite'), { readonly: true });
    const files = after.prepare('SELECT path, state FROM files').all() as { path: string; state: string }[];
    const stages = after
      .prepare("SELECT file_id, done_at FROM file_stages WHERE stage = 'analyze'")
      .all() as { file_id: number; done_at: number }[];
    after.close();
    expect(files).toHaveLength(total);
    expect(new Set(files.map((f) => f.path)).size).toBe(total);
    expect(files.every((f) => f.state === 'ready')).toBe(true);
    // Work committed before the kill was kept as it was, not redone.
    const doneAt = new Map(stages.map((s) => [s.file_id, s.done_at]));
    for (const c of committed) expect(doneAt.get(c.file_id)).toBe(c.done_at);
  }, 180_000);
});
