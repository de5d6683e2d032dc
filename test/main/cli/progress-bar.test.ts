import { describe, expect, it } from 'vitest';
import { ProgressBar } from '../../../src/main/cli/progress-bar.js';
import type { JobProgress } from '../../../src/shared/library-types.js';

const deep: JobProgress = {
  jobId: 'j', kind: 'index', state: 'running', phase: 'deep', stages: ['preview', 'copyquality', 'text', 'texttags', 'faces'],
  done: 21, total: 292, failed: 0, rate: 2.4, etaSeconds: 113, current: null,
};

describe('the terminal progress line', () => {
  it("keeps the counts and the time left on an 80-column terminal, shortening the deep pass's list of stages", () => {
    let written = '';
    new ProgressBar((s) => (written += s), 80).update(deep);
    const line = written.replace(/^\r/, '');
    expect(line.length).toBeLessThanOrEqual(79);
    expect(line.endsWith(' 21/292 2.4/s ETA 1:53')).toBe(true);
    expect(line.startsWith('deep pass: viewer images, ')).toBe(true);
    expect(line).toContain('…');
  });

  it('shows the whole list where it fits, in the words a user reads (not the catalog\'s stage ids)', () => {
    let written = '';
    new ProgressBar((s) => (written += s), 200).update(deep);
    expect(written).toContain('deep pass: viewer images, copy details (duplicates), text in photos, receipts (from the text), faces █');
  });
});
