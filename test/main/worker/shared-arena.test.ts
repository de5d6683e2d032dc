// The model process's models share one CPU arena (issue #15: memory while indexing): a second model run on the same
// input grows no arena of its own, the maps are those of a session with an arena of its own, and the arena's memory
// goes back once it is released with its sessions. Run in this process (vitest's forks: one process per file), on
// the real text detector, the model whose arena is the largest (~255 MiB for a 1,280 x 960 detection).
import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { bundledModelsDir } from '../../../src/main/engine/paths.js';
import { openSession } from '../../../src/main/worker/sessions.js';
import { releaseSharedArena, sharedArenaUnavailable, useSharedArena } from '../../../src/main/worker/shared-arena.js';
import { TEXT_MODEL_FILES } from '../../../src/main/engine/text/text-models.js';
import { testPhoto } from '../../helpers/fixtures.js';

const DETECTOR = path.join(bundledModelsDir(), 'text', TEXT_MODEL_FILES.detector);
const rssMiB = (): number => Number(/^VmRSS:\s+(\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
const probe = () => ({ x: new ort.Tensor('float32', new Float32Array(3 * 64 * 64), [1, 3, 64, 64]) });

/** A photo as the detector's input at 1,280 x 960 (planes of 0-1 floats: the values matter less than the size). */
async function input(): Promise<ort.Tensor> {
  const { data } = await sharp(testPhoto('hires/lomiri16__Bridge_by_Sander_Klootwijk.jpg')).resize(1280, 960, { fit: 'fill' })
    .removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const planes = new Float32Array(3 * 1280 * 960);
  for (let i = 0; i < 1280 * 960; i++) for (let c = 0; c < 3; c++) planes[c * 1280 * 960 + i] = data[i * 3 + c] / 255;
  return new ort.Tensor('float32', planes, [1, 3, 960, 1280]);
}

describe.runIf(process.platform === 'linux')('the shared CPU arena', () => {
  it('is registered in the onnxruntime the binding loaded', () => {
    expect(useSharedArena(), sharedArenaUnavailable() ?? '').toBe(true);
  });

  it('runs a second model without an arena of its own, to the same map as a session with its own arena', async () => {
    const x = await input();
    const first = (await openSession(DETECTOR, ['cpu'], 2, probe)).session;
    const second = (await openSession(DETECTOR, ['cpu'], 2, probe)).session;
    const own = await ort.InferenceSession.create(DETECTOR, { executionProviders: ['cpu'], intraOpNumThreads: 2, enableMemPattern: false });
    try {
      let before = rssMiB();
      const map = (await first.run({ x }))[first.outputNames[0]].data as Float32Array;
      const grewFirst = rssMiB() - before;
      before = rssMiB();
      const again = (await second.run({ x }))[second.outputNames[0]].data as Float32Array;
      const grewSecond = rssMiB() - before;
      // the first run grows the arena by the detection's buffers; the second model finds them there
      expect(grewFirst).toBeGreaterThan(100);
      expect(grewSecond).toBeLessThan(grewFirst / 4);
      const reference = (await own.run({ x }))[own.outputNames[0]].data as Float32Array;
      expect(Buffer.from(map.buffer, map.byteOffset, map.byteLength).equals(Buffer.from(reference.buffer, reference.byteOffset, reference.byteLength))).toBe(true);
      expect(Buffer.from(again.buffer, again.byteOffset, again.byteLength).equals(Buffer.from(map.buffer, map.byteOffset, map.byteLength))).toBe(true);
    } finally {
      await own.release();
      await first.release();
      await second.release();
    }
  });

  it('gives its memory back once released with its sessions, and a session opened later gets a new one', async () => {
    const x = await input();
    const session = (await openSession(DETECTOR, ['cpu'], 2, probe)).session;
    await session.run({ x });
    await session.release();
    const held = rssMiB();
    releaseSharedArena();
    expect(held - rssMiB()).toBeGreaterThan(100);
    const later = (await openSession(DETECTOR, ['cpu'], 2, probe)).session;
    try {
      expect(useSharedArena()).toBe(true);
      expect((await later.run({ x }))[later.outputNames[0]].dims).toEqual([1, 1, 960, 1280]);
    } finally {
      await later.release();
      releaseSharedArena();
    }
  });
});
