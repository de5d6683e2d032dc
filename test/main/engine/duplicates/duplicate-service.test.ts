// The duplicate finder end to end on a real library: real photos and edits of them, the real models and
// catalog, the real (freedesktop) trash in a temp folder.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuplicateGroup } from '../../../../src/shared/duplicate-types.js';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { analyzePhoto } from '../../../../src/main/engine/media/index.js';
import { caltechSample, copyPhotos, makeTempDir, TEST_PHOTOS } from '../../../helpers/fixtures.js';

const ORIGINAL = 'hires/lomiri16__Bridge_by_Sander_Klootwijk.jpg';
const SCENE = 'hires/lomiri16__aitzgorri_by_Aitzol_Berasategi.jpg';

/** A sky-like gradient with sensor noise: flat for the hash, alike for the embedding. */
async function flatPicture(file: string, seed: number, top: [number, number, number]): Promise<void> {
  const w = 640;
  const h = 480;
  const data = Buffer.alloc(w * h * 3);
  let s = seed;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      const noise = (s % 7) - 3;
      for (let c = 0; c < 3; c++) data[(y * w + x) * 3 + c] = Math.max(0, Math.min(255, top[c] + (y / h) * 40 + noise));
    }
  }
  await sharp(data, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 90 }).toFile(file);
}

/** A frame of a burst: a window of the scene, with the camera's capture time. */
async function burstFrame(src: string, file: string, leftShare: number, time: string): Promise<void> {
  const m = await sharp(src).metadata();
  const width = Math.round(m.width! * 0.85);
  await sharp(src)
    .extract({ left: Math.round(m.width! * leftShare), top: 0, width, height: m.height! })
    .resize(1600)
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'Canon', Model: 'EOS 80D' }, IFD2: { DateTimeOriginal: time } })
    .toFile(file);
}

