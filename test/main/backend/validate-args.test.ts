import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CHANNELS, type ApiChannel } from '../../../src/shared/api.js';
import { dispatchApiCall } from '../../../src/shared/api-dispatch.js';
import { createEngineBackend, type EngineBackend } from '../../../src/main/backend/engine-backend.js';
import { MAX_IMAGE_BASE64_LENGTH } from '../../../src/main/backend/validate-args.js';
import { LoupeEngine } from '../../../src/main/engine/engine.js';
import { MAX_LEARNED_TAG_JSON } from '../../../src/shared/learn-types.js';
import { makeTempDir } from '../../helpers/fixtures.js';

// Wrong shapes every channel must refuse before the engine sees them. The list is typed by channel, so a new
// channel without bad cases does not compile.
const ID_CASES: unknown[] = [0, -1, 1.5, '1', null, Number.NaN, Number.MAX_SAFE_INTEGER + 1, [1], { id: 1 }];
const ids = (wrap: (id: unknown) => unknown[]) => ID_CASES.map(wrap);
const NUL = 'a\0b';

const BAD: { [C in ApiChannel]: unknown[][] } = {
  status: [[1], ['x']],
  listFolders: [[true]],
  addFolder: [[], ['relative/dir'], ['./lib'], ['/tmp/../etc'], ['/tmp/a/./b'], [`/tmp/${NUL}`], [42], [null], ['/'.repeat(5000)], ['/tmp', '/x']],
  removeFolder: [[], ['lib'], ['/tmp/x/..'], [`/tmp${NUL}`], [{}]],
  startIndex: [['/tmp']],
  pauseIndex: [[], [1], [''], ['x'.repeat(101)], [NUL]],
  resumeIndex: [[], [null], [[]]],
  cancelIndex: [[], [false]],
  listFailures: [[0]],
  listPhotos: [
    [], [null], ['x'], [[]],
    [{ limit: 501 }], [{ limit: 0 }], [{ limit: 10.5 }], [{ limit: '10' }], [{ limit: 1e12 }],
    [{ offset: -1 }], [{ offset: 0.5 }], [{ offset: 2e9 }],
    [{ sort: 'size' }], [{ folder: 'relative' }], [{ folder: '/tmp/../etc' }], [{ folder: `/tmp/${NUL}` }],
    [{ tag: 'x'.repeat(65) }], [{ tag: 7 }], [{ camera: NUL }],
    [{ from: '2020-13-01' }], [{ from: '2020-02-30' }], [{ to: '20200101' }], [{ from: '2021-01-01', to: '2020-01-01' }],
    [{ unknownField: 1 }],
    [{ place: 'Paris' }], [{ place: { city: 5 } }], [{ place: { town: 'x' } }],
    [{ bounds: { south: 10, north: 0, west: 0, east: 1 } }], [{ bounds: { south: 0, north: 1, west: -200, east: 1 } }],
    [{ bounds: { south: 0, north: Number.NaN, west: 0, east: 1 } }], [{ bounds: { south: 0, north: 1, west: 0 } }],
    [{ undated: 'yes' }], [{ monthDay: '13-01' }], [{ monthDay: '2019-05-04' }],
  ],
  getPhoto: [[], ...ids((id) => [id])],
  addTag: [[1], ['1', 'x'], [1, ''], [1, 'x'.repeat(65)], [1, NUL], [1, 5], ...ids((id) => [id, 'tag'])],
  removeTag: [[1], [1, null], ...ids((id) => [id, 'tag'])],
  facets: [[{}]],
  search: [[], [5], [NUL], ['x'.repeat(501)], ['dog', 0], ['dog', -5], ['dog', 1.5], ['dog', 1_000_000], ['dog', '10']],
  findSimilar: [[], ['1'], [1, 0], [1, 10_001], [1, 2.5], ...ids((id) => [id])],
  findSimilarToImage: [
    [], [null], ['base64'], [{ name: 'a.jpg' }], [{ dataBase64: 'AAAA' }], [{ name: 'a.jpg', dataBase64: 5 }],
    [{ name: 'a.jpg', dataBase64: 'not base64!' }], [{ name: 'a.jpg', dataBase64: 'AAAA', extra: 1 }],
    [{ name: NUL, dataBase64: 'AAAA' }], [{ name: 'a.jpg', dataBase64: 'AAAA' }, 0],
  ],
  listDuplicateGroups: [['exactly'], [5], ['near', 'x']],
  duplicateProgress: [[1], ['exact']],
  explainPair: [[1], [1, 1], [1, '2'], ...ids((id) => [id, 2])],
  cleanUpDuplicates: [[1], [1, 2], [1, 2, []], [1, 2, [2]], [1, 2, [3, 3]], [1, 2, ['3']], ...ids((id) => [id, 2, [3]]), ...ids((id) => [2, id, [3]]), ...ids((id) => [1, 2, [id]])],
  chooseDuplicateKeeper: [[], [1, 2], ...ids((id) => [id])],
  trashPhotos: [[], [[]], [1], [[1, 1]], [[1, '2']], [[0]], [[1.5]], [Array.from({ length: 10_001 }, (_, i) => i + 1)]],
  restorePhotos: [[], [''], [5], ['has space'], [NUL], ['x'.repeat(201)]],
  listPlaces: [[1]],
  mapPoints: [['x']],
  setPlace: [[], ['1', { name: 'Paris' }], [1, 'Paris'], [1, { name: '' }], [1, { name: '   ' }], [1, { name: 'x'.repeat(201) }],
    [1, { lat: 91, lon: 0 }], [1, { lat: 0, lon: 181 }], [1, { lat: '1', lon: 2 }], [1, { lat: 1 }], [1, { name: 'Paris', lat: 1 }],
    ...ids((id) => [id, { name: 'Paris' }])],
  setPhotoDates: [[], [1, { set: '2019-05-12' }], [[1], '2019-05-12'], [[1], {}], [[1], { set: '2019-05-12', shift: '+1h' }],
    [[1], { set: '' }], [[1], { shift: '  ' }], [[1], { set: 'x'.repeat(41) }], [[1], { clear: false }], [[1], { when: 'now' }],
    [[0], { clear: true }], [[1], { set: 2019 }]],
  timeline: [[{}]],
  getSettings: [[1]],
  updateSettings: [
    [], [null], [[]], [{ theme: 'purple' }], [{ language: 'fr' }], [{ provider: 'tpu' }],
    [{ tagThreshold: 0 }], [{ tagThreshold: 1 }], [{ tagThreshold: 0.96 }], [{ tagThreshold: '0.5' }], [{ tagThreshold: Number.NaN }],
    [{ keepRules: [] }], [{ keepRules: ['pixels', 'pixels'] }], [{ keepRules: ['biggest'] }], [{ keepRules: 'pixels' }],
    [{ colour: 'red' }],
  ],
  listPeople: [['yes'], [1], [true, 1]],
  getPerson: [[], ...ids((id) => [id])],
  photoFaces: [[], ...ids((id) => [id])],
  namePerson: [[1], [1, ''], [1, '   '], [1, 'x'.repeat(201)], [1, NUL], [1, 42], ...ids((id) => [id, 'Anna'])],
  mergePeople: [[1], [1, []], [1, [1]], [1, [0]], [1, 'x'], ...ids((id) => [id, [2]])],
  splitPerson: [[1], [1, []], [1, ['a']], ...ids((id) => [id, [2]])],
  rejectFace: [[], [1, 'x'], [1, 0], ...ids((id) => [id])],
  assignFace: [[1], [1, 'x'], ...ids((id) => [id, 1])],
  setPersonHidden: [[1], [1, 'yes'], [1, 1], ...ids((id) => [id, true])],
  addFace: [
    [1], [1, [1, 2, 3]], [1, [0, 0, 2, 2]], [1, [0, 0, -5, 10]], [1, [0, 0, Number.NaN, 10]], [1, ['0', 0, 10, 10]],
    [1, [0, 0, 10, 10], 'x'], ...ids((id) => [id, [0, 0, 10, 10]]),
  ],
  removeFace: [[], ...ids((id) => [id])],
  faceSuggestions: [['x'], [0], [-1]],
  listLearnedTags: [[1]],
  teachTag: [[], ['cat'], ['', [1, 2, 3]], ['x'.repeat(65), [1, 2, 3]], [NUL, [1, 2, 3]], ['cat', []], ['cat', [1, 1, 2]], ['cat', [1, 2, 3], [3]], ['cat', [1, 2, 3], [4], 5], ...ids((id) => ['cat', [id]])],
  answerSuggestion: [['cat', 1], ['cat', 1, 'yes'], ['cat', 1, 1], ...ids((id) => ['cat', id, true])],
  suggestForTag: [[], [5], ['cat', 0], ['cat', 1.5], ['cat', 10_001]],
  setLearnedThreshold: [['cat'], ['cat', 0], ['cat', 1], ['cat', '0.5'], ['cat', Number.NaN]],
  learnedTagCounts: [[], [1]],
  retrainTag: [[], [NUL]],
  renameLearnedTag: [['cat'], ['cat', ''], ['cat', 'dog', 5]],
  deleteLearnedTag: [[], ['']],
  exportLearnedTag: [[], [{}]],
  importLearnedTag: [[], [5], ['x'.repeat(MAX_LEARNED_TAG_JSON + 1)], ['{}', 7]],
  tagPhotos: [[[1], 'x'], [[1], 'x', 'toggle'], [[], 'x', 'add'], [[1], '', 'add'], [[1], 'x'.repeat(65), 'add'], [1, 'x', 'add']],
  setMarks: [
    [[1]], [[1], {}], [[1], { rating: 6 }], [[1], { rating: -1 }], [[1], { rating: 2.5 }], [[1], { favourite: 'yes' }],
    [[1], { label: 'pink' }], [[1], { rotation: 45 }], [[1], { stars: 3 }], [[], { rating: 1 }], [[0], { rating: 1 }],
  ],
  listAlbums: [[1]],
  createAlbum: [[], [''], ['   '], [5], ['x'.repeat(121)], [NUL]],
  renameAlbum: [[1], [0, 'a'], [1, ''], ['1', 'a']],
  deleteAlbum: [[], [0], ['1']],
  addToAlbum: [[1], [1, []], [0, [1]], [1, [1, 1]]],
  removeFromAlbum: [[1], [1, [0]]],
  exportPhotos: [[[1]], [[1], 'relative/dir'], [[1], '/tmp/../etc'], [[], '/tmp/x'], [[1], 5]],
  listSubfolders: [[], ['relative'], ['/tmp/../x']],
  photoText: [[], [1, 2], ...ids((id) => [id])],
  textMatches: [[], ['bakery'], ['', [1]], [NUL, [1]], ['x'.repeat(501), [1]], ['bakery', []], ['bakery', [1, 1]], ['bakery', Array.from({ length: 1001 }, (_, i) => i + 1)], ...ids((id) => ['bakery', [id]])],
  repairHome: [[], ['fix-it'], [1], ['restore-backup', 'x']],
  nameFace: [[1], [1, ''], [1, '   '], [1, 'x'.repeat(201)], [1, NUL], [1, 42], ...ids((id) => [id, 'Anna'])],
  unassignedFaces: [['x'], [0], [-1], [5, 6]],
  searchWords: [[], [''], [NUL], ['x'.repeat(501)], ['dog', 5]],
};

