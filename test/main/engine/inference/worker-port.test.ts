import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forkNodeWorker } from '../../../../src/main/engine/inference/worker-port.js';
import { mallocEnv } from '../../../../src/main/engine/runtime/malloc-tuning.js';

/** A stand-in model process that reports its own allocator settings over the same IPC channel, then exits. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-worker-port-'));
const script = path.join(dir, 'report-env.mjs');
fs.writeFileSync(script, `process.send({ arenas: process.env.MALLOC_ARENA_MAX ?? null, mmap: process.env.MALLOC_MMAP_THRESHOLD_ ?? null }, () => process.exit(0));\n`);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function settingsOfForkedProcess(): Promise<unknown> {
  const port = forkNodeWorker(script);
  return new Promise((resolve) => port.onMessage((m) => resolve(m)));
}

describe('the model process environment', () => {
  it("starts the forked model process with glibc malloc's settings (its memory kept growing otherwise)", async () => {
    const before = { arenas: process.env.MALLOC_ARENA_MAX, mmap: process.env.MALLOC_MMAP_THRESHOLD_ };
    delete process.env.MALLOC_ARENA_MAX;
    delete process.env.MALLOC_MMAP_THRESHOLD_;
    try {
      const expected = mallocEnv({});
      expect(await settingsOfForkedProcess()).toEqual({ arenas: expected.MALLOC_ARENA_MAX, mmap: expected.MALLOC_MMAP_THRESHOLD_ });
    } finally {
      if (before.arenas !== undefined) process.env.MALLOC_ARENA_MAX = before.arenas;
      if (before.mmap !== undefined) process.env.MALLOC_MMAP_THRESHOLD_ = before.mmap;
    }
  });
});
