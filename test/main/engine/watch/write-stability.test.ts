import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteStability } from '../../../../src/main/engine/watch/write-stability.js';
import { makeTempDir, waitFor } from '../../../helpers/fixtures.js';

describe('WriteStability holds a file back until it has stopped growing', () => {
  let tmp: { dir: string; cleanup: () => void };
  let stable: { file: string; size: number }[];
  let folders: string[];
  let ws: WriteStability;

  beforeEach(() => {
    tmp = makeTempDir();
    stable = [];
    folders = [];
    ws = new WriteStability(1000, (file) => stable.push({ file, size: fs.statSync(file).size }), (dir) => folders.push(dir));
  });
  afterEach(async () => {
    await ws.close();
    tmp.cleanup();
  });

  it('hands on a file copied in steps once, at its whole size', async () => {
    const file = path.join(tmp.dir, 'copying.jpg');
    const chunk = Buffer.alloc(64 * 1024, 7);
    for (let i = 0; i < 6; i++) {
      fs.appendFileSync(file, chunk); // a slow copy: it grows, with pauses shorter than the quiet time
      ws.touch(file);
      await new Promise((r) => setTimeout(r, 400));
      expect(stable).toEqual([]);
    }
    await waitFor(() => stable.length > 0, 10_000, 'the file to settle');
    await waitFor(() => !ws.busy, 10_000, 'nothing left waiting');
    expect(stable).toEqual([{ file, size: 6 * chunk.length }]);
  });

  it('tells a folder apart, and drops a file that vanished while it waited', async () => {
    const dir = path.join(tmp.dir, 'DCIM');
    fs.mkdirSync(dir);
    const gone = path.join(tmp.dir, 'gone.jpg');
    fs.writeFileSync(gone, 'x');
    ws.touch(dir);
    ws.touch(gone);
    fs.unlinkSync(gone);
    await waitFor(() => !ws.busy, 10_000, 'nothing left waiting');
    expect(folders).toEqual([dir]);
    expect(stable).toEqual([]);
  });
});
