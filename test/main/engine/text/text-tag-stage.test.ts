// The text stage's tags end to end: receipts drawn here (no word "receipt" on them) read by the real PP-OCR models
// through the real pipeline, tagged by text/receipt-rule.ts, found by search with a date, and a removal by hand
// that no re-run undoes.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoupeEngine } from '../../../../src/main/engine/engine.js';
import { makeTempDir } from '../../../helpers/fixtures.js';

const FONT = "font-family='DejaVu Sans'";

/** A till slip: a shop name, a date, items with prices, the words of paying; never the word "receipt". */
function slip(shop: string, date: string, items: [string, string][], totals: [string, string][]): Promise<Buffer> {
  const rows = [...items, ...totals].map(([label, amount], i) => {
    const y = 200 + i * 44;
    return `<text x='40' y='${y}' ${FONT} font-size='24' fill='#222'>${label}</text><text x='480' y='${y}' ${FONT} font-size='24' text-anchor='end' fill='#222'>${amount}</text>`;
  });
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' width='520' height='${260 + rows.length * 44}'><rect width='100%' height='100%' fill='#fbfaf5'/>
    <text x='260' y='70' ${FONT} font-size='38' font-weight='bold' text-anchor='middle' fill='#111'>${shop}</text>
    <text x='40' y='140' ${FONT} font-size='24' fill='#222'>${date}</text>${rows.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

describe('text tags: a photo whose text says it is a receipt is tagged so, and found as one', () => {
  let tmp: { dir: string; cleanup: () => void };
  let engine: LoupeEngine;
  const lib = () => path.join(tmp.dir, 'Pictures');
  const file = (name: string) => path.join(lib(), name);
  const idOf = (name: string) => engine.library.photoIdAt(file(name))!;
  const search = (q: string) => engine.textSearch.search(q).map((h) => path.basename(h.path)).sort();
  const tagNames = (name: string) => engine.tags.tagsOf(idOf(name)).tags.map((t) => t.name);

  beforeAll(async () => {
    tmp = makeTempDir('loupe-text-tags-');
    fs.mkdirSync(lib());
    const photos: [string, Promise<Buffer>, string][] = [
      ['IMG_0001.png', slip('CORNER BAKERY', 'Date: 04/05/2019 16:07', [['Walnut Raisin', '8.60'], ['Dark Rye Bun', '6.90']], [['SUBTOTAL', '15.50'], ['CASH', '20.00'], ['CHANGE', '4.50']]), '2019-05-04T16:10:00'],
      ['IMG_0002.png', slip('HARBOUR MART', '2021-08-17 09:42', [['Milk 1L', '3.20'], ['Eggs x12', '5.40']], [['TOTAL', '8.60'], ['VISA', '8.60']]), '2021-08-17T09:45:00'],
      // prices but no words of paying and no date: a menu board
      ['IMG_0003.png', slip('CAFE MENU', 'Open daily', [['Coffee', '3.50'], ['Tea', '2.80'], ['Cake', '4.20'], ['Sandwich', '6.90']], []), '2019-05-04T12:00:00'],
    ];
    for (const [name, png, taken] of photos) {
      fs.writeFileSync(file(name), await png);
      fs.utimesSync(file(name), new Date(taken), new Date(taken)); // no EXIF: the file time is the capture date
    }
    engine = LoupeEngine.open({ home: path.join(tmp.dir, 'home'), warn: () => {} });
    await engine.library.addFolder(lib());
    expect((await engine.library.index()).failed).toEqual([]);
  }, 240_000);

  afterAll(async () => {
    await engine?.close();
    tmp?.cleanup();
  });

  it('tags the till slips "receipt" (收据), automatically, and not the menu', () => {
    expect(engine.text.linesOf(idOf('IMG_0001.png'))!.map((l) => l.text).join(' ')).not.toMatch(/receipt/i);
    expect(engine.tags.tagsOf(idOf('IMG_0001.png')).tags.find((t) => t.name === 'receipt')).toMatchObject({ name_zh: '收据', source: 'auto' });
    expect(tagNames('IMG_0002.png')).toContain('receipt');
    expect(tagNames('IMG_0003.png')).not.toContain('receipt');
  });

  it('finds receipts by the word in English or Chinese, and "receipt 2019" means receipts from 2019', () => {
    expect(search('receipt 2019')).toEqual(['IMG_0001.png']);
    expect(search('receipts')).toEqual(['IMG_0001.png', 'IMG_0002.png']);
    expect(search('小票')).toEqual(['IMG_0001.png', 'IMG_0002.png']);
    expect(search('收据 2021')).toEqual(['IMG_0002.png']);
    expect(search('invoice may 2019')).toEqual(['IMG_0001.png']);
    const [hit] = engine.textSearch.search('receipt 2019');
    // (the year is also read in the slip's text: that match is said too, with its line)
    expect(hit.matched).toEqual(expect.arrayContaining([{ term: 'receipt', kind: 'tag' }, { term: '2019', kind: 'date' }]));
  });

  it('keeps a removal by hand through a re-run of the rule, and the detector\'s re-run keeps the text\'s tags', async () => {
    engine.tags.remove(idOf('IMG_0001.png'), 'receipt');
    expect(search('receipt')).toEqual(['IMG_0002.png']);
    // A new rule version (or new text models) makes the rule run again on every photo; a new detector re-tags.
    engine.database.prepare("UPDATE file_stages SET version = version - 1 WHERE stage IN ('texttags', 'embed')").run();
    expect(engine.library.status().pendingByStage).toMatchObject({ texttags: 3, embed: 3 });
    await engine.library.index();
    expect(engine.library.status().pendingByStage.texttags ?? 0).toBe(0);
    expect(tagNames('IMG_0001.png')).not.toContain('receipt');
    expect(tagNames('IMG_0002.png')).toContain('receipt');
    expect(search('receipt')).toEqual(['IMG_0002.png']);
  }, 240_000);
});
