// Text reading quality as a user gets it: ../shared/data/ocr-dev (ICDAR 2015 street scenes, SROIE receipts,
// ReCTS Chinese signs) copied under neutral names (IMG_0001.jpg, ...) into a fresh library, indexed by the app's
// own pipeline (quick look, its confirmation by the recogniser, then reading; the app's thresholds), then:
// - word recall per source: a ground-truth word of 3+ characters (2+ with Chinese) counts as read when it
//   appears in the photo's stored text, ignoring case, spaces and punctuation (src/main/engine/text/text-eval.ts);
//   also the same without the quick look (every photo read), to show what the look costs in recall;
// - receipt search: for each receipt word of 5+ letters, whether `loupe search <word>` returns that receipt
//   (anywhere, and in the first 10);
// - the "receipt" tag the text decides (text/receipt-rule.ts): how many receipts get it, how many other photos do.
// - wrong receipts: results a receipt word finds by text in photos whose ground truth does not hold it.
// Usage: nice npx tsx bench/text-ocrdev.ts [--limit N] [--keep DIR]   (N street photos at most; default all 100;
//   --keep: the library and catalog in DIR, kept: a second run indexes nothing new, so it measures another
//   version's search, and its catalog migrations, on the same readings)
//   TEXT_DUMP=file.json also writes each photo's stored lines there (to compare two versions line by line)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoupeEngine } from '../src/main/engine/engine.js';
import { Job } from '../src/main/engine/jobs/job.js';
import { addCounts, countWords, NO_WORDS, parseTruth, summarize, type WordCounts } from '../src/main/engine/text/text-eval.js';
import { normalizedWords } from '../src/main/engine/text/text-normalize.js';
import { evaluationData } from './evaluation-data.js';

const DATA = path.dirname(evaluationData('ocr-dev', 'ground-truth.json'));
const limitArg = process.argv.indexOf('--limit');
const streetLimit = limitArg > 0 ? Number(process.argv[limitArg + 1]) : Infinity;
let street = 0;
const truth = parseTruth(fs.readFileSync(path.join(DATA, 'ground-truth.json'), 'utf8'), 'ground-truth.json')
  .filter((t) => fs.existsSync(path.join(DATA, t.path)))
  .filter((t) => t.source !== 'icdar2015' || ++street <= streetLimit);

const keepArg = process.argv.indexOf('--keep');
const keep = keepArg > 0 ? path.resolve(process.argv[keepArg + 1]) : null;
const tmp = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-text-bench-'));
const lib = path.join(tmp, 'Pictures');
fs.mkdirSync(lib, { recursive: true });
const photos = truth.map((t, i) => {
  const file = path.join(lib, `IMG_${String(i + 1).padStart(4, '0')}${path.extname(t.path).toLowerCase()}`);
  if (!fs.existsSync(file)) fs.copyFileSync(path.join(DATA, t.path), file);
  return { ...t, file };
});

