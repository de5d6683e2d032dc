// The text stage's tags (text/receipt-rule.ts) on libraries already indexed: which photos the rule calls receipts,
// per folder (a folder per category, as in ../shared/data/caltech101-dev), and what the rule costs a photo in CPU.
// It reads the stored text lines only (the catalog is opened read-only; nothing is read from the photos again).
// Usage: nice npx tsx bench/text-tags.ts HOME [HOME...]   (library homes, e.g. one that indexed caltech101-dev)
//   Without a home it makes one: ../shared/data/ocr-dev's receipts and street scenes, indexed here (minutes).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LoupeEngine } from '../src/main/engine/engine.js';
import { isReceipt, receiptEvidence } from '../src/main/engine/text/receipt-rule.js';
import { evaluationData } from './evaluation-data.js';

let homes = process.argv.slice(2);
let made: string | null = null;
if (homes.length === 0) {
  const data = evaluationData('ocr-dev');
  made = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-text-tags-'));
  for (const source of ['sroie/data/img', 'icdar2015/ch4_training_images', 'rects/data_processing/images']) {
    const from = path.join(data, source);
    if (!fs.existsSync(from)) continue;
    const to = path.join(made, 'Pictures', source.split('/')[0]);
    fs.mkdirSync(to, { recursive: true });
    fs.readdirSync(from).filter((f) => /\.jpe?g$/i.test(f)).forEach((f, i) => fs.copyFileSync(path.join(from, f), path.join(to, `IMG_${String(i + 1).padStart(4, '0')}.jpg`)));
  }
  const engine = LoupeEngine.open({ home: path.join(made, 'home'), warn: (m) => console.error(m) });
  await engine.library.addFolder(path.join(made, 'Pictures'));
  await engine.library.index();
  await engine.close();
  homes = [path.join(made, 'home')];
}

for (const home of homes) {
  const db = new Database(path.join(home, 'catalog.sqlite'), { readonly: true, fileMustExist: true });
  const files = db.prepare('SELECT id, path FROM files').all() as { id: number; path: string }[];
  const linesOf = db.prepare('SELECT text FROM text_lines WHERE file_id = ? ORDER BY line');
  const perFolder = new Map<string, { photos: number; withText: number; receipts: number }>();
  let cpuWith = 0, cpuWithout = 0, nWith = 0, nWithout = 0;
  for (const f of files) {
    const t0 = process.cpuUsage();
    const lines = linesOf.all(f.id) as { text: string }[];
    const receipt = isReceipt(receiptEvidence(lines));
    const t = process.cpuUsage(t0);
    const ms = (t.user + t.system) / 1000;
    if (lines.length > 0) {
      cpuWith += ms;
      nWith++;
    } else {
      cpuWithout += ms;
      nWithout++;
    }
    const folder = path.basename(path.dirname(f.path));
    const s = perFolder.get(folder) ?? { photos: 0, withText: 0, receipts: 0 };
    s.photos++;
    s.withText += lines.length > 0 ? 1 : 0;
    s.receipts += receipt ? 1 : 0;
    perFolder.set(folder, s);
  }
  db.close();
  const called = [...perFolder].filter(([, s]) => s.receipts > 0).map(([folder, s]) => `${folder} ${s.receipts}/${s.photos}`);
  const total = [...perFolder.values()].reduce((a, s) => ({ photos: a.photos + s.photos, withText: a.withText + s.withText, receipts: a.receipts + s.receipts }), { photos: 0, withText: 0, receipts: 0 });
  console.log(`${home}: ${total.photos} photos in ${perFolder.size} folders, ${total.withText} with text; called receipts: ${total.receipts}`);
  console.log(`  per folder: ${called.join(', ') || 'none'}`);
  console.log(`  rule CPU (reading the stored lines and deciding): ${(cpuWith / Math.max(1, nWith)).toFixed(3)} ms a photo with text, ` +
    `${(cpuWithout / Math.max(1, nWithout)).toFixed(3)} ms without; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}
if (made) fs.rmSync(made, { recursive: true, force: true });
