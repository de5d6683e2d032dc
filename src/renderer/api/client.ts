// The renderer's only way to the backend. Components use a typed LoupeClient; underneath, a small
// Transport moves calls and events. Electron's preload bridge is one transport; `loupe serve` will
// add an HTTP/WebSocket one implementing the same interface, and nothing above this file changes.
import {
  API_CHANNELS,
  isApiEvent,
  type ApiChannel,
  type ApiErrorCode,
  type ApiEvent,
  type ApiResult,
  type LoupeApi,
  type LoupeBridge,
  type LoupeEvents,
} from '../../shared/api.js';
import { electronTransport } from './electron-transport.js';

export interface Transport {
  /** Sends one call; resolves with the backend's envelope (transport failures reject). */
  call(channel: ApiChannel, args: unknown[]): Promise<ApiResult<unknown>>;
  /** Starts delivering one event's payloads; returns the function that stops it. */
  subscribe(event: ApiEvent, listener: (payload: unknown) => void): () => void;
}

/** A call the backend refused or failed, with the stable code from the contract. */
export class LoupeApiError extends Error {
  constructor(readonly code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'LoupeApiError';
  }
}

export type LoupeClient = LoupeApi & {
  on<E extends ApiEvent>(event: E, listener: (payload: LoupeEvents[E]) => void): () => void;
};

export function createClient(transport: Transport): LoupeClient {
  const calls: Partial<Record<ApiChannel, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const channel of API_CHANNELS) {
    calls[channel] = async (...args) => {
      const result = await transport.call(channel, args);
      if (!result.ok) throw new LoupeApiError(result.error.code, result.error.message);
      return result.value;
    };
  }
  const on = <E extends ApiEvent>(event: E, listener: (payload: LoupeEvents[E]) => void): (() => void) => {
    if (!isApiEvent(event)) throw new Error(`Unknown Loupe event ${JSON.stringify(event)}`);
    return transport.subscribe(event, (payload) => listener(payload as LoupeEvents[E]));
  };
  // Every name in API_CHANNELS got a method above, and the contract guarantees that list is complete.
  return { ...(calls as LoupeApi), on };
}

/**
 * The backend for this page: the preload's bridge inside Electron. This is the seam for the browser
 * build, which will pick an HTTP/WebSocket transport here when `window.loupe` is absent.
 */
export function connect(host: { loupe?: LoupeBridge } = globalThis as { loupe?: LoupeBridge }): LoupeClient {
  if (host.loupe) return createClient(electronTransport(host.loupe));
  throw new LoupeApiError('engine-unavailable', 'No Loupe backend is reachable from this page');
}
