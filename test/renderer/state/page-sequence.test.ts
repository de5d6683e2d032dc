import { describe, expect, it } from 'vitest';
import type { PhotoPage, PhotoSummary } from '../../../src/shared/api.js';
import { PhotoPageCache } from '../../../src/renderer/state/photo-pages.js';
import { pagedSequence } from '../../../src/renderer/state/page-sequence.js';

const photo = (i: number): PhotoSummary => ({
  id: i + 1, path: `/p/${i}.jpg`, name: `${i}.jpg`, width: 10, height: 10, takenAt: null, version: 'v',
  marks: { favourite: false, rating: 0, label: null, rotation: 0 }, ready: true,
});

/** listPhotos over an in-memory library, newest first, whose order the test changes as a date change would. */
function library(size: number): { fetch: (offset: number, limit: number) => Promise<PhotoPage>; order: PhotoSummary[] } {
  const order = Array.from({ length: size }, (_, i) => photo(i));
  return {
    order,
    fetch: async (offset, limit) => {
      await new Promise((r) => setTimeout(r, 1));
      return { photos: order.slice(offset, offset + limit), total: order.length, offset };
    },
  };
}

describe('the viewer over a paged list', () => {
  it('steps in the order it opened with when a date change reorders the list behind it', async () => {
    const lib = library(500);
    const cache = new PhotoPageCache(lib.fetch, 100);
    await cache.ensure([1, 2]); // the grid shows rows around the photo
    const seq = pagedSequence(cache, 500);
    expect((await seq.at(150))?.name).toBe('150.jpg');
    // its date set to long ago: it moves to the end, and the grid fetches its pages again
    const [moved] = lib.order.splice(150, 1);
    lib.order.push(moved);
    cache.invalidate();
    await cache.ensure([1, 2]);
    expect(cache.get(150)?.name).toBe('151.jpg'); // the grid's new order
    // the arrows go on from where the user was: next is what was next, previous what was before
    expect((await seq.at(151))?.name).toBe('151.jpg');
    expect((await seq.at(149))?.name).toBe('149.jpg');
    expect((await seq.at(150))?.name).toBe('150.jpg');
    // a page on hand when it opened, too
    expect((await seq.at(250))?.name).toBe('250.jpg');
  });

  it('reaches every photo of a long list, fetching the pages it steps into', async () => {
    const lib = library(5000);
    const cache = new PhotoPageCache(lib.fetch, 10, 4);
    const seq = pagedSequence(cache, 5000);
    for (let i = 0; i < 5000; i += 7) expect((await seq.at(i))?.id).toBe(i + 1);
    expect(await seq.at(5000)).toBeNull();
  });
});
