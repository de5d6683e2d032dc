// The preload's window.loupe bridge, on a recording stand-in for ipcRenderer (Electron's IPC is the
// true boundary here: the electron module cannot load outside Electron).
import { describe, expect, it } from 'vitest';
import { createBridge, type IpcPort } from '../../src/preload/bridge.js';
import { API_CHANNELS, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, IPC_PICK_FOLDER_CHANNEL, IPC_SHOW_ITEM_CHANNEL, type LoupeBridge } from '../../src/shared/api.js';
import type { JobProgress } from '../../src/shared/library-types.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc() {
  const invokes: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const port: IpcPort = {
    invoke: async (channel, ...args) => {
      invokes.push({ channel, args });
      return { ok: true, value: `answer to ${String(args[0])}` };
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    },
    removeListener: (channel, listener) => {
      listeners.get(channel)?.delete(listener);
    },
  };
  /** What the main process's webContents.send(IPC_EVENT_CHANNEL, name, payload) would deliver. */
  const send = (name: unknown, payload: unknown): void => {
    for (const listener of listeners.get(IPC_EVENT_CHANNEL) ?? []) listener({ sender: 'ipc-event' }, name, payload);
  };
  const listenerCount = (): number => listeners.get(IPC_EVENT_CHANNEL)?.size ?? 0;
  return { port, invokes, send, listenerCount };
}

/** Calls the bridge with names the type system would refuse, as a compromised page could. */
const untypedInvoke = (bridge: LoupeBridge, channel: string, ...args: unknown[]): Promise<unknown> =>
  (bridge.invoke as (c: string, ...a: unknown[]) => Promise<unknown>)(channel, ...args);

const progress = (done: number): JobProgress => ({
  jobId: 'j1', kind: 'index', state: 'running', phase: 'analyze',
      stages: [], done, total: 10, failed: 0, rate: 1, etaSeconds: null, current: null,
});

describe('window.loupe.invoke', () => {
  it('forwards every contract call on the one invoke channel, with its arguments as an array', async () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc.port);
    await expect(bridge.invoke('addFolder', '/photos')).resolves.toEqual({ ok: true, value: 'answer to addFolder' });
    for (const channel of API_CHANNELS) await untypedInvoke(bridge, channel);
    expect(ipc.invokes[0]).toEqual({ channel: IPC_INVOKE_CHANNEL, args: ['addFolder', ['/photos']] });
    expect(ipc.invokes.map((i) => i.args[0])).toEqual(['addFolder', ...API_CHANNELS]);
  });

  it.each(['readFile', 'constructor', 'toString', '__proto__', 'hasOwnProperty', '', 'status '])(
    'rejects the unknown channel %j without touching IPC',
    async (channel) => {
      const ipc = fakeIpc();
      await expect(untypedInvoke(createBridge(ipc.port), channel)).rejects.toThrow(/unknown channel/);
      expect(ipc.invokes).toEqual([]);
    },
  );

  it('rejects non-string channel names', async () => {
    const ipc = fakeIpc();
    const invoke = createBridge(ipc.port).invoke as (c: unknown) => Promise<unknown>;
    await expect(invoke(42)).rejects.toThrow(/unknown channel/);
    await expect(invoke({ toString: () => 'status' })).rejects.toThrow(/unknown channel/);
    expect(ipc.invokes).toEqual([]);
  });
});

describe('window.loupe.on', () => {
  it('delivers only the subscribed event, payload only (never the IPC event object)', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc.port);
    const received: unknown[][] = [];
    bridge.on('index:progress', (...args) => received.push(args));
    ipc.send('index:progress', progress(3));
    ipc.send('folders:changed', { folders: [] });
    ipc.send('not-an-event', { secret: true });
    expect(received).toEqual([[progress(3)]]);
  });

  it('stops delivering after unsubscribe and releases the IPC listener with the last one', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc.port);
    const a: number[] = [];
    const b: number[] = [];
    const offA = bridge.on('index:progress', (p) => a.push(p.done));
    const offB = bridge.on('index:progress', (p) => b.push(p.done));
    expect(ipc.listenerCount()).toBe(1);
    ipc.send('index:progress', progress(1));
    offA();
    ipc.send('index:progress', progress(2));
    offB();
    ipc.send('index:progress', progress(3));
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
    expect(ipc.listenerCount()).toBe(0);
  });

  it('ignores a second call of an old unsubscribe (it must not drop newer subscriptions)', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc.port);
    const off = bridge.on('index:progress', () => undefined);
    off();
    const later: number[] = [];
    bridge.on('index:progress', (p) => later.push(p.done));
    off();
    ipc.send('index:progress', progress(7));
    expect(later).toEqual([7]);
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc.port);
    const got: number[] = [];
    bridge.on('index:progress', () => {
      throw new Error('listener bug');
    });
    bridge.on('index:progress', (p) => got.push(p.done));
    // The faulty listener's error is rethrown in a microtask, where vitest would report it as unhandled.
    const unhandled = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
    ipc.send('index:progress', progress(4));
    expect(got).toEqual([4]);
    await expect(unhandled).resolves.toMatchObject({ message: 'listener bug' });
  });

  it('refuses unknown event names and non-function listeners', () => {
    const bridge = createBridge(fakeIpc().port);
    const on = bridge.on as (event: string, listener: unknown) => () => void;
    expect(() => on('fs:changed', () => undefined)).toThrow(/unknown event/);
    expect(() => on('index:progress', 'not a function')).toThrow(/listener must be a function/);
  });
});

describe('desktop-only bridge members', () => {
  it('asks the main process for the folder picker and for "show in folder", and passes back only what fits', async () => {
    const answers: Record<string, unknown> = { [IPC_PICK_FOLDER_CHANNEL]: '/home/me/Photos', [IPC_SHOW_ITEM_CHANNEL]: true };
    const invokes: { channel: string; args: unknown[] }[] = [];
    const port: IpcPort = {
      invoke: async (channel, ...args) => {
        invokes.push({ channel, args });
        return answers[channel];
      },
      on: () => undefined,
      removeListener: () => undefined,
    };
    const bridge = createBridge(port);
    expect(await bridge.pickFolder!()).toBe('/home/me/Photos');
    expect(await bridge.showItemInFolder!('/home/me/Photos/a.jpg')).toBe(true);
    expect(invokes).toEqual([
      { channel: IPC_PICK_FOLDER_CHANNEL, args: [] },
      { channel: IPC_SHOW_ITEM_CHANNEL, args: ['/home/me/Photos/a.jpg'] },
    ]);
    // a cancelled dialog, or an answer of the wrong type, is "nothing picked" / "not shown"
    answers[IPC_PICK_FOLDER_CHANNEL] = undefined;
    answers[IPC_SHOW_ITEM_CHANNEL] = 'yes';
    expect(await bridge.pickFolder!()).toBeNull();
    expect(await bridge.showItemInFolder!('/x.jpg')).toBe(false);
    await expect(bridge.showItemInFolder!(42 as unknown as string)).rejects.toThrow(TypeError);
  });
});
