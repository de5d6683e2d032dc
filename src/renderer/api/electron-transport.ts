// Transport over the preload's `window.loupe` bridge (Electron IPC underneath).
import { mediaPath, type ApiChannel, type ApiResult, type LoupeBridge } from '../../shared/api.js';
import type { Transport } from './client.js';

export function electronTransport(bridge: LoupeBridge): Transport {
  // The bridge is typed per channel; the transport forwards names only known at run time.
  const invoke = bridge.invoke as (channel: ApiChannel, ...args: unknown[]) => Promise<ApiResult<unknown>>;
  return {
    call: (channel, args) => invoke(channel, ...args),
    subscribe: (event, listener) => bridge.on(event, listener),
    // The main process registers the privileged `loupe-media:` scheme; the CSP allows it for images.
    mediaUrl: (size, id, version) => `loupe-media://app/${mediaPath(size, id, version)}`,
  };
}
