// The backend of a host whose catalog could not be opened (damaged, emptied or deleted). It answers `status` with
// what happened and the backup on offer, `repairHome` with the same ways out as `loupe doctor`, and every other
// call with ApiError('home-damaged'); once the home is repaired it opens the engine and passes every call to an
// ordinary engine backend. So the UI shows a banner instead of a host that never started.
import { API_CHANNELS, type ApiChannel, type LibraryStatus, type LoupeApi } from '../../shared/api.js';
import { ApiError } from '../../shared/api-dispatch.js';
import type { HomeDamage, HomeRepair } from '../../shared/home-types.js';
import type { LoupeEngine } from '../engine/engine.js';
import { listBackups } from '../engine/home/catalog-health.js';
import { CatalogDamagedError } from '../engine/home/home-errors.js';
import { repairHome } from '../engine/home/home-repair.js';
import { asApi } from './api-errors.js';
import { createEngineBackend, type EngineBackend, type EngineBackendOptions } from './engine-backend.js';
import { validateArgs } from './validate-args.js';

export interface DamagedHomeBackendOptions extends Omit<EngineBackendOptions, 'engine'> {
  home: string;
  /** why the engine did not open */
  damage: CatalogDamagedError;
  /** opens the engine once the home is repaired (its owner closes it, as an engine passed to createEngineBackend) */
  openEngine: () => LoupeEngine;
  /** how the repair is named in the home's writer lock (default 'loupe serve') */
  command?: string;
}

export type DamagedHomeBackend = LoupeApi & Pick<EngineBackend, 'media' | 'close'> & {
  /** the engine backend once the home is repaired, else null */
  repaired(): EngineBackend | null;
};

/** The UI's view of a damage error: what happened, and the newest backup. */
export function homeDamageOf(home: string, err: CatalogDamagedError): HomeDamage {
  const newest = listBackups(home)[0];
  return {
    problem: err.problem,
    catalog: err.catalogPath,
    detail: err.detail,
    backup: newest ? { file: newest.file, takenAt: newest.takenAt } : null,
    message: err.message,
  };
}

export function createDamagedHomeBackend(opts: DamagedHomeBackendOptions): DamagedHomeBackend {
  const { home, openEngine, ...backendOptions } = opts;
  let damage: CatalogDamagedError = opts.damage;
  let inner: EngineBackend | null = null;
  let closed = false;

  const damagedStatus = (): LibraryStatus => ({
    appVersion: opts.appVersion,
    engineReady: false,
    folderCount: 0,
    photoCount: 0,
    pendingCount: 0,
    failedCount: 0,
    job: null,
    provider: null,
    homeNotice: damage.message,
    homeNotices: [],
    homeDamage: homeDamageOf(home, damage),
  });

  const repair = async (choice: HomeRepair): Promise<LibraryStatus> => {
    if (inner) throw new ApiError('conflict', 'repairHome: the library home is sound; nothing to repair');
    await asApi('repairHome', () => repairHome(home, choice, opts.command ?? 'loupe serve'));
    let engine: LoupeEngine;
    try {
      engine = openEngine();
    } catch (err) {
      // The backup itself would not open (damaged since it was checked): still damaged, say so again.
      if (err instanceof CatalogDamagedError) {
        damage = err;
        throw new ApiError('home-damaged', `repairHome: ${err.message}`);
      }
      throw err;
    }
    inner = createEngineBackend({ ...backendOptions, engine });
    backendOptions.emit('library:changed', { reason: 'reconnected' });
    return inner.status();
  };

  const calls = {} as Record<ApiChannel, (...args: unknown[]) => Promise<unknown>>;
  for (const channel of API_CHANNELS) {
    calls[channel] = async (...args: unknown[]) => {
      if (closed) throw new ApiError('engine-unavailable', `${channel}: the library is closed`);
      if (inner) return (inner[channel] as (...a: unknown[]) => Promise<unknown>)(...args);
      validateArgs(channel, args);
      if (channel === 'status') return damagedStatus();
      if (channel === 'repairHome') return repair(args[0] as HomeRepair);
      throw new ApiError('home-damaged', `${channel}: ${damage.message}`);
    };
  }
  return {
    ...(calls as unknown as LoupeApi),
    async media(size, photoId) {
      return inner ? inner.media(size, photoId) : null;
    },
    repaired: () => inner,
    async close() {
      closed = true;
      await inner?.close();
    },
  };
}
