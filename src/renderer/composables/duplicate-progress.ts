// How far the duplicate groups are from complete, for the duplicates screen: during a first index, an empty list
// means "none found yet", not "none". Asked when the screen opens and whenever the library changes, and while an
// index runs at most every PROGRESS_EVERY_MS: the deep pass, which compares the copies, tells the UI nothing else
// until its end.
import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import type { DuplicateProgress } from '../../shared/duplicate-types.js';
import { app } from '../state/app.js';

const PROGRESS_EVERY_MS = 2000;

export function useDuplicateProgress(): { progress: Ref<DuplicateProgress | null> } {
  const progress = ref<DuplicateProgress | null>(null);
  let lastAsked = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seq = 0;

  async function ask(): Promise<void> {
    timer = null;
    const c = app.client;
    if (!c) return;
    lastAsked = Date.now();
    const mine = ++seq;
    try {
      const answer = await c.duplicateProgress();
      if (mine === seq) progress.value = answer;
    } catch {
      // not known: the screen then says what the groups say (their own error, if any, is shown with them)
      if (mine === seq) progress.value = null;
    }
  }
  /** asks now, or once PROGRESS_EVERY_MS after the last question, whichever is later */
  function soon(): void {
    if (timer) return;
    timer = setTimeout(() => void ask(), Math.max(0, lastAsked + PROGRESS_EVERY_MS - Date.now()));
  }

  watch([() => app.client, () => app.libraryRevision], () => void ask(), { immediate: true });
  watch(() => app.job, (job) => {
    if (job) soon();
  });
  onBeforeUnmount(() => {
    if (timer) clearTimeout(timer);
  });
  return { progress };
}
