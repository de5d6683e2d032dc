// What the viewer steps through for a paged list: photos from the page cache, fetching a page when the viewer
// steps past what is loaded.
import type { PhotoSequence } from './app.js';
import type { PhotoPageCache } from './photo-pages.js';

export function pagedSequence(cache: PhotoPageCache, length: number): PhotoSequence {
  return {
    length,
    async at(i) {
      const hit = cache.get(i);
      if (hit) return hit;
      await cache.ensure([Math.floor(i / cache.pageSize)]);
      return cache.get(i) ?? null;
    },
  };
}