describe('backend argument checks (every channel, through dispatchApiCall)', () => {
  let tmp: { dir: string; cleanup: () => void };
  let engine: LoupeEngine;
  let backend: EngineBackend;

  beforeAll(() => {
    tmp = makeTempDir();
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {}, trashDir: path.join(tmp.dir, 'trash') });
    backend = createEngineBackend({ engine, appVersion: '0.0.0-test', emit: () => {}, watch: false, indexOnOpen: false });
  });
  afterAll(async () => {
    await backend.close();
    await engine.close();
    tmp.cleanup();
  });

  it('has bad cases for every channel of the contract', () => {
    expect(Object.keys(BAD).sort()).toEqual([...API_CHANNELS].sort());
    for (const channel of API_CHANNELS) expect(BAD[channel].length, channel).toBeGreaterThan(0);
  });

  for (const channel of API_CHANNELS) {
    it(`${channel} refuses wrong arguments with 'bad-arguments' naming the call`, async () => {
      for (const args of BAD[channel]) {
        const result = await dispatchApiCall(backend, channel, args);
        expect(result, `${channel}(${JSON.stringify(args)?.slice(0, 80)})`).toMatchObject({ ok: false, error: { code: 'bad-arguments' } });
        if (!result.ok) expect(result.error.message.startsWith(`${channel}:`)).toBe(true);
      }
    });
  }

  it('refuses an image over the size cap before decoding it', async () => {
    const huge = 'A'.repeat(MAX_IMAGE_BASE64_LENGTH + 4);
    const result = await dispatchApiCall(backend, 'findSimilarToImage', [{ name: 'big.jpg', dataBase64: huge }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-arguments' } });
  });

  it('accepts the edges of each range, and null for an optional argument (what JSON makes of undefined)', async () => {
    expect(await dispatchApiCall(backend, 'listPhotos', [{ limit: 500, offset: 0, sort: 'name' }])).toMatchObject({ ok: true });
    expect(await dispatchApiCall(backend, 'listPhotos', [{ limit: 1, from: '2020-02-29', to: '2020-02-29' }])).toMatchObject({ ok: true });
    expect(await dispatchApiCall(backend, 'search', ['dog', null])).toMatchObject({ ok: true, value: [] });
    expect(await dispatchApiCall(backend, 'search', ['dog', 1000])).toMatchObject({ ok: true });
    // an empty search's conditions, each with the photos it finds alone (none in an empty library)
    expect(await dispatchApiCall(backend, 'searchWords', ['dog 2019'])).toMatchObject({
      ok: true, value: [{ term: 'dog', photos: 0, kinds: [] }, { term: '2019', photos: 0, kinds: [] }],
    });
    expect(await dispatchApiCall(backend, 'updateSettings', [{ tagThreshold: 0.05 }])).toMatchObject({ ok: true });
    expect(await dispatchApiCall(backend, 'updateSettings', [{ tagThreshold: 0.95, language: null }])).toMatchObject({ ok: true });
  });

  it('takes an exported learned tag of many examples (about 12 KB each): the engine judges it, not the size check', async () => {
    // trial 13: a tag taught from 9 photos and 3 answers "no" exported 148 KB, and the Learned tags screen refused to
    // import it ("json must be at most 65536 characters")
    const examples = Array.from({ length: 12 }, (_, i) => ({ positive: i < 9, features: { branch: 'A'.repeat(12_000) }, recipe: 2 }));
    const json = JSON.stringify({ format: 'loupe-learned-tag', version: 1, name: 'pizza', examples }, null, 1);
    expect(json.length).toBeGreaterThan(140_000);
    const r = await dispatchApiCall(backend, 'importLearnedTag', [json]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^importLearnedTag: "pizza" /); // the engine read it: not "at most 65536 characters"
  });

  it('answers a well-formed id that does not exist with not-found, not bad-arguments', async () => {
    for (const [channel, args] of [['getPhoto', [7]], ['addTag', [7, 'x']], ['findSimilar', [7]], ['explainPair', [7, 8]]] as const) {
      expect(await dispatchApiCall(backend, channel, args), channel).toMatchObject({ ok: false, error: { code: 'not-found' } });
    }
    expect(await dispatchApiCall(backend, 'pauseIndex', ['no-such-job'])).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('gives a clear error for a folder that does not exist, and refuses relative paths', async () => {
    const missing = path.join(tmp.dir, 'nowhere');
    const r = await dispatchApiCall(backend, 'addFolder', [missing]);
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found' } });
    if (!r.ok) expect(r.error.message).toContain(`${missing} does not exist`);
    const rel = await dispatchApiCall(backend, 'addFolder', ['photos']);
    expect(rel).toMatchObject({ ok: false, error: { code: 'bad-arguments' } });
    if (!rel.ok) expect(rel.error.message).toContain('absolute path');
    // the UI says it in the user's language: a sentence key with the typed path
    if (!rel.ok) expect(rel.error.detail).toEqual({ key: 'not-full-path', params: { path: 'photos' } });
    const dots = await dispatchApiCall(backend, 'addFolder', [`${tmp.dir}/../x`]);
    expect(dots).toMatchObject({ ok: false, error: { code: 'bad-arguments', detail: { key: 'not-full-path' } } });
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('refuses every call once closed', async () => {
    const other = createEngineBackend({ engine, appVersion: 'x', emit: () => {}, watch: false, indexOnOpen: false });
    await other.close();
    expect(await dispatchApiCall(other, 'status', [])).toMatchObject({ ok: false, error: { code: 'engine-unavailable' } });
  });
});
