// Builds the `window.loupe` object from an IPC port. Kept free of `electron` so it can be tested
// in plain Node; index.ts hands it the real ipcRenderer.
import {
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  IPC_PICK_FOLDER_CHANNEL,
  IPC_SHOW_ITEM_CHANNEL,
  isApiChannel,
  isApiEvent,
  type ApiArgs,
  type ApiChannel,
  type ApiEvent,
  type ApiResult,
  type ApiReturn,
  type LoupeBridge,
  type LoupeEvents,
} from '../shared/api.js';
import { EventListeners } from '../shared/event-listeners.js';

/** The slice of Electron's ipcRenderer the bridge needs. */
export interface IpcPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createBridge(ipc: IpcPort): LoupeBridge {
  // One ipcRenderer listener fans events out by name, so the renderer never touches raw IPC
  // (nor the IpcRendererEvent, which would expose `sender`).
  const listeners = new EventListeners<ApiEvent>();
  const onEvent = (_event: unknown, name: unknown, payload: unknown): void => {
    if (isApiEvent(name)) listeners.deliver(name, payload);
  };
  let subscribed = false;

  return {
    invoke<C extends ApiChannel>(channel: C, ...args: ApiArgs<C>): Promise<ApiResult<ApiReturn<C>>> {
      // The main process checks again; refusing here turns a typo into an immediate, local error.
      if (!isApiChannel(channel)) {
        return Promise.reject(new Error(`loupe.invoke: unknown channel ${JSON.stringify(channel)}`));
      }
      // The envelope's shape is guaranteed by the main process's dispatchApiCall.
      return ipc.invoke(IPC_INVOKE_CHANNEL, channel, args) as Promise<ApiResult<ApiReturn<C>>>;
    },

    on<E extends ApiEvent>(event: E, listener: (payload: LoupeEvents[E]) => void): () => void {
      if (!isApiEvent(event)) throw new Error(`loupe.on: unknown event ${JSON.stringify(event)}`);
      if (typeof listener !== 'function') throw new TypeError('loupe.on: listener must be a function');
      if (!subscribed) {
        ipc.on(IPC_EVENT_CHANNEL, onEvent as (event: unknown, ...args: unknown[]) => void);
        subscribed = true;
      }
      return listeners.add(event, (payload) => listener(payload as LoupeEvents[E]), () => {
        if (listeners.size === 0 && subscribed) {
          ipc.removeListener(IPC_EVENT_CHANNEL, onEvent as (event: unknown, ...args: unknown[]) => void);
          subscribed = false;
        }
      });
    },

    // The main process owns the dialog and decides which paths may be revealed; these only carry the request.
    async pickFolder(): Promise<string | null> {
      const picked = await ipc.invoke(IPC_PICK_FOLDER_CHANNEL);
      return typeof picked === 'string' ? picked : null;
    },

    async showItemInFolder(path: string): Promise<boolean> {
      if (typeof path !== 'string') throw new TypeError('loupe.showItemInFolder: path must be a string');
      return (await ipc.invoke(IPC_SHOW_ITEM_CHANNEL, path)) === true;
    },
  };
}
