import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forkNodeWorker, modelProcessEnv } from '../../../../src/main/engine/inference/worker-port.js';

/** A stand-in model process that reports its own allocator setting over the same IPC channel, then exits. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-worker-port-'));
const script = path.join(dir, 'report-env.mjs');
fs.writeFileSync(script, "process.send({ arenas: process.env.MALLOC_ARENA_MAX ?? null }, () => process.exit(0));\n");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function arenasOfForkedProcess(): Promise<unknown> {
  const port = forkNodeWorker(script);
  return new Promise((resolve) => port.onMessage((m) => resolve((m as unknown as { arenas: unknown }).arenas)));
}

describe('the model process environment', () => {
  it('runs the forked model process with glibc malloc limited to 2 arenas (its memory kept growing otherwise)', async () => {
    const before = process.env.MALLOC_ARENA_MAX;
    delete process.env.MALLOC_ARENA_MAX;
    try {
      expect(await arenasOfForkedProcess()).toBe('2');
    } finally {
      if (before !== undefined) process.env.MALLOC_ARENA_MAX = before;
    }
  });

  it("keeps a value the user set, and the rest of the parent's environment", () => {
    const env = modelProcessEnv({ MALLOC_ARENA_MAX: '4', LOUPE_HOME: '/x' });
    expect(env).toEqual({ MALLOC_ARENA_MAX: '4', LOUPE_HOME: '/x' });
    expect(modelProcessEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '2' });
  });
});
