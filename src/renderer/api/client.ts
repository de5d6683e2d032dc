// The renderer's only way to the backend. Components use a typed LoupeClient; underneath, a small
// Transport moves calls and events and knows where images live. Electron's preload bridge is one
// transport, `loupe serve` over HTTP + Server-Sent Events the other; nothing above this file changes.
import {
  API_CHANNELS,
  isApiEvent,
  type ApiChannel,
  type ApiEvent,
  type ApiResult,
  type LoupeApi,
  type LoupeBridge,
  type LoupeEvents,
  type MediaSize,
} from '../../shared/api.js';
import { electronTransport } from './electron-transport.js';
import { LoupeApiError } from './errors.js';
import { httpTransport } from './http-transport.js';

export { LoupeApiError } from './errors.js';

export interface Transport {
  /** Sends one call; resolves with the backend's envelope (transport failures reject). */
  call(channel: ApiChannel, args: unknown[]): Promise<ApiResult<unknown>>;
  /** Starts delivering one event's payloads; returns the function that stops it. */
  subscribe(event: ApiEvent, listener: (payload: unknown) => void): () => void;
  /** Where an <img> loads one catalogued photo from on this host. */
  mediaUrl(size: MediaSize, id: number, version: string): string;
}

export type LoupeClient = LoupeApi & {
  on<E extends ApiEvent>(event: E, listener: (payload: LoupeEvents[E]) => void): () => void;
  mediaUrl(size: MediaSize, id: number, version: string): string;
};

export function createClient(transport: Transport): LoupeClient {
  const calls: Partial<Record<ApiChannel, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const channel of API_CHANNELS) {
    calls[channel] = async (...args) => {
      const result = await transport.call(channel, args);
      if (!result.ok) throw new LoupeApiError(result.error.code, result.error.message, result.error.detail);
      return result.value;
    };
  }
  const on = <E extends ApiEvent>(event: E, listener: (payload: LoupeEvents[E]) => void): (() => void) => {
    if (!isApiEvent(event)) throw new Error(`Unknown Loupe event ${JSON.stringify(event)}`);
    return transport.subscribe(event, (payload) => listener(payload as LoupeEvents[E]));
  };
  const mediaUrl = (size: MediaSize, id: number, version: string): string => transport.mediaUrl(size, id, version);
  // Every name in API_CHANNELS got a method above, and the contract guarantees that list is complete.
  return { ...(calls as LoupeApi), on, mediaUrl };
}

interface Host {
  loupe?: LoupeBridge;
  location?: { protocol: string };
}

/**
 * The backend for this page: the preload's bridge inside Electron, else `loupe serve` when the page
 * itself came over http(s) (same origin, so the auth cookie rides along).
 */
export function connect(host: Host = globalThis as Host): LoupeClient {
  if (host.loupe) return createClient(electronTransport(host.loupe));
  const protocol = host.location?.protocol;
  if (protocol === 'http:' || protocol === 'https:') return createClient(httpTransport());
  throw new LoupeApiError('engine-unavailable', 'No Loupe backend is reachable from this page');
}
