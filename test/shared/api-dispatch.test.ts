// The server side of the API contract: what any transport (IPC now, HTTP later) does with a call.
import { describe, expect, it } from 'vitest';
import { API_CHANNELS, API_EVENTS, isApiChannel, isApiEvent, type LoupeApi } from '../../src/shared/api.js';
import { ApiError, dispatchApiCall } from '../../src/shared/api-dispatch.js';
import { createShellBackend } from '../../src/main/electron/backend.js';

/** A backend whose every method records its arguments; one method per contract name. */
function recordingBackend(): { backend: LoupeApi; calls: { name: string; args: unknown[] }[] } {
  const calls: { name: string; args: unknown[] }[] = [];
  const backend = Object.fromEntries(API_CHANNELS.map((name) => [name, async (...args: unknown[]) => {
    calls.push({ name, args });
    return { echoed: args };
  }])) as unknown as LoupeApi;
  return { backend, calls };
}

describe('API_CHANNELS / isApiChannel', () => {
  it('lists each call name once and accepts exactly those', () => {
    expect(new Set(API_CHANNELS).size).toBe(API_CHANNELS.length);
    expect(API_CHANNELS).toContain('status');
    for (const name of API_CHANNELS) expect(isApiChannel(name)).toBe(true);
    for (const name of ['toString', '__proto__', 'constructor', 'Status', '', 'index:progress', 5, null]) {
      expect(isApiChannel(name), String(name)).toBe(false);
    }
  });

  it('keeps event names apart from call names', () => {
    for (const name of API_EVENTS) {
      expect(isApiEvent(name)).toBe(true);
      expect(isApiChannel(name)).toBe(false);
    }
    expect(isApiEvent('status')).toBe(false);
  });

  it('is frozen, so no code can widen the allow-list at run time', () => {
    expect(Object.isFrozen(API_CHANNELS)).toBe(true);
    expect(() => (API_CHANNELS as string[]).push('readFile')).toThrow();
  });
});

describe('dispatchApiCall', () => {
  it('calls the named method with the given arguments and wraps its answer', async () => {
    const { backend, calls } = recordingBackend();
    await expect(dispatchApiCall(backend, 'findSimilar', [12, 5])).resolves.toEqual({ ok: true, value: { echoed: [12, 5] } });
    expect(calls).toEqual([{ name: 'findSimilar', args: [12, 5] }]);
  });

  it('refuses unknown names and non-array arguments without calling the backend', async () => {
    const { backend, calls } = recordingBackend();
    expect(await dispatchApiCall(backend, 'constructor', [])).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await dispatchApiCall(backend, { name: 'status' }, [])).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await dispatchApiCall(backend, 'status', 'not-an-array')).toMatchObject({ ok: false, error: { code: 'bad-arguments' } });
    expect(calls).toEqual([]);
  });

  it('turns an ApiError into its code and any other failure into "internal", never a throw', async () => {
    const backend = {
      ...recordingBackend().backend,
      removeFolder: async () => {
        throw new ApiError('not-found', 'No such folder: /gone');
      },
      facets: async () => {
        throw new TypeError('boom');
      },
      listFolders: () => {
        throw 'not even an Error';
      },
    } as unknown as LoupeApi;
    expect(await dispatchApiCall(backend, 'removeFolder', ['/gone'])).toEqual({ ok: false, error: { code: 'not-found', message: 'No such folder: /gone' } });
    expect(await dispatchApiCall(backend, 'facets', [])).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
    expect(await dispatchApiCall(backend, 'listFolders', [])).toEqual({ ok: false, error: { code: 'internal', message: 'not even an Error' } });
  });

  it('serves the shell backend: a real status, and engine-unavailable for library calls', async () => {
    const backend = createShellBackend('1.2.3');
    const status = await dispatchApiCall(backend, 'status', []);
    expect(status).toMatchObject({ ok: true, value: { appVersion: '1.2.3', engineReady: false, job: null } });
    // The envelope must survive JSON (the `loupe serve` transport) unchanged.
    expect(JSON.parse(JSON.stringify(status))).toEqual(status);
    for (const channel of API_CHANNELS.filter((c) => c !== 'status')) {
      expect(await dispatchApiCall(backend, channel, []), channel).toMatchObject({ ok: false, error: { code: 'engine-unavailable' } });
    }
  });
});

describe('dispatchApiCall: void calls', () => {
  it('answers null for a method that resolves undefined, so the envelope keeps its value through JSON', async () => {
    const backend = { pauseIndex: async () => undefined } as unknown as LoupeApi;
    const result = await dispatchApiCall(backend, 'pauseIndex', ['j1']);
    expect(JSON.parse(JSON.stringify(result))).toEqual({ ok: true, value: null });
  });
});
