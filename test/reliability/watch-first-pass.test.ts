// `loupe watch` must not miss photos that arrive while its first (catch-up) pass runs.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, waitFor } from '../helpers/fixtures.js';
import { LOUPE_BIN, runCli } from '../helpers/run-cli.js';
import { makePhoto, makePhotos } from './make-photos.js';

describe('loupe watch, first pass', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let home: string;

  beforeAll(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    home = path.join(tmp.dir, 'home');
    await makePhotos(lib, 16);
    expect(runCli(['add', lib, '--home', home]).code).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  it('catalogues every photo copied in during the catch-up scan', async () => {
    const child = spawn(process.execPath, [LOUPE_BIN, 'watch', '--json', '--home', home]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    // Photos keep arriving until the first pass has ended: some land before its scan, some during processing.
    let added = 0;
    while (!out.includes('"event":"indexed"')) {
      await makePhoto(path.join(lib, 'incoming', `new-${added}.jpg`), 1000 + added);
      added++;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(added).toBeGreaterThan(2);
    const total = 16 + added;
    const files = () => JSON.parse(runCli(['status', '--json', '--home', home]).stdout).files as number;
    await waitFor(() => files() === total, 90_000, `all ${total} photos to be catalogued`);
    child.kill('SIGINT');
    expect(await new Promise((resolve) => child.on('exit', resolve)), err).toBe(0);
    expect(files()).toBe(total);
  }, 240_000);
});
