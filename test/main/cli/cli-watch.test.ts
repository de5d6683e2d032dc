import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caltechSample, copyPhotos, makeTempDir, TEST_PHOTOS, waitFor } from '../../helpers/fixtures.js';
import { LOUPE_BIN, runCli } from '../../helpers/run-cli.js';

describe('loupe watch', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let home: string;

  beforeAll(() => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    home = path.join(tmp.dir, 'home');
    copyPhotos(caltechSample(['pagoda'], 2), lib);
    expect(runCli(['add', lib, '--home', home]).code).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  it('catches up on start, reports live changes as JSON lines, and stops cleanly on SIGINT', async () => {
    const child = spawn(process.execPath, [LOUPE_BIN, 'watch', '--json', '--home', home]);
    const events: Record<string, unknown>[] = [];
    let buffer = '';
    child.stdout.on('data', (d) => {
      buffer += d;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const l of lines) if (l.trim()) events.push(JSON.parse(l));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    await waitFor(() => events.some((e) => e.event === 'watching'), 60_000, 'the watcher to start');
    expect(events[0]).toMatchObject({ event: 'indexed', added: 2 });

    fs.copyFileSync(path.join(TEST_PHOTOS, caltechSample(['pyramid'], 1)[0]), path.join(lib, 'new.jpg'));
    await waitFor(() => events.some((e) => e.event === 'changed' && e.added === 1), 30_000, 'the new photo');

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const status = JSON.parse(runCli(['status', '--json', '--home', home]).stdout);
    expect(status.files).toBe(3);
  }, 120_000);
});
