import fs from 'node:fs';
import { createRequire } from 'node:module';

/**
 * One CPU memory arena for every model of the model process, instead of one per model (issue #15: memory while
 * indexing). onnxruntime gives each session an arena of its own, which keeps the largest buffers that session ever
 * needed; the process runs one model at a time (worker requests are handled in turn), so the sum of those arenas is
 * memory that is never used at once: the text reading detector's ~255 MiB beside the recogniser's, the look's, the
 * face models' and the embedding models'. A shared arena holds what the largest run needs. `loupe index` of the exif
 * samples, the model process at its peak: 679-709 -> 507 MiB (docs/architecture.md "Memory").
 *
 * A shared arena is registered in onnxruntime's environment (a session opts in with `session.use_env_allocators`),
 * through its C API, which onnxruntime-node does not expose: reached here through koffi, the FFI library Loupe already
 * uses for glibc's mallopt, in the library file the binding loaded (its environment is a process-wide singleton).
 * The C API's function table only grows at its end, so the slots below keep their places in every release.
 */

/** Slots of onnxruntime's `OrtApi` table (include/onnxruntime/core/session/onnxruntime_c_api.h; the table's
 *  static_asserts in onnxruntime_c_api.cc pin them). */
const SLOT = {
  GetErrorMessage: 2, CreateEnv: 3, CreateCpuMemoryInfo: 69, ReleaseEnv: 92, CreateAndRegisterAllocator: 144,
  UnregisterAllocator: 177,
} as const;
/** the API version asked of `GetApi`: one that has every slot above (onnxruntime 1.16 and later) */
const API_VERSION = 16;
/** onnxruntime-node's own logging level for the environment (whichever of the two creates it first) */
const ORT_LOGGING_LEVEL_WARNING = 2;
const ORT_ARENA_ALLOCATOR = 1;
const ORT_MEM_TYPE_DEFAULT = 0;

/** The session options that make a session allocate from the shared arena instead of an arena of its own. */
export const SHARED_ARENA_SESSION_CONFIG = { use_env_allocators: '1' } as const;

interface OrtCalls {
  register(): void;
  unregister(): void;
}

let calls: OrtCalls | { unavailable: string } | null = null;
let registered = false;

/**
 * Registers the shared arena if it is not (again after `releaseSharedArena`). Returns whether CPU sessions opened now
 * should use it. Where it cannot be (not Linux, onnxruntime's library not found or too old), nothing changes: each
 * session keeps an arena of its own, as every model did before.
 */
export function useSharedArena(): boolean {
  calls ??= bind();
  if ('unavailable' in calls) return false;
  if (!registered) {
    try {
      calls.register();
    } catch (err) {
      calls = { unavailable: (err as Error).message };
      return false;
    }
    registered = true;
  }
  return true;
}

/** Why sessions keep arenas of their own, where they do (said by the test that checks the registration); null where the
 *  arena is used. */
export function sharedArenaUnavailable(): string | null {
  return calls && 'unavailable' in calls ? calls.unavailable : null;
}

/**
 * Takes the shared arena out of onnxruntime's environment: its memory goes back once the sessions that use it are
 * released (each holds it until then). Called when every model was released for idleness, so an idle process gives
 * back what its models' runs grew; the next session opened registers a new, empty one.
 */
export function releaseSharedArena(): void {
  if (!registered || !calls || 'unavailable' in calls) return;
  registered = false;
  try {
    calls.unregister();
  } catch (err) {
    calls = { unavailable: (err as Error).message };
  }
}

function bind(): OrtCalls | { unavailable: string } {
  const library = loadedOnnxruntime();
  if (!library) return { unavailable: 'onnxruntime\'s library is not among this process\'s mapped files (Linux only)' };
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    const base = koffi.load(library).func('void* OrtGetApiBase()')() as unknown;
    const api = koffi.call(koffi.decode(base, 0, 'void*'), koffi.proto('void* OrtGetApi(uint32_t version)'), API_VERSION) as unknown;
    if (!api) return { unavailable: `${library} has no C API version ${API_VERSION}` };
    const slot = (name: keyof typeof SLOT, signature: string) => {
      const fn = koffi.decode(api, SLOT[name] * koffi.sizeof('void*'), 'void*') as unknown;
      const proto = koffi.proto(signature);
      return (...args: unknown[]) => koffi.call(fn, proto, ...args) as unknown;
    };
    const message = slot('GetErrorMessage', 'const char* OrtGetErrorMessage(void* status)');
    const check = (status: unknown, what: string) => {
      if (status) throw new Error(`onnxruntime's ${what} failed: ${String(message(status))}`);
    };
    const createEnv = slot('CreateEnv', 'void* OrtCreateEnv(int level, const char* id, _Out_ void** out)');
    const releaseEnv = slot('ReleaseEnv', 'void OrtReleaseEnv(void* env)');
    const createCpuMemoryInfo = slot('CreateCpuMemoryInfo', 'void* OrtCreateCpuMemoryInfo(int type, int memType, _Out_ void** out)');
    const createAndRegister = slot('CreateAndRegisterAllocator', 'void* OrtCreateAndRegisterAllocator(void* env, void* info, void* config)');
    const unregister = slot('UnregisterAllocator', 'void* OrtUnregisterAllocator(void* env, void* info)');
    // the environment onnxruntime-node uses (a singleton: CreateEnv hands back the one there is), held for good
    const env: unknown[] = [null];
    check(createEnv(ORT_LOGGING_LEVEL_WARNING, 'onnxruntime-node', env), 'CreateEnv');
    const info: unknown[] = [null];
    const status = createCpuMemoryInfo(ORT_ARENA_ALLOCATOR, ORT_MEM_TYPE_DEFAULT, info);
    if (status) {
      releaseEnv(env[0]);
      check(status, 'CreateCpuMemoryInfo');
    }
    return {
      // no arena settings: onnxruntime's defaults, those of the sessions' own arenas
      register: () => check(createAndRegister(env[0], info[0], null), 'CreateAndRegisterAllocator'),
      unregister: () => check(unregister(env[0], info[0]), 'UnregisterAllocator'),
    };
  } catch (err) {
    return { unavailable: (err as Error).message };
  }
}

/** The onnxruntime library the binding loaded into this process (the same file: the same environment). */
function loadedOnnxruntime(): string | null {
  if (process.platform !== 'linux') return null;
  try {
    return /\s(\/\S*\/libonnxruntime\.so[.\d]*)$/m.exec(fs.readFileSync('/proc/self/maps', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}
