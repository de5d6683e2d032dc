import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/csp.js';
import { LoupeEngine } from '../../../src/main/engine/engine.js';
import { startServer, type RunningServer } from '../../../src/main/server/server.js';
import { RendererMissingError } from '../../../src/main/server/static-files.js';
import { caltechSample, copyPhotos, makeTempDir } from '../../helpers/fixtures.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw request: node:http sends the path and the Host exactly as given (fetch would normalise both). */
function request(port: number, opts: { path: string; method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Reads Server-Sent Events until `until` returns true for one of them. */
function collectEvents(port: number, headers: Record<string, string>, until: (name: string) => boolean): { events: Promise<{ name: string; data: unknown }[]>; ready: Promise<void> } {
  let onReady: () => void = () => {};
  const ready = new Promise<void>((r) => (onReady = r));
  const events = new Promise<{ name: string; data: unknown }[]>((resolve, reject) => {
    const out: { name: string; data: unknown }[] = [];
    const req = http.get({ host: '127.0.0.1', port, path: '/events', headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        if (buffer.startsWith(': connected')) onReady();
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.+)$/m.exec(frame)?.[1];
          const data = /^data: (.+)$/m.exec(frame)?.[1];
          if (!name || data === undefined) continue;
          out.push({ name, data: JSON.parse(data) });
          if (until(name)) {
            req.destroy();
            resolve(out);
          }
        }
      });
    });
    req.on('error', (e) => (out.length ? undefined : reject(e)));
  });
  return { events, ready };
}

