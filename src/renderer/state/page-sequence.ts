// What the viewer steps through for a paged list: photos from the page cache, fetching a page when the viewer
// steps past what is loaded.
//
// In the order the list had when the viewer opened, as the array sequences of the other screens are: the pages on
// hand then, and each page as the viewer first reads it, are kept as they were. A change behind the viewer that
// reorders the grid (a date set or shifted in the viewer moves the photo to its new day) then leaves the arrows
// where the user was: right shows the photo that was next, not the one that follows the changed photo's old place
// in the new order (which skipped one) nor a jump to its new place (a trip's photos fixed one by one would send the
// user elsewhere in the library after each). The grid behind shows the new order; the next opening takes it.
import type { PhotoSummary } from '../../shared/api.js';
import type { PhotoSequence } from './photo-sequence.js';
import type { PhotoPageCache } from './photo-pages.js';

/** Pages a sequence keeps (the cache's arrays, not copies); the farthest from the photo shown go first. */
export const KEPT_PAGES = 40;

export function pagedSequence(cache: PhotoPageCache, length: number): PhotoSequence {
  const kept = new Map<number, readonly PhotoSummary[]>();
  for (const p of cache.heldPages()) kept.set(p, cache.page(p)!);
  function keep(p: number, photos: readonly PhotoSummary[]): void {
    kept.set(p, photos);
    while (kept.size > KEPT_PAGES) {
      const farthest = [...kept.keys()].reduce((a, b) => (Math.abs(b - p) > Math.abs(a - p) ? b : a));
      kept.delete(farthest);
    }
  }
  return {
    length,
    async at(i) {
      const p = Math.floor(i / cache.pageSize);
      let page = kept.get(p);
      if (!page) {
        await cache.ensure([p]);
        page = cache.page(p);
        if (!page) return null;
        keep(p, page);
      }
      return page[i % cache.pageSize] ?? null;
    },
  };
}
