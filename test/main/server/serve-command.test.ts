import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRendererDir } from '../../../src/main/server/server.js';
import { makeTempDir } from '../../helpers/fixtures.js';
import { LOUPE_BIN } from '../../helpers/run-cli.js';

// `loupe serve` as a user runs it (bin/loupe.js -> dist/cli.js). It serves out/renderer, which `npm run build`
// makes; without it the command must say so (that case is tested in-process in server.test.ts).
const built = fs.existsSync(path.join(defaultRendererDir(), 'index.html'));

describe('loupe serve (the real command)', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeAll(() => (tmp = makeTempDir()));
  afterAll(() => tmp.cleanup());

  it.skipIf(!built)('prints a tokened 127.0.0.1 URL, serves the page to it, and stops cleanly on SIGINT', async () => {
    const child = spawn(process.execPath, [LOUPE_BIN, 'serve', '--home', path.join(tmp.dir, 'home')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}/.exec(stdout);
        if (m) resolve(m[0]);
      });
      child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    const login = await fetch(url, { redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const page = await fetch(new URL('/', url), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    const status = await fetch(new URL('/api/status', url), { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '[]' });
    expect(await status.json()).toMatchObject({ ok: true, value: { engineReady: true, folderCount: 0 } });
    expect((await fetch(new URL('/', url))).status).toBe(401);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
  }, 60_000);

  it('refuses a bad --port with a usage error', async () => {
    const child = spawn(process.execPath, [LOUPE_BIN, 'serve', '--port', 'eighty', '--home', path.join(tmp.dir, 'home2')]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be a number');
  });
});
