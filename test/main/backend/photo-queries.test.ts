import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhotoQueries } from '../../../src/main/backend/photo-queries.js';
import { openCatalogDb, type CatalogDb } from '../../../src/main/engine/catalog/database.js';
import { makeTempDir } from '../../helpers/fixtures.js';
import { fillSyntheticCatalog } from '../../helpers/synthetic-catalog.js';

const N = 100_000;

describe('photo listing at 100,000 photos (a real catalog schema, synthetic rows)', () => {
  let tmp: { dir: string; cleanup: () => void };
  let db: CatalogDb;
  let queries: PhotoQueries;

  beforeAll(() => {
    tmp = makeTempDir();
    db = openCatalogDb(path.join(tmp.dir, 'home'));
    fillSyntheticCatalog(db, N);
    queries = new PhotoQueries(db);
  }, 60_000);

  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  it('walks an index for date and name order instead of sorting the table', () => {
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    for (const order of ['f.taken_at DESC, f.id DESC', 'f.taken_at ASC, f.id ASC', 'f.path ASC']) {
      const p = plan(`SELECT f.id FROM files f WHERE f.id NOT IN (SELECT id FROM files WHERE state = 'failed') ORDER BY ${order} LIMIT 100 OFFSET 90000`);
      expect(p, order).not.toMatch(/TEMP B-TREE/);
    }
  });

  // How fast these queries answer is bench/photo-queries.ts's to measure (latency percentiles on this catalog).
  it('pages deep into the library in order, with the total of listed (not failed) photos', () => {
    const listed = N - N / 50;
    const page = queries.page({ sort: 'date-desc', offset: 90_000, limit: 100 }, 0.35);
    expect(page.total).toBe(listed);
    expect(page.photos).toHaveLength(100);
    for (let i = 1; i < page.photos.length; i++) {
      const [a, b] = [page.photos[i - 1], page.photos[i]];
      const ordered = (a.takenAt ?? '') > (b.takenAt ?? '') || ((a.takenAt ?? '') === (b.takenAt ?? '') && a.id > b.id);
      expect(ordered).toBe(true);
    }
    // Consecutive pages neither skip nor repeat a photo, although thousands share a capture time.
    const p1 = queries.page({ sort: 'date-asc', offset: 5000, limit: 50 }, 0.35).photos.map((p) => p.id);
    const p2 = queries.page({ sort: 'date-asc', offset: 5050, limit: 50 }, 0.35).photos.map((p) => p.id);
    const both = queries.page({ sort: 'date-asc', offset: 5000, limit: 100 }, 0.35).photos.map((p) => p.id);
    expect([...p1, ...p2]).toEqual(both);
  });

  it('filters by folder (sub-folders included, not a sibling with the same prefix), camera and dates', () => {
    const other = queries.page({ folder: '/other', limit: 5 }, 0.35);
    expect(other.total).toBe(N / 10 - N / 50); // folder 2 holds i % 10 == 0; every i % 50 == 0 (among them) failed
    expect(other.photos.every((p) => p.path.startsWith('/other/'))).toBe(true);
    expect(queries.page({ folder: '/photos/2001', limit: 1 }, 0.35).total).toBeGreaterThan(0);
    expect(queries.page({ folder: '/photos/200', limit: 1 }, 0.35).total).toBe(0);
    const canon = queries.page({ camera: 'Canon EOS 5D', limit: 1 }, 0.35).total;
    expect(canon).toBe(queries.facets(0.35).cameras.find((c) => c.camera === 'Canon EOS 5D')!.count);
    const year = queries.page({ from: '2005-01-01', to: '2005-12-31', limit: 1 }, 0.35).total;
    expect(year).toBe(queries.facets(0.35).years.find((y) => y.year === 2005)!.count);
    // folder, date and name order together, deep in: the page is in name order, inside the folder, from the date on
    const deep = queries.page({ folder: '/photos', from: '2010-01-01', sort: 'name', offset: 20_000, limit: 100 }, 0.35);
    expect(deep.total).toBeGreaterThan(20_100);
    expect(deep.photos).toHaveLength(100);
    expect(deep.photos.every((p) => p.path.startsWith('/photos/') && (p.takenAt ?? '') >= '2010-01-01')).toBe(true);
    expect(deep.photos.map((p) => p.path)).toEqual(deep.photos.map((p) => p.path).sort());
  });
});
