// No network, proven: `loupe index`, `loupe serve` and a page load in Chromium run under strace, which records every
// network system call of every process and thread (the CLI, the model process, Chromium's processes). Any connect,
// sendto or sendmsg to an address that is not the loopback fails the test. onnxruntime's telemetry client calls out
// about 9 s after its first session, so the server is kept running well past that.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/fixtures.js';
import { LOUPE_BIN, runCli } from '../helpers/run-cli.js';
import { makePhotos } from './make-photos.js';

const CHROMIUM = '/usr/bin/chromium';
const TRACE = ['-f', '-qq', '-e', 'trace=connect,sendto,sendmsg,bind'];
const hasStrace = spawnSync('strace', ['-V']).status === 0;

/** Network calls in an strace log that reach another machine (anything but 127.0.0.0/8 and ::1). */
export function outsideCalls(log: string): string[] {
  return log.split('\n').filter((l) => {
    if (!/\b(connect|sendto|sendmsg)\(/.test(l) || !/AF_INET6?\b/.test(l)) return false;
    const v4 = /inet_addr\("([\d.]+)"\)/.exec(l)?.[1];
    const v6 = /inet_pton\(AF_INET6, "([^"]+)"/.exec(l)?.[1];
    if (v4) return !v4.startsWith('127.');
    if (v6) return !(v6 === '::1' || v6.startsWith('::ffff:127.'));
    return true; // an internet socket call whose address strace could not print: counted, to be safe
  });
}

function count(log: string): number {
  return log.split('\n').filter((l) => /\b(connect|sendto|sendmsg)\(/.test(l) && /AF_INET6?\b/.test(l)).length;
}

describe.runIf(fs.existsSync(CHROMIUM))('no network, under strace', () => {
  const tmp = makeTempDir('loupe-net-');
  const lib = path.join(tmp.dir, 'Photos');
  const home = path.join(tmp.dir, 'home');
  const logs = { index: path.join(tmp.dir, 'index.strace'), serve: path.join(tmp.dir, 'serve.strace'), chromium: path.join(tmp.dir, 'chromium.strace') };
  let server: ChildProcess | null = null;
  let browser: Browser | null = null;

  beforeAll(async () => {
    if (!hasStrace) throw new Error('strace is needed for this test (apt-get install strace; .ci/run installs it)');
    await makePhotos(lib, 6);
    expect(runCli(['add', lib, '--home', home]).code).toBe(0);
  });
  const stopServer = async (): Promise<void> => {
    const s = server;
    server = null;
    if (!s || s.exitCode !== null) return;
    const exited = new Promise((r) => s.once('exit', r));
    process.kill(-s.pid!, 'SIGINT');
    await exited;
  };
  afterAll(async () => {
    await browser?.close();
    await stopServer();
    tmp.cleanup();
  }, 60_000);

  it('index, serve and a page load make no network call off this machine', async () => {
    const index = spawnSync('strace', [...TRACE, '-o', logs.index, process.execPath, LOUPE_BIN, 'index', '--home', home], { encoding: 'utf8', timeout: 300_000 });
    expect(index.status, index.stderr).toBe(0);

    server = spawn('strace', [...TRACE, '-o', logs.serve, process.execPath, LOUPE_BIN, 'serve', '--json', '--home', home], {
      env: { ...process.env, XDG_DATA_HOME: path.join(tmp.dir, 'xdg') },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: Ctrl-C (SIGINT) goes to loupe itself, not only to strace
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server!.stdout!.on('data', (d) => {
        out += d;
        const line = out.split('\n').find((l) => l.includes('"serving"'));
        if (line) resolve(JSON.parse(line).url);
      });
      server!.on('exit', (code) => reject(new Error(`loupe serve exited ${code}`)));
    });
    // Chromium itself runs under strace too, through a wrapper playwright starts instead of it.
    const wrapper = path.join(tmp.dir, 'chromium-traced.sh');
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec strace ${TRACE.join(' ')} -o "${logs.chromium}" "${CHROMIUM}" "$@"\n`, { mode: 0o755 });
    // Chromium's own background services (not the page) look up Google hosts; the host rule answers every name but
    // the loopback "not found" inside Chromium, so what remains in its trace is what the page itself asked for.
    browser = await chromium.launch({
      executablePath: wrapper,
      args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
      timeout: 120_000,
    });
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url);
    // The grid shows thumbnails: the page really loaded the library through the server.
    const deadline = Date.now() + 120_000;
    while ((await page.locator('img').count()) < 6) {
      if (Date.now() > deadline) throw new Error('the grid never showed the 6 photos');
      await new Promise((r) => setTimeout(r, 500));
    }
    // Drop an image to search by (through the page, as the UI does): the server's model process starts its
    // onnxruntime sessions. Then stay up well past the moment onnxruntime's telemetry would call out (~9 s).
    const dropped = JSON.stringify([{ name: 'query.jpg', dataBase64: fs.readFileSync(path.join(lib, 'photo-000.jpg')).toString('base64') }]);
    const answer = await page.evaluate(
      `fetch("/api/findSimilarToImage", { method: "POST", headers: { "content-type": "application/json" }, body: ${JSON.stringify(dropped)} }).then((r) => r.json())`,
    );
    expect(answer).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 20_000));
    await browser.close();
    browser = null;
    await stopServer();

    // Every request the page made went to the server on the loopback.
    const origin = new URL(url).origin;
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => !r.startsWith(origin) && !r.startsWith('data:') && !r.startsWith('blob:'))).toEqual([]);

    const report: Record<string, { calls: number; outside: string[] }> = {};
    for (const [name, file] of Object.entries(logs)) {
      const log = fs.readFileSync(file, 'utf8');
      report[name] = { calls: count(log), outside: outsideCalls(log) };
    }
    console.log(`[network] ${Object.entries(report).map(([n, r]) => `${n}: ${r.calls} network calls, ${r.outside.length} off this machine`).join('; ')}`);
    // Loupe's own processes (the CLI, the server, their model processes): not one call off this machine.
    for (const name of ['index', 'serve']) expect(report[name].outside, `${name} reached out:\n${report[name].outside.join('\n')}`).toEqual([]);
    // Chromium: the page's requests were all to the server (above). The browser's own IPv6-reachability probe
    // connects a UDP socket to a public address to learn the route and sends nothing; any datagram actually sent
    // off this machine fails the test.
    const sent = report.chromium.outside.filter((l) => /\b(sendto|sendmsg)\(/.test(l));
    expect(sent, `Chromium sent data off this machine:\n${sent.join('\n')}`).toEqual([]);
    // The trace was recording: it saw the server bind its loopback port.
    expect(fs.readFileSync(logs.serve, 'utf8')).toMatch(/bind\(\d+, \{sa_family=AF_INET, sin_port=htons\(\d+\), sin_addr=inet_addr\("127\.0\.0\.1"\)/);
  }, 600_000);
});
