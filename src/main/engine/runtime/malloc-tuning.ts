import { createRequire } from 'node:module';

/**
 * glibc malloc settings for Loupe's processes, which decode photos (libvips) and run models (onnxruntime) on buffers
 * of megabytes, from many threads. By default glibc
 * - gives each thread that allocates an arena of its own (up to 8 a core), and what one arena freed serves no other;
 * - raises its mmap threshold to the size of each large block freed (up to 32 MiB), so that later blocks of 1-32 MiB
 *   (a photo decoded at 1,280 px, a model's activations) come from those arenas and stay with the process, scattered
 *   between small live allocations, after they are freed.
 * With 2 arenas and a fixed 1 MiB threshold, blocks of 1 MiB and more are mapped for their use and handed back when
 * freed. `loupe index` of 132 mixed photos (bench/index-memory.ts): the indexing process at 477 -> 284 MiB at its peak,
 * the model process 671 -> 654, the same CPU; 117 receipts and street scenes: 336 -> 246 and 775 -> 716 MiB.
 */
export const MALLOC_SETTINGS = { arenaMax: 2, mmapThreshold: 1 << 20 } as const;

/** glibc's names for the settings: environment variables (read when a process starts) and mallopt()'s parameters */
const SETTINGS = [
  { env: 'MALLOC_ARENA_MAX', param: -8 /* M_ARENA_MAX */, value: MALLOC_SETTINGS.arenaMax },
  { env: 'MALLOC_MMAP_THRESHOLD_', param: -3 /* M_MMAP_THRESHOLD */, value: MALLOC_SETTINGS.mmapThreshold },
] as const;

/** The environment of a child process with the settings, read by glibc as it starts. A value the user set is kept. */
export function mallocEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const s of SETTINGS) out[s.env] = env[s.env] ?? String(s.value);
  return out;
}

export interface MallocTuning {
  /** the settings applied to this process (those the user set in the environment are left as glibc read them) */
  applied: string[];
  /** why nothing was applied, where nothing was */
  skipped?: string;
}

/**
 * Applies the settings to the running process, through glibc's mallopt() (its environment variables are read only
 * when a process starts, too late for the one already running): for the processes Loupe does not start itself (the
 * CLI and `loupe serve`, the desktop app's main process). Call it first, before photos are decoded. On other C
 * libraries (macOS, Windows, musl) it does nothing: their allocators behave otherwise and mallopt is not theirs.
 */
export function tuneMalloc(env: NodeJS.ProcessEnv = process.env): MallocTuning {
  if (process.platform !== 'linux') return { applied: [], skipped: `not glibc (${process.platform})` };
  let mallopt: (param: number, value: number) => number;
  try {
    // koffi (an FFI library with prebuilt binaries) reaches mallopt without a native addon of Loupe's own
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    mallopt = koffi.load('libc.so.6').func('int mallopt(int param, int value)') as (param: number, value: number) => number;
  } catch (err) {
    return { applied: [], skipped: `glibc's mallopt unavailable: ${(err as Error).message}` }; // musl: no libc.so.6
  }
  const applied = SETTINGS.filter((s) => env[s.env] === undefined && mallopt(s.param, s.value) === 1).map((s) => `${s.env}=${s.value}`);
  return { applied };
}
