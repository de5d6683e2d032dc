// The one-line summary under the app name: what the library holds, or what indexing is doing now.
import type { LibraryStatus } from '../shared/api.js';
import type { Messages } from './i18n/messages.js';

export function formatStatusLine(status: LibraryStatus, m: Messages): string {
  if (!status.engineReady) return `${m.version(status.appVersion)} · ${m.engineNotReady}`;
  // Every photo the grid lists (indexed, and still being indexed): the same number as the unfiltered library's.
  const parts = [m.folders(status.folderCount), m.photos(status.photoCount + status.pendingCount)];
  const job = status.job;
  if (job?.waitingFor) parts.push(m.index.waiting);
  else if (job && job.state === 'running') parts.push(`${m.phase[job.phase]} ${job.done}/${job.total}`);
  else if (job && job.state === 'paused') parts.push(`${m.index.state.paused} ${job.done}/${job.total}`);
  else if (status.pendingCount > 0) parts.push(m.grid.waiting(status.pendingCount)); // never "Up to date" while work is left
  else parts.push(m.upToDate);
  if (status.failedCount > 0) parts.push(m.failedFiles(status.failedCount));
  return parts.join(' · ');
}
