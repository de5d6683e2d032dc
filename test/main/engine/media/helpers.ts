// Shared by the media tests: the real sample photos, and throw-away temp folders.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { TEST_PHOTOS, testPhoto } from '../../../helpers/fixtures.js';

/** The robustness photos the tests carry (read-only: copy before modifying). */
export const ROBUSTNESS = path.join(TEST_PHOTOS, 'robustness');
/** A test photo by its path below test/fixtures/photos, e.g. data('hires/mate__Aqua.jpg'). */
export const data = (...parts: string[]): string => testPhoto(path.join(...parts));

/** A fresh temp folder, removed after the current test. */
export function useTempDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-media-test-'));
    dirs.push(dir);
    return dir;
  };
}

/** Mean absolute difference per channel value between two same-sized raw buffers. */
export function meanAbsDiff(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) throw new Error(`buffer sizes differ: ${a.length} vs ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}
