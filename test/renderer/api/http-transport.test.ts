// The browser transport against a real HTTP server speaking the `loupe serve` protocol: POST
// /api/<channel> with a JSON array answering an ApiResult envelope, and Server-Sent Events on
// GET /events. EventSource comes from undici (the WHATWG implementation Node's own fetch is built
// on), because Node 20 has no global EventSource; browsers use their own.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventSource } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, LoupeApiError } from '../../../src/renderer/api/client.js';
import { httpTransport, type EventSourceFactory } from '../../../src/renderer/api/http-transport.js';
import { parseMediaPath, type LibraryStatus } from '../../../src/shared/api.js';
import type { JobProgress } from '../../../src/shared/library-types.js';

const status: LibraryStatus = {
  appVersion: '0.1.0', engineReady: true, folderCount: 1, photoCount: 3, pendingCount: 0, failedCount: 0, job: null, provider: 'cpu',
};

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  body: unknown;
}

/** A tiny stand-in for `loupe serve`: routes answer from `routes`, /events streams what `push` sends. */
async function startServer(options: { rejectFirstStreams?: number } = {}) {
  const seen: Seen[] = [];
  const streams = new Set<http.ServerResponse>();
  let streamRequests = 0;
  let rejectStreams = options.rejectFirstStreams ?? 0;
  const routes: Record<string, (args: unknown[]) => { status: number; body: string; type?: string }> = {
    status: () => ({ status: 200, body: JSON.stringify({ ok: true, value: status }) }),
    addFolder: (args) => ({ status: 200, body: JSON.stringify({ ok: true, value: { path: args[0], status: 'ok', reason: null, files: 0, lastScanAt: null } }) }),
    getPhoto: (args) => ({ status: 404, body: JSON.stringify({ ok: false, error: { code: 'not-found', message: `No photo ${String(args[0])}` } }) }),
    listFolders: () => ({ status: 502, body: '<html>Bad gateway</html>', type: 'text/html' }),
    listFailures: () => ({ status: 403, body: 'no cookie', type: 'text/plain' }),
    removeFolder: () => ({ status: 200, body: JSON.stringify({ ok: true, value: null }) }),
    // what JSON.stringify makes of { ok: true, value: undefined } (a void call such as pause)
    pauseIndex: () => ({ status: 200, body: JSON.stringify({ ok: true, value: undefined }) }),
  };
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/events') {
      streamRequests += 1;
      if (rejectStreams > 0) {
        rejectStreams -= 1;
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      // A short retry so the dropped-stream test does not wait the default 3 s.
      res.write('retry: 50\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    const match = /^\/api\/([A-Za-z]+)$/.exec(req.url ?? '');
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const body: unknown = raw ? JSON.parse(raw) : null;
      seen.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'], body });
      const route = match ? routes[match[1]] : undefined;
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: { code: 'unknown-channel', message: 'no such call' } }));
        return;
      }
      const answer = route(Array.isArray(body) ? body : []);
      res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    seen,
    streams,
    streamRequests: () => streamRequests,
    push(event: string, data: unknown): void {
      for (const res of streams) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    dropStreams(): void {
      for (const res of streams) res.end();
      streams.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of streams) res.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Server = Awaited<ReturnType<typeof startServer>>;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setup(options?: { rejectFirstStreams?: number }): Promise<{ server: Server; client: ReturnType<typeof createClient> }> {
  const server = await startServer(options);
  cleanups.push(() => server.close());
  const eventSource: EventSourceFactory = (url) => new EventSource(url);
  return { server, client: createClient(httpTransport({ baseUrl: server.base, eventSource, reconnectDelayMs: 50 })) };
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const progress: JobProgress = {
  jobId: 'j1', kind: 'index', state: 'running', phase: 'analyze',
      stages: [], done: 5, total: 10, failed: 0, rate: 2.5, etaSeconds: 2, current: '/照片/a.jpg',
};

describe('http transport: calls', () => {
  it('POSTs the JSON argument array to /api/<channel> and returns the envelope value', async () => {
    const { server, client } = await setup();
    await expect(client.status()).resolves.toEqual(status);
    await expect(client.addFolder('/home/me/照片')).resolves.toMatchObject({ path: '/home/me/照片', status: 'ok' });
    expect(server.seen).toEqual([
      { method: 'POST', url: '/api/status', contentType: 'application/json', body: [] },
      { method: 'POST', url: '/api/addFolder', contentType: 'application/json', body: ['/home/me/照片'] },
    ]);
  });

  it('resolves a null value (void calls) instead of treating it as missing', async () => {
    const { client } = await setup();
    await expect(client.removeFolder('/x')).resolves.toBeNull();
  });

  it('resolves a void call whose envelope lost its undefined value ({"ok":true}): a success, not "answered 200 OK"', async () => {
    const { client } = await setup();
    await expect(client.pauseIndex('j1')).resolves.toBeNull();
  });

  it('keeps the backend error code and message from an error envelope, whatever the HTTP status', async () => {
    const { client } = await setup();
    const error = await client.getPhoto(9).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(LoupeApiError);
    expect(error).toMatchObject({ code: 'not-found', message: 'No photo 9' });
  });

  it('turns answers that are not envelopes into readable errors', async () => {
    const { client } = await setup();
    const gateway = await client.listFolders().then(() => null, (e: unknown) => e);
    expect(gateway).toBeInstanceOf(LoupeApiError);
    expect(gateway).toMatchObject({ code: 'internal' });
    expect((gateway as Error).message).toContain('502');
    await expect(client.listFailures()).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('says the server is unreachable when nothing listens', async () => {
    const server = await startServer();
    await server.close();
    const client = createClient(httpTransport({ baseUrl: server.base }));
    await expect(client.status()).rejects.toMatchObject({ code: 'engine-unavailable' });
  });

  it('builds same-origin media URLs the server parses back', () => {
    const client = createClient(httpTransport());
    const url = client.mediaUrl('small', 12, '2024-01-01T00:00:00Z#abc');
    expect(url.startsWith('/media/small/12?')).toBe(true);
    const parsed = new URL(url, 'http://localhost');
    expect(parseMediaPath(parsed.pathname)).toEqual({ size: 'small', photoId: 12 });
    expect(parsed.searchParams.get('v')).toBe('2024-01-01T00:00:00Z#abc');
  });
});

describe('http transport: events', () => {
  it('delivers each named event to its listeners over one stream, and closes it after the last unsubscribe', async () => {
    const { server, client } = await setup();
    const got: { progress: JobProgress[]; changed: string[] } = { progress: [], changed: [] };
    const offProgress = client.on('index:progress', (p) => got.progress.push(p));
    const offChanged = client.on('library:changed', (c) => got.changed.push(c.reason));
    await until(() => server.streams.size === 1, 'the event stream');
    server.push('index:progress', progress);
    server.push('library:changed', { reason: 'trashed' });
    server.push('folders:changed', { folders: [] }); // nobody listens: must not reach the others
    await until(() => got.progress.length === 1 && got.changed.length === 1, 'both events');
    expect(got.progress[0]).toEqual(progress);
    expect(got.changed).toEqual(['trashed']);
    expect(server.streamRequests()).toBe(1);

    offProgress();
    server.push('index:progress', { ...progress, done: 6 });
    server.push('library:changed', { reason: 'added' });
    await until(() => got.changed.length === 2, 'the second change');
    expect(got.progress).toHaveLength(1);

    offChanged();
    await until(() => server.streams.size === 0, 'the stream to close');
  });

  it('reopens a stream the server refused, so a restarted `loupe serve` is picked up', async () => {
    const { server, client } = await setup({ rejectFirstStreams: 1 });
    const got: JobProgress[] = [];
    const off = client.on('index:progress', (p) => got.push(p));
    cleanups.push(off);
    await until(() => server.streams.size === 1, 'a second, accepted stream');
    expect(server.streamRequests()).toBe(2);
    server.push('index:progress', progress);
    await until(() => got.length === 1, 'the event after reconnecting');
  });

  it('tells grids to ask again after the stream dropped, since events were missed meanwhile', async () => {
    const { server, client } = await setup();
    const changed: string[] = [];
    const off = client.on('library:changed', (c) => changed.push(c.reason));
    cleanups.push(off);
    await until(() => server.streams.size === 1, 'the event stream');
    expect(changed).toEqual([]);
    server.dropStreams();
    await until(() => changed.includes('reconnected'), 'the reconnect notice');
    expect(server.streamRequests()).toBe(2);
  });
});
