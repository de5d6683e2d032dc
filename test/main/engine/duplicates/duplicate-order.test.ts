// One group per picture, whatever order the photos arrive in, with the untouched original kept: a real library
// (real catalog, stages and models) of two photos, each with the edits users make of them (a smaller copy, a
// coarser re-save, a crop to 70%, a 5-degree straightening on a grown canvas, a grey copy, a noisy print-scan, a
// mirror image), among unrelated photos and two different STOP-sign pictures. Indexed all at once, and again in a
// shuffled order over three index runs: the groups and keepers must be the same.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuplicateGroup } from '../../../../src/shared/duplicate-types.js';
import Database from 'better-sqlite3';
import { CopyQualityRepository } from '../../../../src/main/engine/catalog/copy-quality-repository.js';
import { openCatalogDb } from '../../../../src/main/engine/catalog/database.js';
import { DuplicateRepository } from '../../../../src/main/engine/catalog/duplicate-repository.js';
import { FeatureRepository } from '../../../../src/main/engine/catalog/feature-repository.js';
import { FileRepository } from '../../../../src/main/engine/catalog/file-repository.js';
import { HashRepository } from '../../../../src/main/engine/catalog/hash-repository.js';
import { LocalCheckRepository } from '../../../../src/main/engine/catalog/local-check-repository.js';
import { DuplicateService } from '../../../../src/main/engine/duplicates/duplicate-service.js';
import { SettingsStore } from '../../../../src/main/engine/settings.js';
import { SimilarityProjection } from '../../../../src/main/engine/search/similarity-projection.js';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { makeTempDir, REPO_ROOT } from '../../../helpers/fixtures.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/duplicates');
const ORIGINALS = ['cold_water.jpg', 'grand_canyon_1.jpg'];
const OTHERS = ['new_wave_1.jpg', 'blackie.jpg', 'accordion_0004.jpg', 'stop_sign_0005.jpg', 'stop_sign_0008.jpg'];
/** the originals were on disk years before their copies */
const OLD = new Date('2015-03-01T10:00:00Z');

type EditFn = (src: string) => Promise<Buffer>;
const EDITS: Record<string, EditFn> = {
  small: (f) => sharp(f).resize(400).jpeg({ quality: 90 }).toBuffer(),
  resaved: (f) => sharp(f).jpeg({ quality: 35 }).toBuffer(),
  crop70: async (f) => {
    const m = await sharp(f).metadata();
    return sharp(f).extract({ left: Math.round(m.width! * 0.2), top: Math.round(m.height! * 0.1), width: Math.round(m.width! * 0.7), height: Math.round(m.height! * 0.7) }).jpeg({ quality: 92 }).toBuffer();
  },
  turned: (f) => sharp(f).rotate(5, { background: '#000000' }).jpeg({ quality: 92 }).toBuffer(),
  grey: (f) => sharp(f).grayscale().jpeg({ quality: 92 }).toBuffer(),
  scan: async (f) => {
    const { data, info } = await sharp(f).blur(1.2).raw().toBuffer({ resolveWithObject: true });
    let s = 11;
    const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(data[i] + 14 * Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd()))));
    return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).jpeg({ quality: 90 }).toBuffer();
  },
  mirrored: (f) => sharp(f).flop().jpeg({ quality: 92 }).toBuffer(),
};

/** name in the library (neutral: says nothing of what it is) -> what it is */
interface Item {
  name: string;
  picture: string | null;
  edit: string;
  bytes: Buffer;
  old: boolean;
}

async function buildItems(): Promise<Item[]> {
  const items: Item[] = [];
  let n = 0;
  const next = (): string => `IMG_${String(1000 + 37 * n++).padStart(4, '0')}.jpg`;
  for (const o of ORIGINALS) {
    const src = path.join(FIXTURES, o);
    items.push({ name: next(), picture: o, edit: 'original', bytes: fs.readFileSync(src), old: true });
    for (const [edit, fn] of Object.entries(EDITS)) items.push({ name: next(), picture: o, edit, bytes: await fn(src), old: false });
  }
  for (const o of OTHERS) items.push({ name: next(), picture: null, edit: o, bytes: fs.readFileSync(path.join(FIXTURES, o)), old: true });
  return items;
}

function write(dir: string, it: Item): void {
  const file = path.join(dir, it.name);
  fs.writeFileSync(file, it.bytes);
  if (it.old) fs.utimesSync(file, OLD, OLD);
}

/** Groups as sorted lists of names, and each group's keeper, independent of ids. */
function shape(groups: DuplicateGroup[]): { members: string[]; keep: string }[] {
  return groups
    .filter((g) => g.level !== 'similar')
    .map((g) => ({ members: g.members.map((m) => path.basename(m.path)).sort(), keep: path.basename(g.members.find((m) => m.id === g.keepId)!.path) }))
    .sort((a, b) => a.members[0].localeCompare(b.members[0]));
}