describe('loupe serve: HTTP server over a real engine', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let renderer: string;
  let engine: LoupeEngine;
  let server: RunningServer;
  let auth: Record<string, string>;
  const api = (channel: string, args: unknown[], headers: Record<string, string> = auth) =>
    request(server.port, { path: `/api/${channel}`, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(args) });

  beforeAll(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    copyPhotos(caltechSample(['airplanes', 'sunflower'], 2), lib);
    // A stand-in for out/renderer, with a secret beside it that no URL may reach, and a symlink out of it.
    renderer = path.join(tmp.dir, 'site', 'renderer');
    fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Loupe</title>');
    fs.writeFileSync(path.join(renderer, 'assets', 'app-1234.js'), 'console.log("loupe")');
    fs.writeFileSync(path.join(tmp.dir, 'site', 'secret.txt'), 'SECRET');
    fs.symlinkSync(path.join(tmp.dir, 'site', 'secret.txt'), path.join(renderer, 'assets', 'leak.txt'));
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {}, trashDir: path.join(tmp.dir, 'trash') });
    await engine.library.addFolder(lib);
    server = await startServer({ engine, rendererDir: renderer, appVersion: '1.2.3', backendOptions: { watch: false, indexOnOpen: false, warn: () => {} } });
    auth = { authorization: `Bearer ${server.token}` };
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await engine?.close();
    tmp.cleanup();
  });

  it('prints a 127.0.0.1 URL with a 256-bit random token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
  });

  it('refuses every route without the token (page, assets, API, events, media) and with a wrong one', async () => {
    for (const p of ['/', '/assets/app-1234.js', '/events', '/media/small/1', '/anything']) {
      expect((await request(server.port, { path: p })).status, p).toBe(401);
    }
    const call = await api('status', [], {});
    expect(call.status).toBe(401);
    expect(JSON.parse(call.body.toString())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const wrong = 'x'.repeat(server.token.length);
    expect((await request(server.port, { path: `/?token=${wrong}` })).status).toBe(401);
    expect((await request(server.port, { path: '/', headers: { authorization: `Bearer ${wrong}` } })).status).toBe(401);
    expect((await request(server.port, { path: '/', headers: { cookie: `loupe_token_${server.port}=${wrong}` } })).status).toBe(401);
    // The cookie of another port's server is not ours.
    expect((await request(server.port, { path: '/', headers: { cookie: `loupe_token_1=${server.token}` } })).status).toBe(401);
  });

  it('trades the token URL for an HttpOnly SameSite=Strict cookie and a redirect to /, then serves the page with the CSP', async () => {
    const login = await request(server.port, { path: `/?token=${server.token}` });
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/');
    const cookie = login.headers['set-cookie']![0];
    expect(cookie).toMatch(new RegExp(`^loupe_token_${server.port}=${server.token};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const pair = cookie.split(';')[0];
    const page = await request(server.port, { path: '/', headers: { cookie: `other=1; ${pair}` } });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>Loupe</title>');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain(CONTENT_SECURITY_POLICY);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const asset = await request(server.port, { path: '/assets/app-1234.js', headers: { cookie: pair } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('refuses Host headers other than 127.0.0.1/localhost on our port (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, '127.0.0.1']) {
      expect((await request(server.port, { path: '/', headers: { ...auth, host } })).status, host).toBe(403);
    }
    expect((await request(server.port, { path: '/', headers: { ...auth, host: `localhost:${server.port}` } })).status).toBe(200);
  });

  it('refuses cross-origin calls even with a valid cookie, and calls that are not JSON', async () => {
    const evil = await api('status', [], { ...auth, origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body.toString())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await api('status', [], { ...auth, origin: `http://localhost:${server.port + 1}` })).status).toBe(403);
    expect((await api('status', [], { ...auth, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await api('status', [], { ...auth, origin: `http://127.0.0.1:${server.port}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    const form = await request(server.port, { path: '/api/status', method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: '[]' });
    expect(form.status).toBe(415);
  });

  it('answers calls with the ApiResult envelope; refuses bad JSON, unknown calls, wrong methods and huge bodies', async () => {
    const status = await api('status', []);
    expect(status.status).toBe(200);
    expect(JSON.parse(status.body.toString())).toMatchObject({ ok: true, value: { appVersion: '1.2.3', engineReady: true, folderCount: 1 } });
    const bad = await api('getPhoto', [-3]);
    expect(JSON.parse(bad.body.toString())).toMatchObject({ ok: false, error: { code: 'bad-arguments' } });
    const unknown = await api('toString', []);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body.toString())).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    const notJson = await request(server.port, { path: '/api/status', method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '[' });
    expect(notJson.status).toBe(400);
    expect((await request(server.port, { path: '/api/status', headers: auth })).status).toBe(405);
    const huge = await request(server.port, {
      path: '/api/status', method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'content-length': String(61 * 1024 * 1024) }, body: '[]',
    }).catch(() => ({ status: 413 }) as Reply); // the server may close the socket before the client finishes
    expect(huge.status).toBe(413);
  });

  it('never serves a file outside the renderer: `..`, encoded traversal, backslashes, symlinks', async () => {
    for (const p of [
      '/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/assets%2f..%2f..%2fsecret.txt',
      '/..%5csecret.txt', '/assets/leak.txt', '/%00', '/assets/%ZZ', '//secret.txt', '/missing.html',
    ]) {
      const r = await request(server.port, { path: p, headers: auth });
      expect(r.status, p).not.toBe(200);
      expect(r.body.toString(), p).not.toContain('SECRET');
    }
    // No page fallback for unknown paths: only / is the app.
    expect((await request(server.port, { path: '/some/route', headers: auth })).status).toBe(404);
  });

  it('streams index progress and the end over SSE while an index runs, then serves thumbnails by id only', async () => {
    const stream = collectEvents(server.port, auth, (name) => name === 'index:finished');
    await stream.ready;
    const started = JSON.parse((await api('startIndex', [])).body.toString());
    expect(started).toMatchObject({ ok: true, value: { jobId: expect.any(String) } });
    const events = await stream.events;
    const progress = events.filter((e) => e.name === 'index:progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((e) => (e.data as { jobId: string }).jobId === started.value.jobId)).toBe(true);
    expect(events.at(-1)).toMatchObject({ name: 'index:finished', data: { jobId: started.value.jobId, summary: { added: 4, failed: [] } } });

    const page = JSON.parse((await api('listPhotos', [{ limit: 10 }])).body.toString());
    expect(page.value.total).toBe(4);
    const id = page.value.photos[0].id as number;
    const media = await request(server.port, { path: `/media/small/${id}?v=${page.value.photos[0].version}`, headers: auth });
    expect(media.status).toBe(200);
    expect(media.headers['content-type']).toBe('image/jpeg');
    expect(media.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(media.body.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    for (const p of [
      '/media/small/999999', '/media/small/0', '/media/huge/1', `/media/small/${id}/..`, `/media/small/../large/${id}`,
      `/media/small/%2e%2e%2f${id}`, `/media/small/${id}%00`, '/media/small/-1', `/media/../secret.txt`,
    ]) {
      expect((await request(server.port, { path: p, headers: auth })).status, p).toBe(404);
    }
  }, 120_000);

  it('serves the page, its script and thumbnails while all of libuv\'s file threads are busy (a large library opening)', async () => {
    // Opening a FIFO that has no writer holds one of libuv's file threads until a writer comes: here every thread, as
    // the stats of a 100,000-photo scan and watcher set-up queue on them when `loupe serve` opens such a library.
    const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    const fifos = Array.from({ length: threads }, (_, i) => path.join(tmp.dir, `busy-${i}`));
    for (const f of fifos) execFileSync('mkfifo', [f]);
    const held = fifos.map((f) => fs.promises.open(f, 'r'));
    try {
      const page = JSON.parse((await api('listPhotos', [{ limit: 1 }])).body.toString());
      const photo = page.value.photos[0] as { id: number; version: string };
      const replies = Promise.all(
        ['/', '/assets/app-1234.js', `/media/small/${photo.id}?v=${photo.version}`].map((p) => request(server.port, { path: p, headers: auth })),
      );
      // not a speed limit: with the file threads held, a reply that needs one never comes at all
      const stuck = new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 20_000).unref());
      const got = await Promise.race([replies, stuck]);
      expect(got).not.toBe('stuck');
      const [index, script, thumbnail] = got as Reply[];
      expect([index.status, script.status, thumbnail.status]).toEqual([200, 200, 200]);
      expect(index.body.toString()).toContain('<title>Loupe</title>');
      expect(script.body.toString()).toBe('console.log("loupe")');
      expect(thumbnail.body.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(Number(thumbnail.headers['content-length'])).toBe(thumbnail.body.length);
    } finally {
      for (const f of fifos) fs.closeSync(fs.openSync(f, 'w')); // the held opens return, the threads are free again
      for (const handle of await Promise.all(held)) await handle.close();
    }
  }, 60_000);

  it('fails with a clear message when the renderer is not built', async () => {
    const err = await startServer({ engine, rendererDir: path.join(tmp.dir, 'not-built') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RendererMissingError);
    expect((err as Error).message).toContain('npm run build');
  });

  it('refuses to listen anywhere but 127.0.0.1', async () => {
    await expect(startServer({ engine, rendererDir: renderer, host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/127\.0\.0\.1 only/);
  });
});
