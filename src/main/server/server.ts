// `loupe serve`: the same UI and API as the desktop app, in a browser, on 127.0.0.1 only. Every request needs the
// per-run token (cookie or bearer), our own Host header and, for anything a page could trigger, our own origin.
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { LoupeApi } from '../../shared/api.js';
import { createEngineBackend, type EngineBackendOptions } from '../backend/engine-backend.js';
import type { LoupeEngine } from '../engine/engine.js';
import { packageRoot } from '../engine/paths.js';
import { handleApiCall } from './api-route.js';
import { isAuthorised, newToken, sessionCookie, tokenMatches } from './auth.js';
import { EventHub } from './event-stream.js';
import { handleMedia, type MediaLookup } from './media-route.js';
import { hostAllowed, isCrossOrigin } from './request-guards.js';
import { securityHeaders, sendJson, sendText } from './responses.js';
import { checkRendererDir, serveStatic } from './static-files.js';
import { logError } from '../engine/home/error-log.js';

/** The API plus the media lookup the image route needs (an EngineBackend is one). */
export type ServerBackend = LoupeApi & { media: MediaLookup };

interface CommonOptions {
  /** 0 (default): any free port */
  port?: number;
  /** only the loopback interface is ever served */
  host?: '127.0.0.1';
  /** the built renderer (default: out/renderer of the package, made by `npm run build`) */
  rendererDir?: string;
  /** the library home whose error log takes the stacks of failed requests (default: the engine's, when given one) */
  home?: string;
}

export type StartServerOptions = CommonOptions &
  (
    | { engine: LoupeEngine; appVersion?: string; backendOptions?: Pick<EngineBackendOptions, 'watch' | 'indexOnOpen' | 'watchOptions' | 'warn'> }
    /** an existing backend; it must emit its events through `events` (pass `events.emit` when creating it) */
    | { backend: ServerBackend; events: EventHub }
  );

export interface RunningServer {
  /** the URL to open: it carries the token once, the browser then keeps it in a cookie */
  url: string;
  port: number;
  token: string;
  events: EventHub;
  backend: ServerBackend;
  /** Stops serving; a backend this server created is closed too (the engine stays open: its owner closes it). */
  close(): Promise<void>;
}

export function defaultRendererDir(): string {
  return path.join(packageRoot(), 'out', 'renderer');
}

/** The version in package.json, read at run time (the sources and the dist/ bundle both find it). */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  if ((options.host ?? '127.0.0.1') !== '127.0.0.1') throw new Error('loupe serve listens on 127.0.0.1 only');
  const rendererRoot = checkRendererDir(options.rendererDir ?? defaultRendererDir());
  const token = newToken();

  let events: EventHub;
  let backend: ServerBackend;
  let ownBackend: { close(): Promise<void> } | null = null;
  if ('engine' in options) {
    events = new EventHub();
    const created = createEngineBackend({
      ...options.backendOptions,
      engine: options.engine,
      appVersion: options.appVersion ?? packageVersion(),
      emit: events.emit,
    });
    backend = created;
    ownBackend = created;
  } else {
    events = options.events;
    backend = options.backend;
  }

  let port = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    securityHeaders(res);
    if (!hostAllowed(req, port)) return sendText(res, 403, 'Forbidden: unknown Host');
    const raw = req.url ?? '';
    // An absolute-form target ("http://x/...") or "//x" would be read as another host by URL parsers.
    if (!raw.startsWith('/') || raw.startsWith('//')) return sendText(res, 400, 'Bad request');
    const q = raw.indexOf('?');
    const pathname = q === -1 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
    const method = req.method ?? 'GET';

    // The printed URL: trade the token for the cookie, then drop it from the address bar (and history).
    if (pathname === '/' && query.has('token') && (method === 'GET' || method === 'HEAD')) {
      if (!tokenMatches(query.get('token'), token)) return sendText(res, 401, 'Unauthorised: this link is not valid (is it from an older run of loupe serve?)');
      res.statusCode = 303;
      res.setHeader('Set-Cookie', sessionCookie(token, port));
      res.setHeader('Location', '/');
      res.setHeader('Cache-Control', 'no-store');
      return void res.end();
    }
    const isApi = pathname.startsWith('/api/');
    if (!isAuthorised(req, token, port)) {
      if (isApi) return sendJson(res, 401, { ok: false, error: { code: 'forbidden', message: 'Open the link `loupe serve` printed to use Loupe' } });
      return sendText(res, 401, 'Unauthorised: open the link that `loupe serve` printed.');
    }
    if (isCrossOrigin(req, port)) {
      if (isApi) return sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: 'Cross-origin requests are refused' } });
      return sendText(res, 403, 'Forbidden: cross-origin request');
    }

    if (isApi) {
      if (method !== 'POST') {
        res.setHeader('Allow', 'POST');
        return sendText(res, 405, 'Method not allowed');
      }
      return handleApiCall(backend, pathname.slice('/api/'.length), req, res);
    }
    const readOnly = method === 'GET' || method === 'HEAD';
    if (!readOnly) {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method not allowed');
    }
    if (pathname === '/events') {
      if (method === 'HEAD') {
        res.statusCode = 200;
        res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
        return void res.end(); // a HEAD is no subscriber
      }
      return events.attach(res);
    }
    if (pathname.startsWith('/media/')) return handleMedia((size, id) => backend.media(size, id), pathname, res, method === 'HEAD');
    return serveStatic(rendererRoot, pathname, res, method === 'HEAD');
  };

  // The server's one error boundary: the stack goes to the home's error log, the browser gets one line naming it.
  const home = options.home ?? ('engine' in options ? options.engine.layout.root : null);
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const log = home ? logError(home, `loupe serve ${req.method} ${(req.url ?? '').split('?')[0]}`, err) : null;
      if (!res.headersSent) sendText(res, 500, `Internal error: ${(err as Error).message.split('\n')[0]}${log ? ` (details in ${log})` : ''}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    events,
    backend,
    close: () =>
      (closing ??= (async () => {
        events.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await ownBackend?.close();
      })()),
  };
}
