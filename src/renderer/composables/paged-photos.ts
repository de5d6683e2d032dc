// The data behind a paged photo grid (the library, a place's photos): a PhotoPageCache filled with the pages of
// the rows the grid shows, its total, the error of the last answer, and the viewer over all of them. The grid
// reports which items it shows (`range`); the cache fetches just those pages, and the total from any answer
// sizes the scrollbar.
import { computed, onBeforeUnmount, ref, type ComputedRef, type Ref } from 'vue';
import { pagesFor } from '../state/grid-window.js';
import { PhotoPageCache, type PageFetcher } from '../state/photo-pages.js';
import { pagedSequence } from '../state/page-sequence.js';
import { app, describeError, openViewer } from '../state/app.js';

export interface PagedPhotosOptions {
  pageSize: number;
  /** pages kept in memory */
  maxPages: number;
  /** wait this long after the last range before fetching, so a fling does not ask for every page it passes
   *  (pages already cached render at once); 0: fetch at once */
  settleMs?: number;
}

export interface PagedPhotos {
  cache: PhotoPageCache;
  /** bumped whenever a page lands (the grid's `revision`) */
  revision: Ref<number>;
  /** the last answer's error, in the user's words */
  error: Ref<string | null>;
  total: ComputedRef<number>;
  /** whether any answer has come (the total is known) */
  loaded: ComputedRef<boolean>;
  /** for the grid's `range` event */
  onRange(start: number, end: number): void;
  /** fetches the pages of the last range now */
  load(): void;
  /** forgets the cached pages and fetches again: `resetTotal` for a new query, not for a library change */
  reload(resetTotal: boolean): void;
  /** opens the viewer at `index`, stepping through every photo of the list */
  open(index: number): void;
}

export function usePagedPhotos(fetchPage: PageFetcher, options: PagedPhotosOptions): PagedPhotos {
  const { pageSize, maxPages, settleMs = 0 } = options;
  const revision = ref(0);
  const error = ref<string | null>(null);
  const cache = new PhotoPageCache(fetchPage, pageSize, maxPages, () => {
    revision.value += 1;
    error.value = cache.error ? describeError(cache.error) : null;
  });
  const total = computed(() => {
    void revision.value;
    return cache.total ?? 0;
  });
  const loaded = computed(() => {
    void revision.value;
    return cache.total !== null;
  });

  let range: [number, number] = [0, 0];
  let timer: ReturnType<typeof setTimeout> | null = null;
  function load(): void {
    timer = null;
    if (!app.client) return; // no backend (yet): App shows why; the owner loads again once connected
    const [start, end] = range;
    // Before the first answer the total is unknown, and an empty grid shows no range: ask for the first page
    // to learn the total (after an index run it may no longer be 0).
    void cache.ensure(cache.total === null || end <= start ? [0] : pagesFor(start, end, pageSize));
  }
  function onRange(start: number, end: number): void {
    range = [start, end];
    if (settleMs <= 0) return load();
    if (timer) clearTimeout(timer);
    timer = setTimeout(load, settleMs);
  }
  function reload(resetTotal: boolean): void {
    cache.invalidate(resetTotal);
    load();
  }
  function open(index: number): void {
    openViewer(pagedSequence(cache, total.value), index);
  }
  onBeforeUnmount(() => {
    if (timer) clearTimeout(timer);
  });
  return { cache, revision, error, total, loaded, onRange, load, reload, open };
}
