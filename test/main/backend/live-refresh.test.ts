import { describe, expect, it } from 'vitest';
import { liveRefresh } from '../../../src/main/backend/live-refresh.js';
import type { JobPhase, JobProgress } from '../../../src/shared/library-types.js';

const progress = (phase: JobPhase, done: number, total = 5): JobProgress => ({
  jobId: 'j', kind: 'watch', state: 'running', phase, stages: phase === 'deep' ? ['faces'] : [], done, total, failed: 0,
  rate: 0, etaSeconds: null, current: null,
});

describe('liveRefresh: the grids hear of photos the quick pass made browsable', () => {
  it('once the quick pass is over, before the deep pass runs, however little time went by', () => {
    let told = 0;
    const refresh = liveRefresh(() => told++, Number.MAX_SAFE_INTEGER); // never "every few seconds"
    for (const p of [progress('scan', 5), progress('analyze', 0), progress('analyze', 3), progress('analyze', 5)]) refresh(p);
    expect(told).toBe(0);
    refresh(progress('deep', 0));
    expect(told).toBe(1);
    refresh(progress('deep', 3));
    refresh(progress('deep', 5));
    expect(told).toBe(1); // the deep pass adds no photo to the grid
  });

  it('as the quick pass goes (at most every few seconds), and not again when it has told of every photo', () => {
    let told = 0;
    const refresh = liveRefresh(() => told++, 0);
    refresh(progress('analyze', 0));
    expect(told).toBe(0); // nothing finished yet
    refresh(progress('analyze', 2));
    refresh(progress('analyze', 5));
    expect(told).toBe(2);
    refresh(progress('deep', 0));
    expect(told).toBe(2);
  });
});
