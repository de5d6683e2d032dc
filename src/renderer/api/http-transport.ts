// Transport for the browser build served by `loupe serve`: calls are `POST /api/<channel>` with the
// JSON array of arguments and answer with the same ApiResult envelope as IPC; events arrive on one
// Server-Sent Events stream (`GET /events`, event name = LoupeEvents key, data = JSON). Auth is an
// HttpOnly cookie, so plain same-origin requests carry it and this file never sees a token.
//
// Only structural types for EventSource: this file is also compiled (and tested) under Node's
// typings, where the DOM's EventSource type does not exist.
import { mediaPath, type ApiChannel, type ApiEvent, type ApiResult } from '../../shared/api.js';
import { EventListeners } from '../../shared/event-listeners.js';
import type { Transport } from './client.js';
import { LoupeApiError } from './errors.js';

/** The part of the WHATWG EventSource this transport uses. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
  close(): void;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

export interface HttpTransportOptions {
  /** Origin (and optional path prefix) of the server; '' means the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  eventSource?: EventSourceFactory;
  /** How long to wait before reopening a stream the browser gave up on (it retries transient drops itself). */
  reconnectDelayMs?: number;
}

const CLOSED = 2;

function isEnvelope(value: unknown): value is ApiResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  // {"ok":true} with no value is a void call whose undefined JSON dropped: a success, never an error.
  if (v.ok === true) return true;
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error?.message === 'string';
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function defaultEventSource(): EventSourceFactory {
  const ctor = (globalThis as { EventSource?: new (url: string) => EventSourceLike }).EventSource;
  if (!ctor) throw new LoupeApiError('engine-unavailable', 'This browser cannot receive live updates (no EventSource)');
  return (url) => new ctor(url);
}

export function httpTransport(options: HttpTransportOptions = {}): Transport {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const reconnectDelayMs = options.reconnectDelayMs ?? 2000;

  // One stream for every subscription: browsers allow only ~6 connections per origin over HTTP/1.1.
  const listeners = new EventListeners<ApiEvent>();
  const wired = new Set<ApiEvent>();
  let source: EventSourceLike | null = null;
  let opened = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const deliver = (event: ApiEvent, data: unknown): void => {
    let payload: unknown;
    try {
      payload = JSON.parse(String(data));
    } catch {
      return; // a malformed event is dropped rather than breaking every listener
    }
    listeners.deliver(event, payload);
  };

  const wire = (event: ApiEvent): void => {
    if (!source || wired.has(event)) return;
    wired.add(event);
    source.addEventListener(event, (e) => deliver(event, e.data));
  };

  const open = (): void => {
    const eventSource = options.eventSource ?? defaultEventSource();
    const current = eventSource(`${base}/events`);
    source = current;
    wired.clear();
    for (const event of listeners.events()) wire(event);
    current.addEventListener('open', () => {
      // Events sent while the stream was down are lost: tell grids to ask again after a reconnect.
      if (opened) deliver('library:changed', JSON.stringify({ reason: 'reconnected' }));
      opened = true;
    });
    current.addEventListener('error', () => {
      // EventSource retries by itself unless the server answered with an error status; then it is
      // CLOSED for good, and a restarted `loupe serve` would never be noticed without this.
      if (current.readyState !== CLOSED || source !== current) return;
      current.close();
      source = null;
      retryTimer = setTimeout(() => {
        retryTimer = null;
        if (listeners.size > 0 && !source) open();
      }, reconnectDelayMs);
    });
  };

  const closeIfUnused = (): void => {
    if (listeners.size > 0) return;
    source?.close();
    source = null;
    wired.clear();
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  };

  return {
    async call(channel: ApiChannel, args: unknown[]): Promise<ApiResult<unknown>> {
      let response: Response;
      try {
        response = await doFetch(`${base}/api/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(args),
          credentials: 'same-origin',
        });
      } catch (error) {
        throw new LoupeApiError('engine-unavailable', `Cannot reach the Loupe server: ${error instanceof Error ? error.message : String(error)}`);
      }
      // Error statuses still carry an envelope (403 forbidden, 404 unknown-channel, ...): keep its code.
      const body = parseJson(await response.text());
      if (isEnvelope(body)) return body.ok && !('value' in body) ? { ok: true, value: null } : body;
      throw new LoupeApiError(
        response.status === 401 || response.status === 403 ? 'forbidden' : 'internal',
        `The Loupe server answered ${response.status} ${response.statusText}`.trim(),
      );
    },

    subscribe(event: ApiEvent, listener: (payload: unknown) => void): () => void {
      const remove = listeners.add(event, listener, closeIfUnused);
      if (!source && !retryTimer) open();
      else wire(event);
      return remove;
    },

    mediaUrl: (size, id, version) => `${base}/${mediaPath(size, id, version)}`,
  };
}
