// What migration 490 costs a large library on upgrade: the text search documents rebuilt from the stored lines with
// the digits inside words also read as letters ("ZER0": zero). A synthetic catalog of N photos, every one with text
// (the worst case: a real library has text in a share of its photos), 10 receipt-like lines each, a share of them
// with a word read with a digit for a letter; written at schema 470, then opened by this version (the migration
// runs, in one transaction). Prints the migration's wall and CPU time, the documents rewritten, the catalog's size
// before and after, and the process's peak RSS.
//   npx tsx bench/text-misreadings-migration.ts [--size=100000] [--misread=0.2]   (--misread: the share of photos
//   given one line with a misread word, where its first word has an O or an I)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCatalogDb } from '../src/main/engine/catalog/database.js';
import { MIGRATIONS } from '../src/main/engine/catalog/migrations.js';
import { normalizeText } from '../src/shared/text-normalize.js';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const size = arg('size', 100_000);
const misread = arg('misread', 0.2);
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const fileSize = (home: string) => fs.readdirSync(home).filter((f) => f.startsWith('catalog')).reduce((s, f) => s + fs.statSync(path.join(home, f)).size, 0);

const WORDS = ['COKE', 'ZERO', 'FRESH', 'MILK', 'BREAD', 'ORANGE', 'TOTAL', 'CASH', 'CHANGE', 'ROUNDING', 'SUBTOTAL', 'COFFEE', 'BOOK', 'SALE', 'THANK', 'YOU', 'STORE', 'TAX', 'INVOICE', 'CHICKEN'];
let misreadPhotos = 0;
/** A receipt line: two words and an amount; where `misreadAt` is this line, an O read as 0 and an I as 1. */
function line(i: number, n: number, misreadAt: number): string {
  const words = [WORDS[(i * 7 + n) % WORDS.length], WORDS[(i * 3 + n * 5) % WORDS.length]];
  if (n === misreadAt) {
    const misreadWord = words[0].replace('O', '0').replace('I', '1');
    if (misreadWord !== words[0]) misreadPhotos++;
    words[0] = misreadWord;
  }
  return `${words.join(' ')} ${(i % 97) + 1}.${String(n * 7 % 100).padStart(2, '0')}`;
}

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-misread-'));
try {
  const old = openCatalogDb(home, MIGRATIONS.filter((m) => m.version < 490), { fresh: true });
  old.prepare("INSERT INTO folders (id, path, added_at) VALUES (1, '/photos', 0)").run();
  const file = old.prepare("INSERT INTO files (id, folder_id, path, size, mtime_ms, content_hash, state, added_at, updated_at) VALUES (?, 1, ?, 1, 0, ?, 'ready', 0, 0)");
  const textLine = old.prepare('INSERT INTO text_lines (file_id, line, content_hash, text, confidence, x, y, w, h) VALUES (?, ?, ?, ?, 0.9, 0, 0, 100, 20)');
  const doc = old.prepare('INSERT INTO text_search (rowid, body) VALUES (?, ?)');
  old.transaction(() => {
    for (let i = 1; i <= size; i++) {
      file.run(i, `/photos/${Math.floor(i / 1000)}/IMG_${i}.jpg`, `h${i}`);
      const misreadAt = (i * 2654435761) % 1000 < misread * 1000 ? i % 10 : -1;
      const lines = Array.from({ length: 10 }, (_, n) => line(i, n, misreadAt));
      lines.forEach((t, n) => textLine.run(i, n, `h${i}`, t));
      doc.run(i, lines.map(normalizeText).join(''));
    }
  })();
  old.close();
  const before = fileSize(home);

  const rssBefore = process.memoryUsage().rss;
  const [t0, c0] = [performance.now(), cpuMs()];
  const db = openCatalogDb(home);
  const [wall, cpu] = [performance.now() - t0, cpuMs() - c0];
  const rewritten = (db.prepare("SELECT COUNT(*) AS n FROM text_search WHERE instr(body, ' ') > 0").get() as { n: number }).n;
  db.close();
  console.log(`text misreadings migration (490): ${size.toLocaleString('en')} photos with 10 lines each, ${misreadPhotos.toLocaleString('en')} with a misread word; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`  open with the migration   ${(wall / 1000).toFixed(1)} s wall, ${(cpu / 1000).toFixed(1)} s CPU`);
  console.log(`  documents rewritten       ${rewritten.toLocaleString('en')}`);
  console.log(`  catalog size              ${mib(before)} -> ${mib(fileSize(home))}`);
  console.log(`  peak RSS                  ${mib(process.resourceUsage().maxRSS * 1024)} (RSS before opening ${mib(rssBefore)})`);
} finally {
  fs.rmSync(home, { recursive: true, force: true });
}
