// While a run indexes, the grids learn that more photos are ready: a long first index fills the grid as it goes,
// and photos dropped into a watched folder show once their quick pass is done, not after the deep pass that follows
// (faces and text of a large batch take minutes).
import type { JobProgress } from '../../shared/library-types.js';

/** How often a running index tells the UI that more photos are ready. */
export const LIVE_REFRESH_MS = 3000;

/**
 * A progress listener for one job: calls `changed` at most every `everyMs` while the quick pass ('analyze') finishes
 * photos, and once more when the quick pass is over with photos not told of yet.
 */
export function liveRefresh(changed: () => void, everyMs = LIVE_REFRESH_MS): (progress: JobProgress) => void {
  let lastRefresh = Date.now();
  let doneAtRefresh = 0;
  let analysed = 0;
  return (p) => {
    if (p.phase === 'analyze') {
      analysed = p.done;
      if (p.done > doneAtRefresh && Date.now() - lastRefresh >= everyMs) {
        lastRefresh = Date.now();
        doneAtRefresh = p.done;
        changed();
      }
    } else if (analysed > doneAtRefresh) {
      // the quick pass is over (the deep pass begins, or the run ends): the rest of its photos are browsable now
      doneAtRefresh = analysed;
      changed();
    }
  };
}
