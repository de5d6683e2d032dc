// The text stage end to end on the real models through the real model process: what indexing stores, what
// search finds, and what happens when text cannot be read. Fixtures: test/fixtures/text (made here).
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { Job } from '../../../../src/main/engine/jobs/job.js';
import { createEngineBackend } from '../../../../src/main/backend/engine-backend.js';
import { dispatchApiCall } from '../../../../src/shared/api-dispatch.js';
import { REPO_ROOT, makeTempDir } from '../../../helpers/fixtures.js';
import { wavyLinesSvg } from '../../../helpers/text-textures.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'text');

describe('text stage: reading, storing and searching text in photos (real PP-OCR models)', () => {
  let tmp: { dir: string; cleanup: () => void };
  let engine: LoupeEngine;
  const lib = () => path.join(tmp.dir, 'Pictures');
  // Neutral names: only the pixels can say what a photo holds.
  const names: Record<string, string> = {
    'receipt-en.png': 'IMG_0001.png',
    'receipt-exif-rotated.jpg': 'IMG_0002.jpg',
    'receipt-sideways.png': 'IMG_0007.png',
    'sign-zh.jpg': 'IMG_0003.jpg',
    'notice-tilted.png': 'IMG_0004.png',
    'flyer-small-print.png': 'IMG_0005.png',
    'no-text.jpg': 'IMG_0006.jpg',
    'street-sideways.jpg': 'IMG_0009.jpg',
  };
  const photo = (fixture: string) => path.join(lib(), names[fixture]);
  // Rows of wavy lines (test/helpers/text-textures.ts): the quick look takes them for text, there is nothing to read.
  const waves = () => path.join(lib(), 'IMG_0008.png');
  let firstIndex: Job['timings'];
  const idOf = (p: string) => engine.library.photoIdAt(p)!;
  const search = (q: string) => engine.textSearch.search(q);

  beforeAll(async () => {
    tmp = makeTempDir('loupe-text-');
    fs.mkdirSync(lib());
    for (const [fixture, name] of Object.entries(names)) fs.copyFileSync(path.join(FIXTURES, fixture), path.join(lib(), name));
    await sharp(wavyLinesSvg()).png().toFile(waves());
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {}, trashDir: path.join(tmp.dir, 'trash') });
    await engine.library.addFolder(lib());
    const job = new Job('index');
    const summary = await engine.library.index(job);
    expect(summary.failed).toEqual([]);
    firstIndex = job.timings;
  }, 480_000);

  afterAll(async () => {
    await engine?.close();
    tmp?.cleanup();
  });

  it('stores each line with its text, confidence and a box in pixels of the photo', () => {
    const lines = engine.text.linesOf(idOf(photo('receipt-en.png')))!;
    const all = lines.map((l) => l.text.replace(/\s/g, '').toUpperCase()).join('');
    for (const word of ['CORNERBAKERY', 'TOTAL', '20.40', 'WALNUT']) expect(all).toContain(word);
    for (const l of lines) {
      expect(l.confidence).toBeGreaterThanOrEqual(0.5);
      const [x, y, w, h] = l.box;
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(520);
      expect(y + h).toBeLessThanOrEqual(640);
    }
    // the heading is drawn at y 37..71 (40-px bold text whose baseline is at 70)
    const heading = lines.find((l) => /CORNER/i.test(l.text))!;
    expect(heading.box[1]).toBeGreaterThan(25);
    expect(heading.box[1] + heading.box[3]).toBeLessThan(85);
  });

  it('reads a photo stored sideways with an EXIF orientation upright, with boxes where the viewer shows the text', () => {
    const upright = engine.text.linesOf(idOf(photo('receipt-en.png')))!;
    const turned = engine.text.linesOf(idOf(photo('receipt-exif-rotated.jpg')))!;
    const headingOf = (ls: typeof upright) => ls.find((l) => /CORNER/i.test(l.text))!;
    expect(headingOf(turned)).toBeDefined();
    headingOf(turned).box.forEach((v, i) => expect(Math.abs(v - headingOf(upright).box[i])).toBeLessThanOrEqual(8));
  });

  it('reads a receipt turned sideways without any EXIF orientation: its lines stand vertical, each is read', () => {
    const lines = engine.text.linesOf(idOf(photo('receipt-sideways.png')))!;
    const texts = lines.map((l) => l.text.replace(/\s/g, '').toUpperCase());
    for (const word of ['CORNERBAKERY', 'TOTAL', 'WALNUTRAISIN']) expect(texts.some((t) => t.includes(word)), word).toBe(true);
    expect(texts.some((t) => t.includes('TOTAL') && t.includes('BACON'))).toBe(false); // columns are not joined
    const heading = lines.find((l) => /CORNER/i.test(l.text))!;
    expect(heading.box[3]).toBeGreaterThan(heading.box[2] * 2); // a tall box: the line runs down the photo
  });

  it('reads a street photo saved turned a quarter in its pixels at the turn that makes it upright; boxes on the photo as displayed', () => {
    const file = photo('street-sideways.jpg');
    const lines = engine.text.linesOf(idOf(file))!;
    const texts = lines.map((l) => l.text.replace(/\s/g, '').toUpperCase());
    for (const word of ['PHARMACY', 'OPENDAILY', 'NOPARKING', 'BAKERY', 'EXIT']) expect(texts, word).toContain(word);
    // The upright street (1280 x 720) was turned a quarter left: its sign at x 110..262, y 112..150 (upright) stands
    // at x 112..150, y 1018..1170 of the 720 x 1280 photo as displayed, a tall box where the viewer shows it.
    const pharmacy = lines[texts.indexOf('PHARMACY')].box;
    expect(pharmacy[0]).toBeGreaterThanOrEqual(108);
    expect(pharmacy[0] + pharmacy[2]).toBeLessThanOrEqual(154);
    expect(pharmacy[1]).toBeGreaterThanOrEqual(1010);
    expect(pharmacy[1] + pharmacy[3]).toBeLessThanOrEqual(1178);
    expect(search('pharmacy').map((h) => h.path)).toContain(file);
  });

  it('reads Chinese, tilted lines and upside-down lines', () => {
    const sign = engine.text.linesOf(idOf(photo('sign-zh.jpg')))!.map((l) => l.text).join('');
    expect(sign).toContain('福田人民药房');
    expect(sign).toContain('欢迎光临');
    const notice = engine.text.linesOf(idOf(photo('notice-tilted.png')))!.map((l) => l.text.replace(/\s/g, '').toLowerCase());
    expect(notice.join('')).toContain('platformclosed');
    expect(notice.join('')).toContain('exitb'); // tilted 12 degrees
    expect(notice.some((t) => t.includes('mindthegap'))).toBe(true); // upside down
  });

  it('stores a photo without text as read, with no lines', () => {
    expect(engine.text.linesOf(idOf(photo('no-text.jpg')))).toEqual([]);
  });

  it('reads at full detail only what the recogniser confirms in the look\'s boxes: not a texture the look takes for text', () => {
    expect(engine.text.linesOf(idOf(waves()))).toEqual([]);
    const count = (step: string) => firstIndex.get(step)?.count ?? 0;
    expect(count('text.look')).toBe(Object.keys(names).length + 1);
    expect(count('text.read')).toBe(7); // the seven photos with text, each read
    expect(count('text.confirm')).toBeGreaterThan(count('text.read')); // the waves too: nothing confirmed, not read
  });

  it('finds photos by a word read in them, ignoring case and the spaces the reader missed, and says what matched', () => {
    const hits = search('corner bakery');
    const paths = hits.map((h) => h.path);
    expect(paths).toEqual(expect.arrayContaining([photo('receipt-en.png'), photo('receipt-exif-rotated.jpg')]));
    expect(paths).not.toContain(photo('no-text.jpg'));
    const first = hits.find((h) => h.path === photo('receipt-en.png'))!;
    expect(first.matched!.map((m) => m.term)).toEqual(expect.arrayContaining(['corner', 'bakery']));
    expect(first.matched![0].text).toMatch(/CORNER/i);
    expect(first.matched![0].box).toHaveLength(4);
  });

  it('ranks large confident text above small print', () => {
    const paths = search('bakery').map((h) => h.path);
    expect(paths).toContain(photo('flyer-small-print.png'));
    expect(paths.indexOf(photo('receipt-en.png'))).toBeLessThan(paths.indexOf(photo('flyer-small-print.png')));
  });

  it('finds Chinese text by any part of it, two characters included, and by a phrase', () => {
    for (const q of ['福田', '药房', '人民药房', '欢迎光临']) {
      expect(search(q).map((h) => h.path), q).toEqual([photo('sign-zh.jpg')]);
    }
  });

  it('combines text with dates and other words: every meaningful word must match', () => {
    const paths = search('receipt 2019').map((h) => h.path);
    expect(paths).toEqual(expect.arrayContaining([photo('receipt-en.png'), photo('receipt-exif-rotated.jpg')]));
    expect(paths).not.toContain(photo('flyer-small-print.png'));
  });

  it('serves the viewer and the search screen through the API: lines with boxes, and where a search matched', async () => {
    const backend = createEngineBackend({ engine, appVersion: '0.0.0-test', emit: () => {}, watch: false, indexOnOpen: false });
    try {
      const sign = idOf(photo('sign-zh.jpg'));
      const text = await backend.photoText(sign);
      expect(text).toMatchObject({ read: true, width: 720, height: 360 });
      expect(text.lines.map((l) => l.text).join('')).toContain('福田人民药房');
      const none = await backend.photoText(idOf(photo('no-text.jpg')));
      expect(none).toMatchObject({ read: true, lines: [] });
      const ids = [sign, idOf(photo('receipt-en.png')), idOf(photo('no-text.jpg'))];
      const matches = await backend.textMatches('药房 bakery', ids);
      expect(matches.map((m) => m.id).sort()).toEqual([sign, ids[1]].sort());
      expect(matches.find((m) => m.id === sign)!.matches[0]).toMatchObject({ term: '药房', text: expect.stringContaining('药房') });
      const missing = await dispatchApiCall(backend, 'photoText', [999_999]);
      expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    } finally {
      await backend.close();
    }
  });

  it('keeps a photo\'s text through the trash and back (Undo restores it without reading again)', async () => {
    const notice = photo('notice-tilted.png');
    const before = engine.text.linesOf(idOf(notice))!;
    const trashed = await engine.trash.trash([idOf(notice)]);
    expect(trashed.trashed).toHaveLength(1);
    expect(search('platform closed').map((h) => h.path)).not.toContain(notice);
    const back = await engine.trash.restore(trashed.undoToken!);
    expect(back.restored).toEqual([notice]);
    expect(engine.text.linesOf(idOf(notice))).toEqual(before);
    expect(search('platform closed').map((h) => h.path)).toContain(notice);
  });

  it('reads nothing again when nothing changed or a photo moved, and everything again when the stage version changes', async () => {
    // Every save rewrites a photo's rows, so unchanged row ids mean the text was not read again.
    const rows = () => engine.database.prepare('SELECT rowid, file_id FROM text_lines ORDER BY rowid').all() as { rowid: number; file_id: number }[];
    const before = rows();
    expect(before.length).toBeGreaterThan(0);
    await engine.library.index();
    expect(rows()).toEqual(before);

    const flyer = photo('flyer-small-print.png');
    const moved = path.join(lib(), 'moved', 'IMG_0099.png');
    fs.mkdirSync(path.dirname(moved));
    fs.renameSync(flyer, moved);
    try {
      expect((await engine.library.index()).moved).toBe(1);
      expect(rows()).toEqual(before);
      expect(search('summer sale').map((h) => h.path)).toContain(moved);
    } finally {
      fs.renameSync(moved, flyer);
      await engine.library.index();
    }

    // A library read by an older text stage (other models or filters) is read again, and its text kept meanwhile.
    engine.database.prepare("UPDATE file_stages SET version = version - 1 WHERE stage = 'text'").run();
    expect(engine.library.status().pendingByStage.text).toBe(Object.keys(names).length + 1);
    expect(search('summer sale').map((h) => h.path)).toContain(flyer);
    await engine.library.index();
    const after = rows();
    const fileIds = (rs: typeof before) => rs.map((r) => r.file_id).sort((x, y) => x - y);
    expect(fileIds(after)).toEqual(fileIds(before));
    // every photo read again at the current version (new rowids cannot show it: SQLite reuses the top rowids of the
    // rows a re-read replaced, and the deep pass goes newest first)
    expect(engine.library.status().pendingByStage.text ?? 0).toBe(0);
    expect(after).not.toEqual(before);
  }, 240_000);

  it('reads a photo again when its content changes, and forgets the old text', async () => {
    const target = photo('no-text.jpg');
    fs.copyFileSync(path.join(FIXTURES, 'sign-zh.jpg'), target);
    fs.utimesSync(target, new Date(), new Date(Date.now() + 5000));
    await engine.library.index();
    expect(search('药房').map((h) => h.path).sort()).toEqual([photo('sign-zh.jpg'), target].sort());
    fs.copyFileSync(path.join(FIXTURES, 'no-text.jpg'), target);
    fs.utimesSync(target, new Date(), new Date(Date.now() + 10_000));
    await engine.library.index();
    expect(search('药房').map((h) => h.path)).toEqual([photo('sign-zh.jpg')]);
  }, 120_000);
});

