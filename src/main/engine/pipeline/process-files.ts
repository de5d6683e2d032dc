import type { FileRepository, FileRow, StageVersion } from '../catalog/file-repository.js';
import type { Job } from '../jobs/job.js';
import { JobCancelledError } from '../jobs/job.js';
import { MediaError } from '../media/types.js';
import type { FileScratch, Stage, StagePass } from './stage.js';
import type { DeepPriority } from './deep-priority.js';
import { forEachLimit } from '../util/concurrency.js';
import { isBusy, isDiskFull } from '../home/home-errors.js';

export interface ProcessResult {
  processed: number;
  /** ids of files that failed a stage in this run */
  failedIds: number[];
}

export function stageVersions(stages: readonly Stage[]): StageVersion[] {
  return stages.map((s) => ({ stage: s.name, version: s.version }));
}

/**
 * The quick pass: runs every due stage on every due file, a few files at a time. Each stage's result is committed as soon as it is
 * ready, so killing the process loses only the files in flight; the next run picks up what is still due.
 * A failing file is recorded with its reason and the run goes on.
 */
export async function processDueFiles(
  files: FileRepository,
  stages: readonly Stage[],
  job: Job,
  concurrency: number,
): Promise<ProcessResult> {
  const due = files.dueIds(stageVersions(stages));
  job.startPhase('analyze', due.length);
  const failedIds: number[] = [];
  let processed = 0;

  await forEachLimit(due, concurrency, async (id) => {
    await job.checkpoint();
    const file = files.byId(id);
    if (!file) return job.itemDone(null); // removed meanwhile
    const { ok, failed } = await runStages(files, file, stages, job, 'quick');
    if (failed) failedIds.push(id);
    if (ok) {
      files.setState(id, 'ready');
      files.clearErrorsOf(id, stages.map((s) => s.name)); // these stages all succeeded: older failure records are stale
    }
    processed++;
    job.itemDone(file.path, ok);
  });
  return { processed, failedIds };
}

/**
 * The deep pass, one walk at a time (progress then reads "faces 40%"): runs the walk's stages (one stage, or a stage
 * and those that share its decode, Stage.withPrevious) on every photo that is through the quick pass ('ready') and for
 * which one of them is due. Their input comes from the caches the quick pass left (the preview), so no state is shared
 * across passes. A failure is recorded with its reason (listed like every failure) but does not make the photo
 * 'failed': the photo stays browsable, searchable and in its duplicate group; the walk's other stages still run
 * (none needs another's output: a stage that shares a decode makes its own when there is none).
 * The photos go newest first, as the library grid shows them, except that a photo the user opens meanwhile
 * (`priority`) is taken next.
 */
export async function processDeepWalk(
  files: FileRepository,
  walk: readonly Stage[],
  job: Job,
  concurrency: number,
  priority?: DeepPriority,
): Promise<ProcessResult> {
  const ready = new Set(files.idsWithState('ready'));
  // newest first (the top of the grid, what the user sees first), the walk's first stage's due photos first
  const dueBy = walk.map((stage) => files.dueIds(stageVersions([stage]), 'newest').filter((id) => ready.has(id)));
  const due = [...new Set(dueBy.flat())];
  // progress names the walk's stages with work to do (a version bump of copy quality alone is not "viewer images")
  job.startPhase('deep', due.length, walk.filter((_, i) => dueBy[i].length > 0).map((s) => s.name));
  const failedIds: number[] = [];
  const waiting = new Set(due);
  let cursor = 0;
  // which photo a free slot takes: the one the user looked at last, else the next in order (asked at take time, so
  // a photo opened while the walk runs is the next one started)
  const take = (): number => {
    let id = priority?.first(waiting);
    if (id === undefined) {
      while (!waiting.has(due[cursor])) cursor++;
      id = due[cursor];
    }
    waiting.delete(id);
    return id;
  };
  await forEachLimit(due, concurrency, async () => {
    await job.checkpoint();
    const id = take();
    const file = files.byId(id);
    if (!file) return job.itemDone(null);
    const { ok, failed } = await runStages(files, file, walk, job, 'deep');
    if (failed) failedIds.push(id);
    priority?.done(id);
    job.itemDone(file.path, ok);
  });
  return { processed: due.length, failedIds };
}

/**
 * Runs the due stages of `stages` on one file with one scratch, committing each result as soon as it is ready. In the
 * quick pass a failure stops the file (later stages need this one's output) and makes it 'failed'; in the deep pass
 * the photo stays as it is and the walk's other stages still run (none needs another's output).
 */
async function runStages(
  files: FileRepository,
  file: FileRow,
  stages: readonly Stage[],
  job: Job,
  pass: StagePass,
): Promise<{ ok: boolean; failed: boolean }> {
  const scratch: FileScratch = {};
  let ok = true;
  let failed = false;
  for (const stage of stages) {
    // stopped: the file's later stages wait for the next run (each stage's result is committed on its own)
    if (job.signal.aborted) throw new JobCancelledError();
    if (files.stageDone(file.id, stage.name, stage.version, file.content_hash)) continue;
    try {
      const t0 = performance.now();
      const facts = await stage.run({ file, scratch, signal: job.signal, recordTiming: (step, ms) => job.recordTiming(step, ms) });
      job.recordTiming(stage.name, performance.now() - t0);
      files.completeStage(file.id, file.content_hash, stage.name, stage.version, facts ?? {});
    } catch (err) {
      if (err instanceof JobCancelledError) throw err;
      // A full disk is the home's problem, not the photo's: the run stops, the file stays due.
      if (isDiskFull(err)) throw err;
      ok = false;
      // A lock conflict with another connection is transient: the file stays due and is done by the next run,
      // never recorded as the photo's failure.
      if (!isBusy(err)) {
        const { code, reason } = describeStageError(err);
        files.failStage(file.id, file.content_hash, stage.name, code, reason, stage.version, { keepState: pass === 'deep' });
        failed = true;
      }
      if (pass === 'quick') break;
    }
  }
  return { ok, failed };
}

function describeStageError(err: unknown): { code: string; reason: string } {
  if (err instanceof MediaError) return { code: err.code, reason: err.reason };
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return { code: 'unreadable', reason: 'the file disappeared while it was being processed' };
  return { code: 'internal', reason: `unexpected error: ${e?.message ?? String(err)}` };
}
