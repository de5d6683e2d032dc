// `loupe index` stopped with Ctrl-C (SIGINT: the job's own cancel) once it has catalogued the new photos, then run
// again: the second run says it added them, in text and in --json (it said "0 added", and they were in no count).
// Real processes, a real catalog; the stop comes as soon as the catalog holds the new photos, in the quick pass.
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caltechSample, copyPhotos, makeTempDir, waitFor } from '../../helpers/fixtures.js';
import { LOUPE_BIN, runCli } from '../../helpers/run-cli.js';

/** How many photos the catalog holds, read straight from its file, read-only, while another process writes it. */
function cataloguedIn(home: string): number {
  try {
    const db = new Database(path.join(home, 'catalog.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not made yet, or the table not yet there
  }
}

/** `loupe index [--json]`, interrupted as the user presses Ctrl-C once `photos` are catalogued. */
async function indexStoppedAt(home: string, photos: number, json: boolean): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [LOUPE_BIN, 'index', ...(json ? ['--json'] : []), '--home', home]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await waitFor(() => cataloguedIn(home) >= photos, 120_000, `${photos} photos catalogued`);
  child.kill('SIGINT');
  return { code: await exited, stdout, stderr };
}

describe('`loupe index` stopped after cataloguing new photos, then run again', () => {
  const tmp = makeTempDir();
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');

  beforeAll(() => {
    copyPhotos(caltechSample(['Motorbikes'], 6), lib);
    expect(runCli(['add', lib, '--home', home]).code).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  it('says in text what the stopped run added', async () => {
    const stopped = await indexStoppedAt(home, 6, false);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain('Stopped.');
    const again = runCli(['index', '--quick', '--home', home]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Indexed 6 photo file\(s\) in [\d.]+ s: 6 added, 0 updated/);
  }, 300_000);

  it('and in --json', async () => {
    copyPhotos(caltechSample(['airplanes'], 4), path.join(lib, 'more'));
    const stopped = await indexStoppedAt(home, 10, true);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ stopped: true });
    const again = runCli(['index', '--quick', '--json', '--home', home]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 4, unchanged: 6, removed: 0 });
  }, 300_000);
});