describe('duplicate groups do not depend on the order photos arrive in', () => {
  const tmp = makeTempDir();
  let items: Item[];
  let all: { members: string[]; keep: string }[];
  let shuffled: { members: string[]; keep: string }[];
  let engineA: LoupeEngine;

  beforeAll(async () => {
    items = await buildItems();
    // A: everything at once
    const libA = path.join(tmp.dir, 'a');
    fs.mkdirSync(libA);
    for (const it of items) write(libA, it);
    engineA = LoupeEngine.open({ home: path.join(tmp.dir, 'home-a'), warn: () => {} });
    await engineA.library.addFolder(libA);
    await engineA.library.index();
    all = shape(await engineA.duplicates.groups());
    // B: the same files in a shuffled order over three index runs (copies before their originals, among others)
    const libB = path.join(tmp.dir, 'b');
    fs.mkdirSync(libB);
    let s = 5;
    const order = [...items].sort(() => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5);
    const engineB = LoupeEngine.open({ home: path.join(tmp.dir, 'home-b'), warn: () => {} });
    try {
      await engineB.library.addFolder(libB);
      const third = Math.ceil(order.length / 3);
      for (let k = 0; k < 3; k++) {
        for (const it of order.slice(k * third, (k + 1) * third)) write(libB, it);
        await engineB.library.index();
        await engineB.duplicates.groups(); // the incremental update of each run
      }
      shuffled = shape(await engineB.duplicates.groups());
    } finally {
      await engineB.close();
    }
  }, 600_000);

  afterAll(async () => {
    await engineA?.close();
    tmp.cleanup();
  });

  const byName = (name: string): Item => items.find((it) => it.name === name)!;

  it('gives the same groups and keepers for a shuffled, incremental arrival as for one index run', () => {
    expect(shuffled).toEqual(all);
  });

  it('puts each picture in exactly one group with its crop and its straightened copy, and nothing else', () => {
    for (const o of ORIGINALS) {
      const groups = all.filter((g) => g.members.some((n) => byName(n).picture === o));
      expect(groups, o).toHaveLength(1);
      const edits = groups[0].members.map((n) => byName(n).edit).sort();
      expect(edits, o).toEqual(['original', ...Object.keys(EDITS)].sort());
    }
    // the unrelated photos and the two different STOP signs are in no group
    for (const g of all) for (const n of g.members) expect(byName(n).picture, n).not.toBeNull();
  });

  it('keeps the untouched original, and says why in words', async () => {
    for (const g of all) expect(byName(g.keep).edit).toBe('original');
    const groups = (await engineA.duplicates.groups()).filter((g) => g.level !== 'similar');
    for (const g of groups) {
      expect(g.reason.length).toBeGreaterThan(10);
      expect(g.reasonMessage.code).toMatch(/^keep\./);
    }
  });

  it('groups the same reading each table in one pass (a first grouping) as reading a photo at a time', async () => {
    // the indexed library, copied, grouped from scratch both ways by the service itself
    const homeA = path.join(tmp.dir, 'home-a');
    const home = path.join(tmp.dir, 'both-ways');
    fs.mkdirSync(home);
    const source = new Database(path.join(homeA, 'catalog.sqlite'), { readonly: true });
    source.exec(`VACUUM INTO '${path.join(home, 'catalog.sqlite')}'`);
    source.close();
    const db = openCatalogDb(home, undefined, { fresh: true });
    try {
      const features = new FeatureRepository(db);
      const projection = new SimilarityProjection({
        settings: new SettingsStore(db),
        indexDir: path.join(homeA, 'index'),
        defaultWhiteningFile: path.join(REPO_ROOT, 'resources', 'models', 'whitening-default.bin'),
        log: () => {},
      });
      const grouped = async (wideShare: number): Promise<unknown[]> => {
        db.exec("DELETE FROM dup_members; DELETE FROM dup_groups; DELETE FROM dup_placed; DELETE FROM settings WHERE key LIKE 'duplicates.%'");
        const service = new DuplicateService({
          repo: new DuplicateRepository(db),
          files: new FileRepository(db),
          hashes: new HashRepository(db),
          quality: new CopyQualityRepository(db),
          checks: new LocalCheckRepository(db),
          settings: new SettingsStore(db),
          embeddingOf: (id) => projection.projectForDuplicates(features.of(id)),
          embeddingsOf: (ids) => projection.projectManyForDuplicates(ids.map((id) => features.of(id))),
          neighbourIds: () => Promise.resolve([]),
          wideShare,
        });
        expect((await service.update()).placed).toBeGreaterThan(items.length);
        return db.prepare("SELECT g.representative_id, m.file_id, m.score, m.evidence FROM dup_groups g JOIN dup_members m ON m.group_id = g.id WHERE g.kind = 'duplicate' ORDER BY m.file_id").all();
      };
      const wide = await grouped(1);
      const narrow = await grouped(0);
      expect(wide.length).toBeGreaterThanOrEqual(2 * (1 + Object.keys(EDITS).length));
      expect(narrow).toEqual(wide);
    } finally {
      db.close();
    }
  });

  it('remembers the keeper the user chose, through a re-run and a new copy arriving', async () => {
    const group = (await engineA.duplicates.groups()).find((g) => g.level !== 'similar')!;
    const other = group.members.find((m) => m.id !== group.keepId)!;
    const chosen = await engineA.duplicates.chooseKeeper(other.id);
    expect(chosen).toMatchObject({ keepId: other.id, keepRule: 'user' });
    // a new, even better copy (bigger) arrives and the library is indexed again
    const original = group.members.find((m) => m.id === group.keepId)!;
    await sharp(original.path).resize(1600).jpeg({ quality: 95 }).toFile(path.join(path.dirname(original.path), 'IMG_9999.jpg'));
    await engineA.library.index();
    const after = (await engineA.duplicates.groups()).find((g) => g.members.some((m) => m.id === other.id))!;
    expect(after.members.some((m) => path.basename(m.path) === 'IMG_9999.jpg')).toBe(true);
    expect(after).toMatchObject({ keepId: other.id, keepRule: 'user' });
  });
});