describe('duplicate groups, similar shots and clean-up on a real library', () => {
  const tmp = makeTempDir();
  const lib = path.join(tmp.dir, 'lib');
  const trashDir = path.join(tmp.dir, 'Trash');
  let engine: LoupeEngine;
  const p = (name: string): string => path.join(lib, name);
  const id = (name: string): number => engine.library.photoIdAt(p(name))!;
  const groupWith = (groups: DuplicateGroup[], name: string): DuplicateGroup | undefined =>
    groups.find((g) => g.members.some((m) => m.path === p(name)));

  beforeAll(async () => {
    fs.mkdirSync(path.join(lib, 'copies'), { recursive: true });
    fs.copyFileSync(path.join(TEST_PHOTOS, ORIGINAL), p('bridge.jpg'));
    fs.copyFileSync(path.join(TEST_PHOTOS, ORIGINAL), p('copies/bridge copy.jpg'));
    const src = p('bridge.jpg');
    const meta = await sharp(src).metadata();
    await sharp(src).resize(900).jpeg({ quality: 40 }).toFile(p('copies/bridge-small.jpg'));
    await sharp(src).rotate(90).jpeg({ quality: 85 }).toFile(p('copies/bridge-rotated.jpg'));
    await sharp(src)
      .extract({ left: Math.round(meta.width! * 0.05), top: Math.round(meta.height! * 0.05), width: Math.round(meta.width! * 0.9), height: Math.round(meta.height! * 0.9) })
      .toFile(p('copies/bridge-crop.jpg'));
    copyPhotos(caltechSample(['anchor', 'accordion', 'airplanes'], 2), path.join(lib, 'other'));
    await flatPicture(p('sky-1.jpg'), 1, [90, 140, 220]);
    await flatPicture(p('sky-2.jpg'), 2, [95, 145, 225]);
    const scene = path.join(TEST_PHOTOS, SCENE);
    await burstFrame(scene, p('burst-1.jpg'), 0, '2021:05:01 10:00:00');
    await burstFrame(scene, p('burst-2.jpg'), 0.1, '2021:05:01 10:00:04');
    await burstFrame(scene, p('later.jpg'), 0.05, '2021:05:01 10:31:07');
    // RAW + the JPEG the camera wrote beside it: one shot in two forms. The sample NEF has no preview of its
    // own, so the camera's JPEG is embedded in it, as cameras do (Loupe shows a RAW by its largest preview).
    const shot = await sharp(path.join(TEST_PHOTOS, 'hires/lomiri16__friends_by_Aitzol_Berasategi.jpg')).resize(1600).jpeg({ quality: 92 }).toBuffer();
    fs.writeFileSync(p('DSC_0042.JPG'), shot);
    fs.writeFileSync(p('DSC_0042.NEF'), Buffer.concat([fs.readFileSync(path.join(TEST_PHOTOS, 'robustness/exiftool-t-images/Nikon.nef')), shot]));
    expect((await analyzePhoto(p('DSC_0042.NEF'), { mtimeMs: Date.now() })).format).toBe('raw');

    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {}, trashDir });
    await engine.library.addFolder(lib);
    await engine.library.index();
  }, 180_000);

  afterAll(async () => {
    await engine?.close();
    tmp.cleanup();
  });

  it('groups the copies and edits of one photo, explains every member, and leaves everything else alone', async () => {
    const groups = await engine.duplicates.groups();
    const bridge = groupWith(groups, 'bridge.jpg')!;
    expect(bridge.level).toBe('near');
    expect(bridge.members.map((m) => m.path).sort()).toEqual(
      ['bridge.jpg', 'copies/bridge copy.jpg', 'copies/bridge-crop.jpg', 'copies/bridge-rotated.jpg', 'copies/bridge-small.jpg'].map(p).sort(),
    );
    // the original is kept (full size, and 'bridge copy.jpg' is named as a copy), and the rule is said
    expect(bridge.keepId).toBe(id('bridge.jpg'));
    expect(bridge.reason.length).toBeGreaterThan(5);
    for (const m of bridge.members) {
      if (m.id === bridge.representativeId) continue;
      expect(m.match?.level).not.toBe('none');
      expect(m.score).toBeGreaterThan(0.5);
    }
    expect(bridge.members.find((m) => m.path === p('copies/bridge-rotated.jpg'))!.match!.transform).toMatch(/rot90|rot270|transpose/);
    for (const name of ['sky-1.jpg', 'sky-2.jpg', 'DSC_0042.NEF', 'DSC_0042.JPG', 'later.jpg']) {
      expect(groupWith(groups.filter((g) => g.level !== 'similar'), name), name).toBeUndefined();
    }
    expect(groups.filter((g) => g.level !== 'similar')).toHaveLength(1);
  });

  it('never groups flat pictures or a RAW with its own JPEG, and says why', async () => {
    const sky = engine.duplicates.explain(id('sky-1.jpg'), id('sky-2.jpg'));
    expect(sky).toMatchObject({ level: 'none', rule: 'flat', nearUniform: true });
    const pair = engine.duplicates.explain(id('DSC_0042.NEF'), id('DSC_0042.JPG'));
    expect(pair).toMatchObject({ level: 'none', rule: 'raw+jpeg' });
    expect(pair.hashDistance).toBeLessThanOrEqual(6); // the same picture: only the pairing rule keeps them apart
  });

  it('stacks a burst by capture time, apart from the duplicates, and never cleans it up', async () => {
    const similar = await engine.duplicates.groups('similar');
    const stack = groupWith(similar, 'burst-1.jpg')!;
    expect(stack.members.map((m) => m.path).sort()).toEqual([p('burst-1.jpg'), p('burst-2.jpg')]);
    expect(stack.members.find((m) => m.match)!.match!.takenAtDeltaS).toBe(4);
    expect(groupWith(similar, 'later.jpg')).toBeUndefined(); // 31 minutes later: another moment
    const near = engine.duplicates.explain(id('burst-1.jpg'), id('burst-2.jpg'));
    expect(near.level).toBe('similar');
    await expect(engine.trash.cleanUp(stack.id, stack.keepId)).rejects.toThrow(/Similar shots/);
  });

  it('places a new copy into the existing group without regrouping, from neighbours found while indexing', async () => {
    const before = groupWith(await engine.duplicates.groups('near'), 'bridge.jpg')!;
    // The embedding candidates come from the similarity index's own neighbour search during indexing: the
    // duplicate pass needs no search of its own.
    const deps = (engine.duplicates as unknown as { deps: { neighbourIds: (id: number, k: number) => Promise<number[]> } }).deps;
    const search = deps.neighbourIds;
    let searches = 0;
    deps.neighbourIds = (id, k) => {
      searches++;
      return search(id, k);
    };
    await sharp(p('bridge.jpg')).resize(1200).webp({ quality: 60 }).toFile(p('copies/bridge.webp'));
    await engine.library.index();
    deps.neighbourIds = search;
    expect(searches).toBe(0);
    const recorded = engine.database.prepare('SELECT other_id FROM dup_candidates WHERE file_id = ?').all(id('copies/bridge.webp')) as { other_id: number }[];
    expect(recorded.map((r) => r.other_id)).toContain(id('bridge.jpg'));
    const after = groupWith(await engine.duplicates.groups('near'), 'bridge.jpg')!;
    expect(after.id).toBe(before.id);
    expect(after.members.map((m) => m.path)).toContain(p('copies/bridge.webp'));
    expect(after.members).toHaveLength(before.members.length + 1);
  });

  it('does not touch a file that changed on disk since it was indexed', async () => {
    const file = p('copies/bridge.webp');
    fs.appendFileSync(file, Buffer.from('x'));
    const r = await engine.trash.trash([id('copies/bridge.webp')]);
    expect(r.trashed).toHaveLength(0);
    expect(r.failed[0].reason).toMatch(/changed on disk/);
    expect(fs.existsSync(file)).toBe(true);
    fs.rmSync(file);
    await engine.library.index();
  });

  it('cleans up into the system trash, merges user tags into the keeper, and undoes it all', async () => {
    const group = groupWith(await engine.duplicates.groups('near'), 'bridge.jpg')!;
    engine.tags.add(engine.library.photoIdAt(p('copies/bridge-small.jpg'))!, 'holiday');
    const keepId = id('bridge.jpg');
    const others = group.members.filter((m) => m.id !== keepId).map((m) => m.path);

    const r = await engine.trash.cleanUp(group.id, keepId);
    expect(r.failed).toEqual([]);
    expect(r.trashed.map((t) => t.path).sort()).toEqual([...others].sort());
    for (const f of others) {
      expect(fs.existsSync(f)).toBe(false);
      expect(engine.library.photoIdAt(f)).toBeNull();
    }
    const inTrash = fs.readdirSync(path.join(trashDir, 'files'));
    expect(inTrash).toHaveLength(others.length);
    expect(fs.readFileSync(path.join(trashDir, 'files', inTrash.find((n) => n.startsWith('bridge copy'))!))).toEqual(fs.readFileSync(p('bridge.jpg')));
    expect(engine.tags.tagsOf(engine.library.photoIdAt(p('bridge.jpg'))!).tags.map((t) => t.name)).toContain('holiday');
    expect(groupWith(await engine.duplicates.groups(), 'bridge.jpg')).toBeUndefined();
    const keeperBefore = group.keepId;

    const back = await engine.trash.restore(r.undoToken!);
    expect(back.failed).toEqual([]);
    expect(back.restored.sort()).toEqual([...others].sort());
    for (const f of others) {
      expect(fs.existsSync(f)).toBe(true);
      // back in the catalog at once, with every stage done: nothing is decoded or embedded again
      const info = engine.library.info(engine.library.photoIdAt(f)!)!;
      expect(info.state).toBe('ready');
      expect(Object.keys(info.stages).sort()).toEqual(['analyze', 'copyquality', 'embed', 'faces', 'phash', 'places', 'preview', 'text', 'texttags']);
    }
    expect(engine.library.status().pending).toBe(0);
    expect(engine.tags.tagsOf(engine.library.photoIdAt(p('copies/bridge-small.jpg'))!).tags.map((t) => t.name)).toContain('holiday');
    expect(engine.tags.tagsOf(engine.library.photoIdAt(p('bridge.jpg'))!).tags.map((t) => t.name)).not.toContain('holiday');
    const again = groupWith(await engine.duplicates.groups('near'), 'bridge.jpg')!;
    expect(again.members.map((m) => m.path).sort()).toEqual([p('bridge.jpg'), ...others].sort());
    // the copies came back with what the keep rules and the point-by-point check read of them
    expect(again.keepId).toBe(keeperBefore);
    await expect(engine.trash.restore(r.undoToken!)).rejects.toThrow(/Nothing to restore/);
  });
});
