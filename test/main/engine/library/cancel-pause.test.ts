import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { Job, JobCancelledError } from '../../../../src/main/engine/jobs/job.js';
import type { Stage } from '../../../../src/main/engine/pipeline/stage.js';
import { caltechSample, copyPhotos, makeTempDir } from '../../../helpers/fixtures.js';

describe('indexing as a pausable, cancellable job', () => {
  let tmp: { dir: string; cleanup: () => void };
  let engine: LoupeEngine;

  beforeEach(async () => {
    tmp = makeTempDir();
    const lib = path.join(tmp.dir, 'lib');
    copyPhotos(caltechSample(['ant', 'bass', 'crab', 'lamp'], 4), lib);
    // Two files at a time, so "stops between files" can be checked to within the files in flight.
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {}, concurrency: 2 });
    await engine.library.addFolder(lib);
  });
  afterEach(async () => {
    await engine.close();
    tmp.cleanup();
  });

  it('cancel stops between files, keeps what was done, and the next run finishes the rest', async () => {
    // every file's progress reported (the default coalesces to one report per 200 ms, which can pass over done === 3)
    const job = new Job('index', 0);
    job.on('progress', (p) => {
      if (p.phase === 'analyze' && p.done === 3) job.cancel();
    });
    await expect(engine.library.index(job)).rejects.toBeInstanceOf(JobCancelledError);
    const partial = engine.library.status();
    expect(partial.files).toBeGreaterThanOrEqual(3);
    expect(partial.pending).toBeGreaterThan(0);
    expect(partial.files + partial.pending).toBe(16);

    const rest = await engine.library.index();
    // catalogued by the stopped run, which could not say so: this run counts them as added; only the processing ran
    expect(rest.added).toBe(16);
    expect(rest.unchanged).toBe(0);
    expect(engine.library.status()).toMatchObject({ files: 16, pending: 0 });
  });

  it('a stop in the deep pass drops its model requests: no photo failed, and the next run finishes the deep stages', async () => {
    await engine.library.index(new Job('index'), { quick: true });
    await engine.close();
    // stopped just as a photo's text is looked for: its request to the model process is refused, which is a stop, not
    // the photo's failure
    const job = new Job('index', 0);
    const stopAtText = (stage: Stage): Stage => (stage.name !== 'text' ? stage : {
      name: stage.name, version: stage.version, pass: stage.pass, withPrevious: stage.withPrevious,
      run: (ctx) => {
        job.cancel();
        return stage.run(ctx);
      },
    });
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {}, concurrency: 2, wrapStage: stopAtText });
    await expect(engine.library.index(job)).rejects.toBeInstanceOf(JobCancelledError);
    const stopped = engine.library.status();
    expect(stopped.failed).toEqual([]);
    expect(stopped.pendingByStage.text).toBeGreaterThan(0);

    await engine.library.index();
    const done = engine.library.status();
    expect(done.failed).toEqual([]);
    expect(Object.values(done.pendingByStage).every((n) => n === 0)).toBe(true);
  });

  it('pause makes no progress until resumed, then completes', async () => {
    const job = new Job('index', 0);
    let pausedAt = -1;
    job.on('progress', (p) => {
      if (p.phase === 'analyze' && p.done === 2 && pausedAt < 0) {
        pausedAt = p.done;
        job.pause();
        setTimeout(() => {
          // Still where it stopped (the two files in flight may finish), then let it go.
          expect(job.progress().done).toBeLessThanOrEqual(pausedAt + 2);
          job.resume();
        }, 300);
      }
    });
    const summary = await engine.library.index(job);
    expect(summary.added).toBe(16);
    expect(engine.library.status().files).toBe(16);
  });
});
