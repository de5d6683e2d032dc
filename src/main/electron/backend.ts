// The backend the window talks to: the engine backend (src/main/backend) over the library in the app's data
// folder, which the CLI and `loupe serve` share. If the library cannot be opened, a shell backend answers
// `status` and reports 'engine-unavailable' for everything else, so the UI can say why instead of hanging.
// No `electron` import here (main.ts hands in the Electron pieces), so this module loads in plain Node tests.
import { API_CHANNELS, type ApiChannel, type LibraryStatus, type LoupeApi } from '../../shared/api.js';
import { ApiError } from '../../shared/api-dispatch.js';
import { createEngineBackend, type EmitEvent, type EngineBackend } from '../backend/engine-backend.js';
import { LoupeEngine } from '../engine/engine.js';
import { resolveHome } from '../engine/home.js';
import type { WorkerPortFactory } from '../engine/inference/worker-port.js';
import type { TrashItemFunction } from '../engine/trash/system-trash.js';
import { CatalogDamagedError } from '../engine/home/home-errors.js';
import { createDamagedHomeBackend } from '../backend/damaged-home-backend.js';

export function createShellBackend(appVersion: string, reason = 'The photo engine is not available'): LoupeApi {
  const calls = {} as Record<ApiChannel, () => Promise<unknown>>;
  for (const channel of API_CHANNELS) {
    calls[channel] = async () => {
      throw new ApiError('engine-unavailable', reason);
    };
  }
  return {
    ...(calls as unknown as LoupeApi),
    async status(): Promise<LibraryStatus> {
      return { appVersion, engineReady: false, folderCount: 0, photoCount: 0, pendingCount: 0, failedCount: 0, job: null, provider: null };
    },
  };
}

export interface AppBackend {
  api: LoupeApi;
  /** the engine backend when the library opened (or once a damaged home was repaired), else null (media and reveal
   *  then serve nothing) */
  readonly engineBackend: EngineBackend | null;
  /** Stops the watcher and jobs, then closes the library. */
  close(): Promise<void>;
}

export interface AppBackendOptions {
  appVersion: string;
  emit: EmitEvent;
  /** the model process (main.ts: an Electron utilityProcess, so a crash there never takes the window down) */
  workerPort: WorkerPortFactory;
  /** macOS/Windows: the OS trash through Electron (keeps the Finder's "Put Back" working) */
  trashItem: TrashItemFunction;
  /** the library home (default: resolveHome()) */
  home?: string;
}

export function openAppBackend(opts: AppBackendOptions): AppBackend {
  const home = opts.home ?? resolveHome();
  const warn = (m: string): void => console.warn(`loupe: ${m}`);
  const open = (): LoupeEngine => LoupeEngine.open({ home, workerPort: opts.workerPort, trashItem: opts.trashItem, warn });
  let engine: LoupeEngine;
  try {
    engine = open();
  } catch (error) {
    if (error instanceof CatalogDamagedError) return damagedHome(opts, home, error, open);
    const reason = `The library could not be opened: ${error instanceof Error ? error.message : String(error)}`;
    console.error(`loupe: ${reason}`);
    return { api: createShellBackend(opts.appVersion, reason), engineBackend: null, close: async () => {} };
  }
  const backend = createEngineBackend({ engine, appVersion: opts.appVersion, emit: opts.emit, warn });
  return {
    api: backend,
    engineBackend: backend,
    close: async () => {
      try {
        await backend.close();
      } finally {
        await engine.close();
      }
    },
  };
}

/** A damaged home: the window shows what happened and offers the backup (the same as `loupe doctor`); the engine
 *  opens once the user repairs it. */
function damagedHome(opts: AppBackendOptions, home: string, damage: CatalogDamagedError, open: () => LoupeEngine): AppBackend {
  console.error(`loupe: ${damage.message}`);
  let engine: LoupeEngine | null = null;
  const backend = createDamagedHomeBackend({
    home,
    damage,
    appVersion: opts.appVersion,
    emit: opts.emit,
    warn: (m) => console.warn(`loupe: ${m}`),
    command: 'Loupe',
    openEngine: () => (engine = open()),
  });
  return {
    api: backend,
    get engineBackend() {
      return backend.repaired();
    },
    close: async () => {
      try {
        await backend.close();
      } finally {
        await engine?.close();
      }
    },
  };
}
