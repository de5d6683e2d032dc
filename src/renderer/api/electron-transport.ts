// Transport over the preload's `window.loupe` bridge (Electron IPC underneath).
import type { ApiChannel, ApiResult, LoupeBridge } from '../../shared/api.js';
import type { Transport } from './client.js';

export function electronTransport(bridge: LoupeBridge): Transport {
  // The bridge is typed per channel; the transport forwards names only known at run time.
  const invoke = bridge.invoke as (channel: ApiChannel, ...args: unknown[]) => Promise<ApiResult<unknown>>;
  return {
    call: (channel, args) => invoke(channel, ...args),
    subscribe: (event, listener) => bridge.on(event, listener),
  };
}
