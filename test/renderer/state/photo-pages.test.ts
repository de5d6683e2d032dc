import { describe, expect, it } from 'vitest';
import type { PhotoPage, PhotoSummary } from '../../../src/shared/api.js';
import { PhotoPageCache } from '../../../src/renderer/state/photo-pages.js';

const library: PhotoSummary[] = Array.from({ length: 1000 }, (_, i) => ({
  id: i + 1, path: `/p/${i}.jpg`, name: `${i}.jpg`, width: 10, height: 10, takenAt: null, version: 'v',
  marks: { favourite: false, rating: 0, label: null, rotation: 0 }, ready: true,
}));

/** A listPhotos over an in-memory library that records what it was asked. */
function backend(photos = library): { fetch: (offset: number, limit: number) => Promise<PhotoPage>; asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    fetch: async (offset, limit) => {
      asked.push(offset);
      await new Promise((r) => setTimeout(r, 1));
      return { photos: photos.slice(offset, offset + limit), total: photos.length, offset };
    },
  };
}

describe('PhotoPageCache', () => {
  it('fetches just the pages asked for and answers items by absolute index', async () => {
    const b = backend();
    const cache = new PhotoPageCache(b.fetch, 100);
    expect(cache.get(250)).toBeUndefined();
    await cache.ensure([2, 3]);
    expect(b.asked.sort((x, y) => x - y)).toEqual([200, 300]);
    expect(cache.get(250)?.id).toBe(251);
    expect(cache.get(399)?.id).toBe(400);
    expect(cache.get(50)).toBeUndefined();
    expect(cache.total).toBe(1000);
  });

  it('asks once for a page requested again while in flight or already cached', async () => {
    const b = backend();
    const cache = new PhotoPageCache(b.fetch, 100);
    await Promise.all([cache.ensure([0]), cache.ensure([0]), cache.ensure([0, 1])]);
    await cache.ensure([0, 1]);
    expect(b.asked.sort((x, y) => x - y)).toEqual([0, 100]);
  });

  it('keeps memory bounded by evicting the least recently used page', async () => {
    const b = backend();
    const cache = new PhotoPageCache(b.fetch, 100, 3);
    await cache.ensure([0]);
    await cache.ensure([1]);
    await cache.ensure([2]);
    await cache.ensure([0]); // touch page 0: page 1 becomes the oldest
    await cache.ensure([3]);
    expect(cache.has(0)).toBe(true);
    expect(cache.has(1)).toBe(false);
    expect(cache.has(3)).toBe(true);
  });

  it('drops answers to questions asked before an invalidation (filters changed mid-flight)', async () => {
    let photos = library;
    const cache = new PhotoPageCache(async (offset, limit) => {
      const snapshot = photos;
      await new Promise((r) => setTimeout(r, 5));
      return { photos: snapshot.slice(offset, offset + limit), total: snapshot.length, offset };
    }, 100);
    const stale = cache.ensure([0]);
    photos = library.slice(0, 10); // the new filter matches 10 photos
    cache.invalidate(true);
    expect(cache.total).toBeNull();
    await Promise.all([stale, cache.ensure([0])]);
    expect(cache.total).toBe(10);
    expect(cache.get(20)).toBeUndefined();
  });

  it('reports a failed page and recovers on the next ensure', async () => {
    let fail = true;
    let changes = 0;
    const cache = new PhotoPageCache(async (offset, limit) => {
      if (fail) throw new Error('engine busy');
      return { photos: library.slice(offset, offset + limit), total: library.length, offset };
    }, 100, 10, () => (changes += 1));
    await cache.ensure([0]);
    expect(cache.error).toBeInstanceOf(Error);
    expect(changes).toBeGreaterThan(0);
    fail = false;
    await cache.ensure([0]);
    expect(cache.error).toBeNull();
    expect(cache.get(0)?.id).toBe(1);
  });
});

describe('PhotoPageCache after a library change', () => {
  it('keeps showing the old page until the fresh one lands, then shows the fresh one', async () => {
    let photos = library;
    const cache = new PhotoPageCache(async (offset, limit) => ({ photos: photos.slice(offset, offset + limit), total: photos.length, offset }), 100);
    await cache.ensure([0]);
    photos = library.map((p) => ({ ...p, name: `new-${p.name}` }));
    cache.invalidate(false);
    expect(cache.get(3)?.name).toBe('3.jpg'); // stale, not a blank tile
    await cache.ensure([0]);
    expect(cache.get(3)?.name).toBe('new-3.jpg');
    cache.invalidate(true);
    expect(cache.get(3)).toBeUndefined(); // a new query shows nothing of the old one
  });
});
