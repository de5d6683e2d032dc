// `loupe text`, `loupe eval text` and `loupe search` by text: the JSON contracts, on the real models.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, makeTempDir } from '../../helpers/fixtures.js';
import { runCli } from '../../helpers/run-cli.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'text');

describe('loupe text / eval text / search by text (JSON contracts, real models)', { timeout: 240_000 }, () => {
  let tmp: { dir: string; cleanup: () => void };
  let home: string;

  beforeAll(() => {
    tmp = makeTempDir('loupe-cli-text-');
    home = path.join(tmp.dir, 'home');
  });
  afterAll(() => tmp.cleanup());

  it('text --json gives the path and each line with text, an [x, y, w, h] box in displayed pixels and a confidence', () => {
    const file = path.join(FIXTURES, 'receipt-exif-rotated.jpg');
    const r = runCli(['text', file, '--json', '--home', home]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['lines', 'path']);
    expect(out.path).toBe(file);
    expect(out.lines.length).toBeGreaterThan(5);
    for (const l of out.lines) {
      expect(Object.keys(l).sort()).toEqual(['box', 'confidence', 'text']);
      expect(l.box).toHaveLength(4);
      for (const v of l.box) expect(Number.isInteger(v)).toBe(true);
      // displayed: 520 wide, 640 high (the file's pixels are 640 x 520, turned by its EXIF orientation)
      expect(l.box[0] + l.box[2]).toBeLessThanOrEqual(520);
      expect(l.box[1] + l.box[3]).toBeLessThanOrEqual(640);
      expect(l.confidence).toBeGreaterThan(0.5);
      expect(l.confidence).toBeLessThanOrEqual(1);
    }
    expect(out.lines.map((l: { text: string }) => l.text).join(' ')).toMatch(/CORNER BAKERY/i);
  });

  it('text on a missing or non-image file fails with exit 1 and a message naming the file', () => {
    const missing = path.join(tmp.dir, 'nope.jpg');
    const r = runCli(['text', missing, '--json', '--home', home]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(missing);
    const notImage = path.join(tmp.dir, 'notes.jpg');
    fs.writeFileSync(notImage, 'just some words, not a picture');
    const r2 = runCli(['text', notImage, '--home', home]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain(notImage);
    expect(runCli(['text', '--home', home]).code).toBe(2);
  });

  it('eval text reports word recall and precision against a ground-truth file, per source', () => {
    const truth = path.join(tmp.dir, 'truth.json');
    fs.writeFileSync(truth, JSON.stringify({
      images: [
        {
          path: 'receipt-en.png',
          words: ['CORNER BAKERY', '12 Harbour Street, Penang', 'RECEIPT 2019-05-04 16:07', 'Walnut Raisin', '8.60', 'Dark Rye Bun', '6.90',
            'Bacon Roll', '4.90', 'TOTAL', '20.40', 'Thank you, come again'],
          source: 'receipts',
        },
        { path: 'sign-zh.jpg', words: ['福田人民药房', '欢迎光临'], source: 'signs' },
        { path: 'no-text.jpg', words: ['invisible'], source: 'signs' },
      ],
    }));
    const r = runCli(['eval', 'text', FIXTURES, '--truth', truth, '--json', '--home', home]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.images).toBe(3);
    expect(out.bySource.receipts.recall).toBeGreaterThan(0.9);
    expect(out.bySource.receipts.precision).toBeGreaterThan(0.9);
    // the sign's two lines are read, the made-up word on the photo without text is not
    expect(out.bySource.signs).toMatchObject({ images: 2, truthWords: 3, truthRead: 2 });
    expect(out.failed).toEqual([]);
    expect(runCli(['eval', 'text', FIXTURES, '--home', home]).code).toBe(2); // no --truth
  });

  it('search --json finds photos by their text and says which words matched where', () => {
    const lib = path.join(tmp.dir, 'lib');
    fs.mkdirSync(lib);
    fs.copyFileSync(path.join(FIXTURES, 'sign-zh.jpg'), path.join(lib, 'IMG_0001.jpg'));
    fs.copyFileSync(path.join(FIXTURES, 'no-text.jpg'), path.join(lib, 'IMG_0002.jpg'));
    expect(runCli(['add', lib, '--home', home]).code).toBe(0);
    expect(runCli(['index', '--home', home]).code).toBe(0);
    const out = JSON.parse(runCli(['search', '药房', '--json', '--home', home]).stdout);
    expect(out.results).toHaveLength(1);
    expect(out.results[0].path).toBe(path.join(lib, 'IMG_0001.jpg'));
    expect(out.results[0].matched[0]).toMatchObject({ term: '药房', text: expect.stringContaining('福田人民药房') });
    expect(out.results[0].matched[0].box).toHaveLength(4);
  });
});
