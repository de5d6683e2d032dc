// The renderer's typed client, end to end through the real pieces: client -> Electron transport ->
// preload bridge -> (IPC stand-in) -> dispatchApiCall -> backend. Only Electron's IPC is replaced.
import { describe, expect, it } from 'vitest';
import { connect, createClient, LoupeApiError, type LoupeClient } from '../../../src/renderer/api/client.js';
import { createBridge, type IpcPort } from '../../../src/preload/bridge.js';
import { createShellBackend } from '../../../src/main/electron/backend.js';
import { dispatchApiCall } from '../../../src/shared/api-dispatch.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type LoupeApi } from '../../../src/shared/api.js';
import type { LibraryFolder } from '../../../src/shared/library-types.js';

/** Wires a bridge to a backend the way main/electron/ipc.ts does, with a structured-clone hop. */
function electronLikeClient(backend: LoupeApi): { client: LoupeClient; emit: (name: string, payload: unknown) => void } {
  let onEvent: ((event: unknown, ...args: unknown[]) => void) | null = null;
  const port: IpcPort = {
    invoke: async (channel, name, args) => {
      expect(channel).toBe(IPC_INVOKE_CHANNEL);
      return structuredClone(await dispatchApiCall(backend, name, structuredClone(args)));
    },
    on: (channel, listener) => {
      expect(channel).toBe(IPC_EVENT_CHANNEL);
      onEvent = listener;
    },
    removeListener: () => {
      onEvent = null;
    },
  };
  const client = connect({ loupe: createBridge(port) });
  return { client, emit: (name, payload) => onEvent?.({}, name, structuredClone(payload)) };
}

const folder: LibraryFolder = { path: '/photos', status: 'ok', reason: null, files: 3, lastScanAt: null };

describe('LoupeClient over the Electron transport', () => {
  it('returns the backend value of a call', async () => {
    const { client } = electronLikeClient(createShellBackend('0.1.0'));
    await expect(client.status()).resolves.toMatchObject({ appVersion: '0.1.0', engineReady: false });
  });

  it('passes arguments through and rejects a failed call with its contract code', async () => {
    const seen: unknown[] = [];
    const backend: LoupeApi = {
      ...createShellBackend('0.1.0'),
      addFolder: async (path) => {
        seen.push(path);
        return { ...folder, path };
      },
    };
    const { client } = electronLikeClient(backend);
    await expect(client.addFolder('/home/me/Pictures')).resolves.toMatchObject({ path: '/home/me/Pictures', status: 'ok' });
    expect(seen).toEqual(['/home/me/Pictures']);
    const failure = await client.listFolders().then(() => null, (e: unknown) => e);
    expect(failure).toBeInstanceOf(LoupeApiError);
    expect(failure).toMatchObject({ code: 'engine-unavailable' });
  });

  it('delivers typed events until unsubscribed', () => {
    const { client, emit } = electronLikeClient(createShellBackend('0.1.0'));
    const got: LibraryFolder[][] = [];
    const off = client.on('folders:changed', (payload) => got.push(payload.folders));
    emit('folders:changed', { folders: [folder] });
    off();
    emit('folders:changed', { folders: [] });
    expect(got).toEqual([[folder]]);
  });

  it('works over any Transport, e.g. an in-process one (the seam `loupe serve` will use)', async () => {
    const backend = createShellBackend('9.9.9');
    const client = createClient({
      call: (channel, args) => dispatchApiCall(backend, channel, args),
      subscribe: () => () => undefined,
    });
    await expect(client.status()).resolves.toMatchObject({ appVersion: '9.9.9' });
  });

  it('says clearly when the page has no backend at all', () => {
    expect(() => connect({})).toThrow(LoupeApiError);
  });
});
