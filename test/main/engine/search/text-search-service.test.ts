import { beforeEach, describe, expect, it } from 'vitest';
import { SearchRepository } from '../../../../src/main/engine/catalog/search-repository.js';
import { TagRepository } from '../../../../src/main/engine/catalog/tag-repository.js';
import type { CatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { SettingsStore } from '../../../../src/main/engine/settings.js';
import { TextSearchService } from '../../../../src/main/engine/search/text-search-service.js';
import { useTempCatalog } from '../../../helpers/temp-catalog.js';

/** Catalog rows (no pixels: dates and paths are all these searches read). */
function addPhotos(db: CatalogDb, photos: { path: string; taken: string | null }[]): void {
  db.prepare("INSERT INTO folders (id, path, added_at) VALUES (1, '/photos', 0)").run();
  const insert = db.prepare(
    "INSERT INTO files (folder_id, path, size, mtime_ms, content_hash, taken_at, state, added_at, updated_at) VALUES (1, ?, 1, 0, ?, ?, 'ready', 0, 0)",
  );
  photos.forEach((p, i) => insert.run(p.path, `hash${i}`, p.taken));
}

describe('text search: a month beside a year is one date', () => {
  const home = useTempCatalog();
  const PHOTOS = [
    { path: '/photos/2019/beach.jpg', taken: '2017-05-20T10:00:00' }, // May of another year, in a folder named 2019
    { path: '/photos/2019/snow.jpg', taken: '2019-01-03T10:00:00' }, // 2019, not May
    { path: '/photos/trip/garden.jpg', taken: '2019-05-04T10:00:00' }, // May 2019
    { path: '/photos/trip/park.jpg', taken: '2019-05-21T10:00:00' }, // May 2019, another day
  ];

  let service: TextSearchService;
  beforeEach(() => {
    addPhotos(home.db, PHOTOS);
    service = new TextSearchService({ search: new SearchRepository(home.db), tags: new TagRepository(home.db), settings: new SettingsStore(home.db) });
  });
  const search = (q: string) => service.search(q).map((h) => h.path.split('/').pop()).sort();

  it.each(['may 2019', 'May 2019', 'May, 2019', '2019 may', '5月 2019', '2019年 5月', '2019年五月', '2019年5月', '2019-05', '五月 2019'])(
    '"%s" finds May 2019 only',
    (q) => {
      expect(search(q)).toEqual(['garden.jpg', 'park.jpg']);
    },
  );

  it('reads a day beside the month', () => {
    expect(search('4 May 2019')).toEqual(['garden.jpg']);
    expect(search('may 21st, 2019')).toEqual(['park.jpg']);
  });

  it('keeps the other wordings: a month alone is May of any year, a year alone also matches folder names', () => {
    expect(search('may')).toEqual(['beach.jpg', 'garden.jpg', 'park.jpg']);
    expect(search('2019')).toEqual(['beach.jpg', 'garden.jpg', 'park.jpg', 'snow.jpg']);
    expect(search('may 2018')).toEqual([]); // a date no photo was taken on is still a condition
  });

  it('says the whole date matched', () => {
    expect(service.search('May 2019')[0].matched).toEqual([{ term: 'may 2019', kind: 'date' }]);
  });
});

describe('text search: phrases as people type them', () => {
  const home = useTempCatalog();
  let service: TextSearchService;
  beforeEach(() => {
    addPhotos(home.db, [
      { path: '/photos/singapore/street.jpg', taken: '2019-05-04T10:00:00' },
      { path: '/photos/trip/garden.jpg', taken: '2019-05-05T10:00:00' },
    ]);
    service = new TextSearchService({ search: new SearchRepository(home.db), tags: new TagRepository(home.db), settings: new SettingsStore(home.db) });
  });
  const search = (q: string) => service.search(q).map((h) => h.path.split('/').pop()).sort();

  it('ignores filler words: "in" is part of "singapore", not a condition', () => {
    expect(search('photos in may 2019')).toEqual(['garden.jpg', 'street.jpg']);
    expect(search('pictures from the trip')).toEqual(['garden.jpg']);
  });

  it('keeps a thing the tagger knows as a condition even where no photo shows it', () => {
    expect(search('狗 2019')).toEqual([]);
    expect(search('dogs in may 2019')).toEqual([]);
    expect(search('receipts 2019')).toEqual([]);
    expect(search('2019 holiday')).toEqual(['garden.jpg', 'street.jpg']); // a word that means nothing here still is no condition
  });

  it('says, where a search finds nothing, how many photos each of its conditions finds alone (which word emptied it)', () => {
    expect(service.explained('狗 2019')).toEqual({
      results: [],
      words: [{ term: '狗', photos: 0, kinds: [] }, { term: '2019', photos: 2, kinds: [['date', 2]] }],
    });
    // the conditions as the parser made them: a date in words is one, filler and words that mean nothing are none
    expect(service.explained('photos of dogs in may 2019 holiday').words).toEqual([
      { term: 'dogs', photos: 0, kinds: [] },
      { term: 'may 2019', photos: 2, kinds: [['date', 2]] },
    ]);
    // each finds a photo, no photo has both
    expect(service.explained('singapore garden').words).toEqual([
      { term: 'singapore', photos: 1, kinds: [['name', 1]] },
      { term: 'garden', photos: 1, kinds: [['name', 1]] },
    ]);
    // a search that finds photos counts nothing more
    const found = service.explained('singapore 2019');
    expect(found.results.map((h) => h.path)).toEqual(['/photos/singapore/street.jpg']);
    expect(found).not.toHaveProperty('words');
  });

  it('counts, when asked, how each word matched over every photo found, not only the ones returned', () => {
    // one photo returned of the two found: the counts are the two (the search screen holds the best 500 of more)
    const found = service.explained('2019', 1, { countAll: true });
    expect(found.results).toHaveLength(1);
    expect(found.matched).toEqual([{ term: '2019', photos: 2, kinds: [['date', 2]] }]);
    expect(service.explained('singapore 2019', 1, { countAll: true }).matched).toEqual([
      { term: 'singapore', photos: 1, kinds: [['name', 1]] },
      { term: '2019', photos: 1, kinds: [['date', 1]] },
    ]);
    expect(service.explained('2019', 1)).not.toHaveProperty('matched');
  });

  it('says which words it left out for matching nothing, where it found photos ("roti man" found every man)', () => {
    const found = service.explained('singapore holiday 2019');
    expect(found.results.map((h) => h.path)).toEqual(['/photos/singapore/street.jpg']);
    expect(found.ignored).toEqual(['holiday']);
    expect(service.explained('singapore 2019')).not.toHaveProperty('ignored');
    // filler is no word left out; counted or not, the same words
    expect(service.explained('photos of singapore holiday', 1, { countAll: true }).ignored).toEqual(['holiday']);
  });
});

describe('text search: a tag named in several words is one term', () => {
  // trial 32: a tag taught as "my bike" was on 11 photos, and `loupe search "my bike"` found none: "my" was a filler
  // word, "bike" the detector's bicycle, which no photo showed
  const home = useTempCatalog();
  let service: TextSearchService;
  beforeEach(() => {
    addPhotos(home.db, [
      { path: '/photos/a/IMG_0001.jpg', taken: null },
      { path: '/photos/a/IMG_0002.jpg', taken: null },
      { path: '/photos/a/IMG_0003.jpg', taken: null },
      { path: '/photos/a/IMG_0004.jpg', taken: null },
    ]);
    const tags = new TagRepository(home.db);
    tags.addUserTag(1, 'my bike');
    tags.addUserTag(2, "Mimi's bed");
    tags.setAutoTags(3, [{ name: 'teddy bear', nameZh: '泰迪熊', confidence: 0.9 }]);
    tags.setAutoTags(4, [{ name: 'bear', nameZh: '熊', confidence: 0.9 }]);
    service = new TextSearchService({ search: new SearchRepository(home.db), tags, settings: new SettingsStore(home.db) });
  });
  const search = (q: string) => service.search(q).map((h) => h.path.split('/').pop()).sort();

  it('finds the tag by its whole name, in any case, plural or with the words its punctuation cuts', () => {
    expect(search('my bike')).toEqual(['IMG_0001.jpg']);
    expect(search('My Bikes')).toEqual(['IMG_0001.jpg']);
    expect(search("mimi's bed")).toEqual(['IMG_0002.jpg']);
    expect(service.search('photos of my bike')[0].matched).toEqual([{ term: 'my bike', kind: 'tag' }]);
  });

  it('a name of the detector of two words is not its last word: "teddy bear" is no bear', () => {
    expect(search('teddy bear')).toEqual(['IMG_0003.jpg']);
    expect(search('bear')).toEqual(['IMG_0004.jpg']);
  });

  it('a word of a name the user gave finds the tag too, beside the app\'s tag the word names ("bike": my bike and bicycles)', () => {
    // trial 32: "bike", an alias of the detector's bicycle, found the bicycles and not the tag taught as "my bike"
    const tags = new TagRepository(home.db);
    tags.setAutoTags(3, [{ name: 'bicycle', nameZh: '自行车', confidence: 0.9 }]);
    tags.setAutoTags(2, [{ name: 'hot dog', nameZh: '热狗', confidence: 0.9 }]);
    tags.addUserTag(4, 'dogs of the park');
    tags.addUserTag(1, '我的单车'); // (an English name is stored for a Chinese one all the same)
    expect(search('bike')).toEqual(['IMG_0001.jpg', 'IMG_0003.jpg']);
    expect(search('bikes')).toEqual(['IMG_0001.jpg', 'IMG_0003.jpg']);
    expect(service.search('bike').map((h) => h.matched)).toEqual([[{ term: 'bike', kind: 'tag' }], [{ term: 'bike', kind: 'tag' }]]);
    expect(search('mimi')).toEqual(['IMG_0002.jpg']);
    expect(search('bed')).toEqual(['IMG_0002.jpg']);
    // the user's "dogs of the park", not the detector's hot dog: the app's names are found by their name, not a word
    expect(search('dog')).toEqual(['IMG_0004.jpg']);
    expect(search('park dogs')).toEqual(['IMG_0004.jpg']);
    expect(search('单车')).toEqual(['IMG_0001.jpg', 'IMG_0003.jpg']);
    expect(search('my')).toEqual([]); // a filler word is no word of a name
  });
});
