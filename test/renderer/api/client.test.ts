// The renderer's typed client, end to end through the real pieces: client -> Electron transport ->
// preload bridge -> (IPC stand-in) -> dispatchApiCall -> backend. Only Electron's IPC is replaced.
import { describe, expect, it } from 'vitest';
import { connect, createClient, LoupeApiError, type LoupeClient } from '../../../src/renderer/api/client.js';
import { createBridge, type IpcPort } from '../../../src/preload/bridge.js';
import { ApiError, dispatchApiCall } from '../../../src/shared/api-dispatch.js';
import { API_CHANNELS, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, parseMediaPath, type ApiChannel, type LoupeApi } from '../../../src/shared/api.js';
import type { LibraryFolder } from '../../../src/shared/library-types.js';

/**
 * A backend that answers `status` and refuses everything else as 'engine-unavailable', like the
 * Electron shell's when the library cannot open. Built here rather than imported from
 * src/main/electron, which loads Electron's own modules (unavailable under plain Node).
 */
function createShellBackend(appVersion: string): LoupeApi {
  const calls = {} as Record<ApiChannel, () => Promise<unknown>>;
  for (const channel of API_CHANNELS) {
    calls[channel] = async () => {
      throw new ApiError('engine-unavailable', 'The photo engine is not available');
    };
  }
  return {
    ...(calls as unknown as LoupeApi),
    status: async () => ({ appVersion, engineReady: false, folderCount: 0, photoCount: 0, pendingCount: 0, failedCount: 0, job: null, provider: null }),
  };
}

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
      mediaUrl: (size, id) => `mem:${size}/${id}`,
    });
    await expect(client.status()).resolves.toMatchObject({ appVersion: '9.9.9' });
  });

  it('says clearly when the page has no backend at all', () => {
    expect(() => connect({})).toThrow(LoupeApiError);
    // A page opened from disk (file:) has neither the bridge nor a server behind it.
    expect(() => connect({ location: { protocol: 'file:' } })).toThrow(LoupeApiError);
  });

  it('loads images through the privileged loupe-media: scheme inside Electron', () => {
    const { client } = electronLikeClient(createShellBackend('0.1.0'));
    const url = new URL(client.mediaUrl('small', 42, 'v 1'));
    expect(url.protocol).toBe('loupe-media:');
    expect(url.host).toBe('app');
    expect(parseMediaPath(url.pathname)).toEqual({ size: 'small', photoId: 42 });
    expect(url.searchParams.get('v')).toBe('v 1');
  });

  it('picks the HTTP transport when the page came from `loupe serve`, with same-origin media URLs', () => {
    const client = connect({ location: { protocol: 'http:' } });
    const url = client.mediaUrl('large', 7, 'abc');
    expect(url.startsWith('/media/')).toBe(true);
    expect(parseMediaPath(url.split('?')[0])).toEqual({ size: 'large', photoId: 7 });
  });
});
