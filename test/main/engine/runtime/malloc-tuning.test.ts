import { describe, expect, it } from 'vitest';
import { MALLOC_SETTINGS, mallocEnv, tuneMalloc } from '../../../../src/main/engine/runtime/malloc-tuning.js';

// What the settings save is a figure (bench/index-memory.ts); these check that they reach the processes.
describe("glibc malloc's settings", () => {
  it('are applied to the running process through mallopt, on Linux with glibc (this machine)', () => {
    if (process.platform !== 'linux') {
      expect(tuneMalloc({}).applied).toEqual([]);
      return;
    }
    expect(tuneMalloc({})).toEqual({
      applied: [`MALLOC_ARENA_MAX=${MALLOC_SETTINGS.arenaMax}`, `MALLOC_MMAP_THRESHOLD_=${MALLOC_SETTINGS.mmapThreshold}`],
    });
  });

  it('leave alone one the user set in the environment (glibc read it at start)', () => {
    if (process.platform !== 'linux') return;
    expect(tuneMalloc({ MALLOC_ARENA_MAX: '8' }).applied).toEqual([`MALLOC_MMAP_THRESHOLD_=${MALLOC_SETTINGS.mmapThreshold}`]);
  });

  it("go to a child process through its environment, with the parent's and the user's own values kept", () => {
    expect(mallocEnv({ PATH: '/bin' })).toEqual({
      PATH: '/bin', MALLOC_ARENA_MAX: String(MALLOC_SETTINGS.arenaMax), MALLOC_MMAP_THRESHOLD_: String(MALLOC_SETTINGS.mmapThreshold),
    });
    expect(mallocEnv({ MALLOC_ARENA_MAX: '4' }).MALLOC_ARENA_MAX).toBe('4');
  });
});
