// Which tags a person sees on a photo is one rule (SHOWN_TAG_SQL): the photo's tag list, the files a tag
// search finds, the grid's tag filter and the tag facet must agree on every case of it.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhotoQueries } from '../../../../src/main/backend/photo-queries.js';
import { openCatalogDb, type CatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { AutoTagCheckRepository } from '../../../../src/main/engine/catalog/auto-tag-check-repository.js';
import { TagRepository } from '../../../../src/main/engine/catalog/tag-repository.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

const THRESHOLD = 0.5;

describe('the shown-tag rule, the same everywhere', () => {
  const tmp = makeTempDir();
  let db: CatalogDb;
  let tags: TagRepository;
  let queries: PhotoQueries;
  const ids: Record<string, number> = {};

  beforeAll(() => {
    db = openCatalogDb(path.join(tmp.dir, 'home'));
    db.prepare("INSERT INTO folders (id, path, added_at) VALUES (1, '/p', 0)").run();
    const insert = db.prepare(
      `INSERT INTO files (folder_id, path, size, mtime_ms, content_hash, state, added_at, updated_at) VALUES (1, ?, 1, 0, ?, 'ready', 0, 0)`,
    );
    for (const name of ['sure', 'unsure', 'removed', 'added', 'both', 'contradicted', 'supported', 'handBeatsCheck']) ids[name] = Number(insert.run(`/p/${name}.jpg`, name).lastInsertRowid);
    tags = new TagRepository(db);
    tags.setAutoTags(ids.sure, [{ name: 'dog', nameZh: '狗', confidence: 0.9 }]); // shown: above the threshold
    tags.setAutoTags(ids.unsure, [{ name: 'dog', nameZh: '狗', confidence: 0.3 }]); // hidden: below it
    tags.setAutoTags(ids.removed, [{ name: 'dog', nameZh: '狗', confidence: 0.9 }]);
    tags.removeUserTag(ids.removed, 'dog'); // hidden: removed by hand, whatever the detector says
    tags.addUserTag(ids.added, 'dog'); // shown: added by hand
    tags.setAutoTags(ids.both, [{ name: 'dog', nameZh: '狗', confidence: 0.2 }]);
    tags.addUserTag(ids.both, 'dog'); // shown once, as the person's
    // the appearance check (auto_tag_checks) moves automatic tags across the threshold, never a person's decision
    tags.setAutoTags(ids.contradicted, [{ name: 'dog', nameZh: '狗', confidence: 0.9 }]); // hidden: looks nothing like one
    tags.setAutoTags(ids.supported, [{ name: 'dog', nameZh: '狗', confidence: 0.3 }]); // shown: looks like the others
    tags.setAutoTags(ids.handBeatsCheck, [{ name: 'dog', nameZh: '狗', confidence: 0.9 }]);
    tags.addUserTag(ids.handBeatsCheck, 'dog'); // shown: the person said so, whatever the check thinks
    const dogId = tags.findTag('dog')!.id;
    new AutoTagCheckRepository(db).replaceAll([
      { fileId: ids.contradicted, tagId: dogId, verdict: -1, score: 0 },
      { fileId: ids.supported, tagId: dogId, verdict: 1, score: 0.8 },
      { fileId: ids.handBeatsCheck, tagId: dogId, verdict: -1, score: 0 },
    ]);
    queries = new PhotoQueries(db);
  });

  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  const expected = ['sure', 'added', 'both', 'supported', 'handBeatsCheck'];
  const names = (fileIds: number[]) => Object.keys(ids).filter((n) => fileIds.includes(ids[n])).sort();

  it('the tag list of each photo', () => {
    const showing = Object.keys(ids).filter((n) => tags.tagsOf(ids[n], THRESHOLD).some((t) => t.name === 'dog'));
    expect(showing.sort()).toEqual([...expected].sort());
    expect(tags.tagsOf(ids.both, THRESHOLD)).toEqual([expect.objectContaining({ name: 'dog', source: 'user' })]);
  });

  it('the files a tag search finds', () => {
    const dog = tags.findTag('dog')!;
    expect(names(tags.filesWithTag(dog.id, THRESHOLD).map((r) => r.file_id))).toEqual([...expected].sort());
  });

  it("the grid's tag filter and the tag facet", () => {
    const page = queries.page({ tag: 'dog', sort: 'name', offset: 0, limit: 100 }, THRESHOLD);
    expect(names(page.photos.map((p) => p.id))).toEqual([...expected].sort());
    expect(queries.facets(THRESHOLD).tags).toEqual([expect.objectContaining({ tag: 'dog', count: expected.length })]);
  });
});