describe('text stage failure', () => {
  it('leaves the rest of the photo indexed and records why its text could not be read', async () => {
    const tmp = makeTempDir('loupe-text-fail-');
    try {
      // The bundled models without the text models: everything but text reading works.
      const models = path.join(tmp.dir, 'models');
      fs.mkdirSync(models);
      const bundled = path.join(REPO_ROOT, 'resources', 'models');
      for (const f of fs.readdirSync(bundled)) if (f !== 'text') fs.symlinkSync(path.join(bundled, f), path.join(models, f));
      const lib = path.join(tmp.dir, 'lib');
      fs.mkdirSync(lib);
      const file = path.join(lib, 'IMG_0001.png');
      fs.copyFileSync(path.join(FIXTURES, 'receipt-en.png'), file);
      const engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), modelsDir: models, warn: () => {} });
      try {
        await engine.library.addFolder(lib);
        const summary = await engine.library.index();
        expect(summary.failed.map((f) => f.path)).toEqual([file]);
        expect(summary.failed[0].reason).toMatch(/text .*could not be read/);
        const info = engine.library.info(engine.library.photoIdAt(file)!)!;
        expect(info.errors.map((e) => e.stage)).toEqual(['text']);
        // thumbnails, metadata, similarity features are there: the photo can be found by what it looks like
        expect(info.width).toBe(520);
        expect((await engine.similar(file, 5)).query).toBe(file);
        expect(engine.text.linesOf(info.id)).toBeNull();
      } finally {
        await engine.close();
      }
    } finally {
      tmp.cleanup();
    }
  }, 180_000);
});