const catalogued = fs.existsSync(path.join(tmp, 'home'));
const engine = LoupeEngine.open({ home: path.join(tmp, 'home'), warn: (m) => console.error(m) });
try {
  if (!catalogued) await engine.library.addFolder(lib);
  const job = new Job('index');
  const t0 = performance.now();
  const summary = await engine.library.index(job);
  console.log(`${photos.length} photos indexed in ${((performance.now() - t0) / 1000).toFixed(0)} s; failed: ${summary.failed.length}`);
  for (const f of summary.failed) console.log(`  failed ${f.path}: ${f.reason}`);
  const look = job.timings.get('text.look');
  const confirm = job.timings.get('text.confirm');
  const read = job.timings.get('text.read');
  if (look) console.log(`text.look: ${look.count} photos, ${(look.ms / look.count).toFixed(0)} ms each (wall, incl. IPC)`);
  if (confirm) console.log(`text.confirm: ${confirm.count} photos the look passed, ${(confirm.ms / confirm.count).toFixed(0)} ms each (wall, incl. decoding the thumbnail)`);
  if (read) console.log(`text.read: ${read.count} photos, ${(read.ms / read.count).toFixed(0)} ms each (wall, incl. decoding at full size)`);

  const bySource = new Map<string, { indexed: WordCounts; always: WordCounts; n: number; looked: number }>();
  const readTexts = new Map<string, string[]>();
  for (const p of photos) {
    const id = engine.library.photoIdAt(p.file)!;
    const stored = (engine.text.linesOf(id) ?? []).map((l) => l.text);
    readTexts.set(p.file, stored);
    // Without the look: read now whatever the look said.
    const always = stored.length > 0 ? stored : (await engine.text.readImage(p.file)).lines.map((l) => l.text);
    const s = bySource.get(p.source ?? 'all') ?? { indexed: NO_WORDS, always: NO_WORDS, n: 0, looked: 0 };
    s.indexed = addCounts(s.indexed, countWords(p.words, stored));
    s.always = addCounts(s.always, countWords(p.words, always));
    s.n++;
    s.looked += stored.length > 0 ? 1 : 0;
    bySource.set(p.source ?? 'all', s);
  }
  if (process.env.TEXT_DUMP) {
    fs.writeFileSync(process.env.TEXT_DUMP, JSON.stringify(photos.map((p) => ({ path: p.path, lines: readTexts.get(p.file) })), null, 1));
  }
  console.log('\nsource       photos  with text  recall (as indexed)  precision  recall (every photo read)');
  for (const [source, s] of bySource) {
    const a = summarize(s.indexed);
    const b = summarize(s.always);
    console.log(`${source.padEnd(12)} ${String(s.n).padStart(6)}  ${String(s.looked).padStart(9)}  ${a.recall.toFixed(3).padStart(19)}  ${a.precision.toFixed(3).padStart(9)}  ${b.recall.toFixed(3).padStart(25)}   (${a.truthRead}/${a.truthWords} words)`);
  }

  // Receipt search: every distinct 5+-letter word of each receipt's ground truth.
  let queries = 0, found = 0, top10 = 0;
  const misses: string[] = [];
  const byFile = new Map(photos.map((p) => [p.file, p]));
  const wrong: string[] = [];
  for (const p of photos.filter((x) => x.source === 'sroie')) {
    const words = new Set(p.words.flatMap((w) => normalizedWords(w)).filter((w) => /^[a-z]{5,}$/.test(w)));
    for (const w of words) {
      queries++;
      const results = engine.textSearch.search(w, 1000);
      const hits = results.map((h) => h.path);
      for (const h of results.filter((r) => r.matched.some((m) => m.kind === 'text'))) {
        const truth = byFile.get(h.path);
        if (truth && !truth.words.some((t) => normalizedWords(t).join('').includes(w))) wrong.push(`${w} -> ${path.basename(h.path)}`);
      }
      const rank = hits.indexOf(p.file);
      if (rank >= 0) found++;
      if (rank >= 0 && rank < 10) top10++;
      else if (rank < 0 && misses.length < 15) misses.push(w);
    }
  }
  console.log(`\nreceipt search: ${queries} queries (receipt words of 5+ letters): returns its receipt ${(found / queries * 100).toFixed(1)}%, in the first 10 ${(top10 / queries * 100).toFixed(1)}%`);
  console.log(`  some misses: ${misses.join(', ')}`);
  console.log(`  found by text in a photo whose ground truth lacks the word: ${wrong.length}${wrong.length > 0 ? ` (${wrong.slice(0, 20).join(', ')})` : ''}`);

  // The receipt tag (text/receipt-rule.ts) as indexing put it on: found on the receipts, wrongly on the others.
  const receipts = new Set(engine.textSearch.search('receipt', 1000).filter((h) => h.matched.some((m) => m.kind === 'tag')).map((h) => h.path));
  const bySourceTagged = [...new Set(photos.map((p) => p.source ?? 'all'))].map((source) => {
    const of = photos.filter((p) => (p.source ?? 'all') === source);
    return `${source} ${of.filter((p) => receipts.has(p.file)).length}/${of.length}`;
  });
  console.log(`\nphotos tagged "receipt" by their text: ${bySourceTagged.join(', ')}`);
} finally {
  await engine.close();
  if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
}
