import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { EMBEDDING_RECIPE_VERSION } from '../../../../src/main/engine/embedding/recipe.js';
import { makeTempDir, REPO_ROOT } from '../../../helpers/fixtures.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'learn');
/** photo01-07 are sunflowers; 08-17 motorbikes, airplanes, pizzas and chairs (see the fixtures' README). */
const SUNFLOWERS = [1, 2, 3, 4, 5, 6, 7];

describe('learned tags on a real catalog with the real models', () => {
  let tmp: { dir: string; cleanup: () => void };
  let engine: LoupeEngine;
  let lib: string;
  const photo = (n: number) => path.join(lib, `photo${String(n).padStart(2, '0')}.jpg`);
  const id = (n: number) => engine.library.photoIdAt(photo(n))!;
  const found = (q: string) => engine.textSearch.search(q).map((r) => r.path);
  const learnedOn = (n: number, tag: string) => engine.tags.tagsOf(engine.library.photoIdAt(photo(n))!).tags.some((t) => t.name === tag && t.source === 'learned');

  beforeAll(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'Pictures');
    fs.mkdirSync(lib);
    // a file that is no image gets no features
    for (let n = 1; n <= 17; n++) fs.copyFileSync(path.join(FIXTURES, `photo${String(n).padStart(2, '0')}.jpg`), photo(n));
    fs.writeFileSync(path.join(lib, 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    fs.writeFileSync(path.join(lib, 'notes.jpg'), 'text, not a photo');
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {} });
    await engine.library.addFolder(lib);
    await engine.library.index();
  }, 240_000);

  afterAll(async () => {
    await engine.close();
    tmp.cleanup();
  });

  it('refuses bad input with a clear message and trains nothing', async () => {
    await expect(engine.learn.teach('sunflower', { add: [id(1), id(2)] })).rejects.toThrow(/at least 3 example photos.*has 2/);
    await expect(engine.learn.teach('sunflower', { add: [id(1), id(2), id(3)], not: [id(3)] })).rejects.toThrow(/photo03\.jpg is given both as an example and as a counter-example/);
    expect(engine.library.photoIdAt(path.join(tmp.dir, 'elsewhere.jpg'))).toBeNull();
    const broken = engine.library.photoIdAt(path.join(lib, 'broken.jpg'))!;
    await expect(engine.learn.teach('sunflower', { add: [id(1), id(2), broken] })).rejects.toThrow(/broken\.jpg could not be indexed, so it cannot be an example: \S/);
    // every unusable example is named in one message, each with its reason
    const notes = engine.library.photoIdAt(path.join(lib, 'notes.jpg'))!;
    await expect(engine.learn.teach('sunflower', { add: [id(1), broken, notes] })).rejects.toThrow(
      /2 photos cannot be examples:\n {2}\S*broken\.jpg could not be indexed[^\n]*\n {2}\S*notes\.jpg could not be indexed, so it cannot be an example: \S/,
    );
    expect(engine.learn.list()).toEqual([]);
    expect(found('sunflower')).toEqual([]);
  });

  it('learns a tag from 3 examples and a counter-example, tags the other sunflowers and nothing else, searchable in both languages', async () => {
    const s = await engine.learn.teach('sunflower', { add: [id(1), id(2), id(3)], not: [id(8)], nameZh: '向日葵' });
    expect(s).toMatchObject({ tag: 'sunflower', tagZh: '向日葵', positives: 3, fewExamples: true });
    for (const v of [s.cv.precision, s.cv.recall, s.cv.f1, s.threshold]) expect(v).toBeGreaterThanOrEqual(0);
    expect(s.threshold).toBeLessThan(1);
    const hits = found('sunflower');
    expect(found('向日葵')).toEqual(hits);
    expect(hits.slice(0, 3).sort()).toEqual([photo(1), photo(2), photo(3)]);
    const others = hits.filter((p) => ![1, 2, 3].some((n) => p === photo(n)));
    expect(others.filter((p) => SUNFLOWERS.some((n) => p === photo(n))).length).toBeGreaterThanOrEqual(1);
    expect(others.filter((p) => !SUNFLOWERS.some((n) => p === photo(n)))).toEqual([]);
    expect(learnedOn(8, 'sunflower')).toBe(false);
    expect(s.tagged).toBe(hits.length);
    const tag = engine.tags.tagsOf(engine.library.photoIdAt(photo(4))!).tags.find((t) => t.name === 'sunflower');
    if (tag) expect(tag).toMatchObject({ source: 'learned', name_zh: '向日葵' });
  });

  it('never undoes a hand removal on retrain, and counts it as a counter-example', async () => {
    const tagged = SUNFLOWERS.filter((n) => n > 3 && learnedOn(n, 'sunflower'));
    expect(tagged.length).toBeGreaterThan(0);
    const victim = tagged[0];
    engine.tags.remove(engine.library.photoIdAt(photo(victim))!, 'sunflower');
    expect(learnedOn(victim, 'sunflower')).toBe(false);
    // the count said with the tag is what search finds: the photo the user untagged is not counted
    expect(engine.learn.get('sunflower').tagged).toBe(found('sunflower').length);
    const s = await engine.learn.retrain('sunflower');
    expect(s.negatives).toBeGreaterThan(1); // the random photos plus photo08 and the rejected one
    expect(engine.tags.tagsOf(engine.library.photoIdAt(photo(victim))!).tags.map((t) => t.name)).not.toContain('sunflower');
    expect(found('sunflower')).not.toContain(photo(victim));
    expect(s.tagged).toBe(found('sunflower').length);
    // the suggestions never ask again about a photo the user decided by hand, or an example
    const asked = (await engine.learn.suggest('sunflower', 50)).map((x) => x.fileId);
    expect(asked).not.toContain(id(victim));
    expect(asked).not.toContain(id(1));
    expect(asked.length).toBeGreaterThan(0);
  });

  it('tags new photos at index time, as a full re-apply would', async () => {
    // new photos: a mirrored example (a sunflower for sure) and a mirrored airplane
    const newFlower = path.join(lib, 'new-a.jpg');
    const newPlane = path.join(lib, 'new-b.jpg');
    await sharp(photo(1)).flop().jpeg({ quality: 90 }).toFile(newFlower);
    await sharp(photo(12)).flop().jpeg({ quality: 90 }).toFile(newPlane);
    await engine.library.index();
    const shown = (p: string) => engine.tags.tagsOf(engine.library.photoIdAt(p)!).tags.find((t) => t.name === 'sunflower');
    expect(shown(newFlower)).toMatchObject({ source: 'learned' });
    expect(shown(newFlower)!.confidence).toBeGreaterThanOrEqual(engine.learn.get('sunflower').threshold);
    expect(shown(newPlane)).toBeUndefined();
    const atIndexTime = found('sunflower').sort();
    await engine.learn.setThreshold('sunflower', engine.learn.get('sunflower').threshold); // re-applies to all
    expect(found('sunflower').sort()).toEqual(atIndexTime);
  });

  it('moves the threshold: a higher one tags fewer photos, and the slider counts agree', async () => {
    const counts = await engine.learn.countsByThreshold('sunflower');
    expect(counts).toHaveLength(101);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1]);
    const high = await engine.learn.setThreshold('sunflower', 0.99);
    const low = await engine.learn.setThreshold('sunflower', 0.02);
    expect(high.tagged).toBeLessThan(low.tagged);
    expect(high.tagged).toBeGreaterThanOrEqual(3); // the examples stay tagged
    // what the slider says at a cut-off is what applying it tags: examples, and the photo untagged by hand, as the tag
    // shows them (trial 32: "tags 12 photos", then "is on 11 photos")
    for (const t of [0.02, 0.5, 0.99]) {
      const applied = await engine.learn.setThreshold('sunflower', t);
      expect((await engine.learn.countsByThreshold('sunflower'))[Math.round(t * 100)]).toBe(applied.tagged);
    }
  });

  it('exports, deletes (keeping a hand tag of the same name) and imports back', async () => {
    await engine.learn.setThreshold('sunflower', 0.5);
    const before = found('sunflower').sort();
    const exported = JSON.parse(JSON.stringify(engine.learn.exportTag('sunflower')));
    // the model and its examples' raw features (what another library retrains it from): still a small file
    const stored = engine.learn.get('sunflower');
    expect(exported.examples.filter((e: { positive: boolean }) => e.positive)).toHaveLength(stored.positives);
    expect(JSON.stringify(exported).length).toBeLessThan(25_000 * exported.examples.length);
    engine.tags.add(engine.library.photoIdAt(photo(14))!, 'sunflower'); // a (wrong) hand tag: the user's own, never removed by Loupe
    const gone = engine.learn.delete('sunflower');
    expect(gone.untagged).toBeGreaterThan(0);
    expect(found('sunflower')).toEqual([photo(14)]);
    await expect(engine.learn.importTag({ ...exported, dim: 3 }, 'bad.json')).rejects.toThrow(/bad\.json is not a usable Loupe learned tag/);
    const back = await engine.learn.importTag(exported, 'sunflower.json', 'sunflower');
    expect(back.tagZh).toBe('向日葵');
    // the figures say what it was trained on, as before the export (trial 13: "on your 0 examples and 0 other photos")
    expect(back).toMatchObject({ positives: stored.positives, negatives: stored.negatives, fewExamples: stored.fewExamples });
    // the imported model has no examples: it tags by score alone, the same photos as before bar the examples'
    // guaranteed place and the hand removal (which stays)
    const after = found('sunflower');
    expect(after).toContain(photo(14));
    expect(back.tagged).toBe(after.length); // the hand tag counts: the tag is on it
    for (const p of after) if (p !== photo(14)) expect(before).toContain(p);
  });

  it('retrains a tag made in another feature space (another library, or before a refit) from the examples it carries', async () => {
    const exported = JSON.parse(JSON.stringify(engine.learn.exportTag('sunflower')));
    const foreign = { ...exported, featureSpace: 'fused-library-whitening-v2@another-library', weights: 'AAAA', dim: 1 };
    const s = await engine.learn.importTag(foreign, 'elsewhere.json', 'sunflower-too');
    expect(s.positives).toBe(exported.examples.filter((e: { positive: boolean }) => e.positive).length);
    const marked = found('sunflower-too');
    // the photos its examples were taken from look exactly like them: tagged; nothing that is not a sunflower is
    for (const n of [1, 2, 3]) expect(marked).toContain(photo(n));
    const flower = (p: string) => SUNFLOWERS.some((n) => p === photo(n)) || p.endsWith('new-a.jpg'); // new-a: a mirrored photo01
    expect(marked.filter((p) => !flower(p))).toEqual([]);
    // a stored model left in an old space (a whitening refit) is retrained in the current one, tagging the same
    const db = (engine as unknown as { db: { prepare: (sql: string) => { run: (...a: unknown[]) => void } } }).db;
    db.prepare("UPDATE learned_tags SET model = json_set(model, '$.featureSpace', 'fused-library-whitening-v2@old-fit')").run();
    await engine.learn.refreshStale((m) => {
      throw new Error(m);
    });
    expect(found('sunflower-too').sort()).toEqual([...marked].sort());
    expect((await engine.learn.suggest('sunflower-too', 3)).length).toBeGreaterThan(0);
    engine.learn.delete('sunflower-too');
  });

  it('after an embedding recipe change, retrains only once its examples are re-embedded (a run cut short waits)', async () => {
    const db = (engine as unknown as { db: { prepare: (sql: string) => { run: (...a: unknown[]) => void; get: (...a: unknown[]) => unknown } } }).db;
    await engine.learn.teach('sunflower-r', { add: [id(1), id(2), id(3)], not: [id(8)] });
    const space = () => (db.prepare("SELECT json_extract(lt.model, '$.featureSpace') AS s FROM learned_tags lt JOIN tags t ON t.id = lt.tag_id WHERE t.name = 'sunflower-r'").get() as { s: string }).s;
    const current = space();
    db.prepare("UPDATE learned_tags SET model = json_set(model, '$.featureSpace', 'fused-default-whitening-v1') WHERE tag_id = (SELECT id FROM tags WHERE name = 'sunflower-r')").run();
    // one example still holds features of the earlier recipe: not re-embedded yet
    db.prepare('UPDATE features SET recipe = ? WHERE file_id = ?').run(EMBEDDING_RECIPE_VERSION - 1, id(1));
    const fail = (m: string) => {
      throw new Error(m);
    };
    await engine.learn.refreshStale(fail);
    expect(space()).toBe('fused-default-whitening-v1');
    db.prepare('UPDATE features SET recipe = ? WHERE file_id = ?').run(EMBEDDING_RECIPE_VERSION, id(1));
    await engine.learn.refreshStale(fail);
    expect(space()).toBe(current);
    expect(found('sunflower-r').slice(0, 3).sort()).toEqual([photo(1), photo(2), photo(3)]);
    engine.learn.delete('sunflower-r');
  });

  it('renames a learned tag; search follows the new name', async () => {
    engine.learn.rename('sunflower', 'Sunny', '葵花');
    expect(found('sunny').length).toBeGreaterThan(0);
    expect(found('葵花')).toEqual(found('sunny'));
    expect(engine.learn.list().map((t) => t.tag)).toEqual(['Sunny']);
  });

  it('keeps a threshold the user set through an answer, a retrain and a refit; null gives it back to the trainer', async () => {
    // trial 13: the user moved the slider, answered one suggestion, and the trainer's cut-off was back
    const taught = await engine.learn.teach('sunflower-t', { add: [id(1), id(2), id(3)], not: [id(8)] });
    expect(taught.thresholdByUser).toBe(false);
    const mine = taught.threshold > 0.5 ? 0.2 : 0.8; // well away from the trainer's
    expect(await engine.learn.setThreshold('sunflower-t', mine)).toMatchObject({ threshold: mine, thresholdByUser: true });
    expect(await engine.learn.answer('sunflower-t', id(4), true)).toMatchObject({ threshold: mine, thresholdByUser: true, positives: 4 });
    expect((await engine.learn.retrain('sunflower-t')).threshold).toBe(mine);
    const db = (engine as unknown as { db: { prepare: (sql: string) => { run: (...a: unknown[]) => void } } }).db;
    db.prepare("UPDATE learned_tags SET model = json_set(model, '$.featureSpace', 'fused-library-whitening-v2@old-fit') WHERE tag_id = (SELECT id FROM tags WHERE name = 'sunflower-t')").run();
    await engine.learn.refreshStale((m) => {
      throw new Error(m);
    });
    expect(engine.learn.get('sunflower-t')).toMatchObject({ threshold: mine, thresholdByUser: true });
    const auto = await engine.learn.setThreshold('sunflower-t', null);
    expect(auto.thresholdByUser).toBe(false);
    expect(auto.threshold).not.toBe(mine);
    engine.learn.delete('sunflower-t');
  });

  it("refuses a Chinese name that is another learned tag's, and trains nothing", async () => {
    await expect(engine.learn.teach('flowers', { add: [id(1), id(2), id(3)], nameZh: '葵花' })).rejects.toThrow(/"葵花" is already the name of the learned tag "Sunny"/);
    expect(engine.learn.list().map((t) => t.tag)).toEqual(['Sunny']);
    const file = JSON.parse(JSON.stringify(engine.learn.exportTag('Sunny'))); // its Chinese name, 葵花, travels with it
    const renamed = { ...file, name: 'Sunny again' }; // under a new English name only
    await expect(engine.learn.importTag(renamed, 'sunny.json')).rejects.toThrow(/"葵花" \(the file's Chinese name\) is already the name of the learned tag "Sunny"/);
    expect(engine.learn.list().map((t) => t.tag)).toEqual(['Sunny']);
    // imported under a name the user chose, the copy leaves the Chinese name to the tag that has it
    expect(await engine.learn.importTag(file, 'sunny.json', 'Sunny again')).toMatchObject({ tag: 'Sunny again', tagZh: null });
    expect(engine.learn.list().filter((t) => t.tagZh === '葵花').map((t) => t.tag)).toEqual(['Sunny']);
    engine.learn.delete('Sunny again');
  });

  it('the later word wins: an example untagged by hand is one no more, and an answer overrules a hand decision', async () => {
    // trial 32: a photo answered "yes", then untagged by hand, still trained the tag as an example; given again as an
    // example (`learn --add`), it stayed untagged, and a photo tagged by hand kept the tag after "no, not this"
    const shown = (n: number) => engine.tags.tagsOf(id(n)).tags.some((t) => t.name === 'garden');
    const first = await engine.learn.teach('garden', { add: [id(1), id(2), id(4), id(5)] });
    expect(first.positives).toBe(4);
    engine.tags.remove(id(5), 'garden');
    expect(engine.learn.answersOf('garden').get(id(5))).toBe(false);
    const retrained = await engine.learn.retrain('garden');
    expect(retrained.positives).toBe(3);
    expect(retrained.negatives).toBe(first.negatives + 1);
    expect(shown(5)).toBe(false); // still untagged: a retrain never undoes the hand removal
    // "yes" again: the tag shows on it again, and it is an example again
    const again = await engine.learn.teach('garden', { add: [id(5)] });
    expect(again.positives).toBe(4);
    expect(shown(5)).toBe(true);
    expect(found('garden')).toContain(photo(5));
    // a photo tagged by hand, then answered "no": the tag comes off
    engine.tags.add(id(9), 'garden');
    expect(shown(9)).toBe(true);
    await engine.learn.answer('garden', id(9), false);
    expect(shown(9)).toBe(false);
    expect(engine.learn.answersOf('garden').get(id(9))).toBe(false);
    engine.learn.delete('garden');
  });

  it('a photo untagged by hand stays untagged when the tag is renamed, onto a new name or a tag of the user\'s', async () => {
    // trial 32: "my bike" renamed "motorbike" was back on the photo the user had untagged ("on 12 photos", was 11)
    const shown = (n: number, tag: string) => engine.tags.tagsOf(id(n)).tags.some((t) => t.name === tag);
    await engine.learn.teach('yellow', { add: [id(1), id(2), id(3), id(4)] });
    engine.tags.remove(id(4), 'yellow');
    const tagged = engine.learn.get('yellow').tagged;
    engine.learn.rename('yellow', 'golden');
    expect(shown(4, 'golden')).toBe(false);
    expect(found('golden')).not.toContain(photo(4));
    expect(engine.learn.get('golden').tagged).toBe(tagged);
    expect(engine.learn.answersOf('golden').get(id(4))).toBe(false);
    engine.tags.add(id(10), 'amber'); // the user's own tag: the learned tag joins it
    engine.learn.rename('golden', 'amber');
    expect(shown(4, 'amber')).toBe(false);
    expect(shown(10, 'amber')).toBe(true);
    expect(engine.learn.get('amber').tagged).toBe(tagged + 1);
    engine.learn.delete('amber');
    expect(shown(10, 'amber')).toBe(true); // a hand tag stays
  });

  it('a photo tagged by hand with the name has the new one after a rename, in place, onto a tag of the user\'s, or off the detector\'s', async () => {
    // trial 32: a taught tag renamed left the photos the user had tagged by hand with that name under the old one
    const shown = (n: number, tag: string) => engine.tags.tagsOf(id(n)).tags.some((t) => t.name === tag);
    await engine.learn.teach('ochre', { add: [id(1), id(2), id(3)] });
    engine.tags.add(id(12), 'ochre'); // an airplane, tagged by hand: the learned tag does not take it
    engine.learn.rename('ochre', 'saffron');
    expect([shown(12, 'saffron'), shown(12, 'ochre')]).toEqual([true, false]);
    expect(found('saffron')).toContain(photo(12));
    expect(found('ochre')).toEqual([]);
    engine.tags.add(id(13), 'mustard'); // the user's own tag: the learned tag joins it, and brings photo 12
    engine.learn.rename('saffron', 'mustard');
    expect([shown(12, 'mustard'), shown(12, 'saffron'), shown(13, 'mustard')]).toEqual([true, false, true]);
    engine.learn.delete('mustard');
    expect([shown(12, 'mustard'), shown(13, 'mustard')]).toEqual([true, true]); // hand tags stay
    // a learned tag under the detector's name: the detector's tag keeps it, the user's hand tag has both
    const detected = [8, 9, 10, 11, 12, 13].find((n) => engine.tags.tagsOf(id(n)).tags.some((t) => t.source === 'auto'))!;
    const name = engine.tags.tagsOf(id(detected)).tags.find((t) => t.source === 'auto')!.name;
    await engine.learn.teach(name, { add: [id(5), id(6), id(7)] });
    engine.tags.add(id(4), name);
    engine.learn.rename(name, `my ${name}`);
    expect([shown(4, `my ${name}`), shown(4, name), shown(detected, name)]).toEqual([true, true, true]);
    engine.learn.delete(`my ${name}`);
  });
});
