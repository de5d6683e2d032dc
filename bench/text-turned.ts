// Photos turned in their pixels (a scan or an edit saved sideways or upside down, no EXIF orientation): word recall
// on copies of ../shared/data/ocr-dev turned 90, 180 and 270 degrees clockwise (sharp, EXIF stripped), per source
// (street scenes, receipts, Chinese signs), read as indexing reads them (TextReader.read with the quick look, its
// confirmation, the turn it chooses, then reading; the models in this process on the CPU, as the model process runs
// them), and the CPU cost per photo read (process CPU time, all threads: look, confirmation, turn, decoding, reading).
// Turn 0 reads the original files. Also: how often the chosen turn is the one that makes the copy upright.
// Usage: nice npx tsx bench/text-turned.ts [--limit N] [--turns 0,90,180,270]   (N street photos at most; default all 100)
//   TURN_SCORES=1 prints each turned photo's scores per turn (one more confirmation each, not in the cost)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { bundledModelsDir } from '../src/main/engine/paths.js';
import { addCounts, countWords, NO_WORDS, parseTruth, summarize, type WordCounts } from '../src/main/engine/text/text-eval.js';
import { textModelsDir } from '../src/main/engine/text/text-models.js';
import { TextReader } from '../src/main/engine/text/text-reader.js';
import { READ_THREADS, TextRunner } from '../src/main/worker/text/text-runner.js';
import { evaluationData } from './evaluation-data.js';

const DATA = path.dirname(evaluationData('ocr-dev', 'ground-truth.json'));
const arg = (name: string) => (process.argv.indexOf(name) > 0 ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const streetLimit = Number(arg('--limit') ?? Infinity);
const turns = (arg('--turns') ?? '0,90,180,270').split(',').map(Number);
let street = 0;
const truth = parseTruth(fs.readFileSync(path.join(DATA, 'ground-truth.json'), 'utf8'), 'ground-truth.json')
  .filter((t) => fs.existsSync(path.join(DATA, t.path)))
  .filter((t) => t.source !== 'icdar2015' || ++street <= streetLimit);

const runner = await TextRunner.create(textModelsDir(bundledModelsDir()), ['cpu'], READ_THREADS);
let lastTurn: number | undefined;
const reader = new TextReader({
  textLook: (i) => runner.look(i),
  textRead: (i, e) => runner.read(i, e),
  textConfirm: async (i, c) => {
    const r = await runner.confirm(i, c);
    lastTurn = (r as { turn?: number }).turn ?? 0;
    return r;
  },
});
const cpuMs = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const c = process.cpuUsage();
  const out = await fn();
  const u = process.cpuUsage(c);
  return [out, (u.user + u.system) / 1000];
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-text-turned-'));
console.log(`load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${truth.length} photos x turns ${turns.join(', ')}`);
await reader.read(path.join(DATA, truth[0].path), 0, { look: true }); // warm-up: opens the models

try {
  console.log('\nturn  source      photos  with text  recall  (words)     right turn  CPU ms per photo read');
  for (const turn of turns) {
    const bySource = new Map<string, { words: WordCounts; n: number; read: number; right: number; cpu: number[] }>();
    for (const [i, t] of truth.entries()) {
      let file = path.join(DATA, t.path);
      if (turn !== 0) {
        file = path.join(tmp, `IMG_${String(i + 1).padStart(4, '0')}.jpg`);
        await sharp(path.join(DATA, t.path)).rotate(turn).jpeg({ quality: 95 }).toFile(file);
      }
      lastTurn = undefined;
      const [text, ms] = await cpuMs(() => reader.read(file, 0, { look: true }));
      const s = bySource.get(t.source ?? 'all') ?? { words: NO_WORDS, n: 0, read: 0, right: 0, cpu: [] };
      s.n++;
      s.words = addCounts(s.words, countWords(t.words, text.lines.map((l) => l.text)));
      if (text.lines.length > 0) {
        s.read++;
        s.cpu.push(ms);
      }
      if (lastTurn === (360 - turn) % 360) s.right++;
      bySource.set(t.source ?? 'all', s);
      if (process.env.TURN_SCORES) {
        const photo = await sharp(file).resize(1280, 1280, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
        const image = { data: new Uint8Array(photo.data), width: photo.info.width, height: photo.info.height, channels: 3 as const };
        const look = await runner.look(await sharp(file).resize(512, 512, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true })
          .then((o) => ({ data: new Uint8Array(o.data), width: o.info.width, height: o.info.height, channels: 3 as const })));
        const scores = look.hasText ? (await runner.turnOf(image, look.candidates)).scores : null;
        console.log(`  ${t.source} ${path.basename(t.path)} turned ${turn}: chose ${lastTurn}, scores ${JSON.stringify(scores)}`);
      }
      if (turn !== 0) fs.rmSync(file);
    }
    for (const [source, s] of bySource) {
      const r = summarize(s.words);
      const cpu = s.cpu.reduce((a, b) => a + b, 0) / Math.max(1, s.cpu.length);
      console.log(`${String(turn).padStart(4)}  ${source.padEnd(10)} ${String(s.n).padStart(6)}  ${String(s.read).padStart(9)}  ${r.recall.toFixed(3)}  (${r.truthRead}/${r.truthWords})`.padEnd(58) +
        `${String(s.right).padStart(6)}/${s.n}  ${cpu.toFixed(0).padStart(10)}`);
    }
  }
} finally {
  await runner.release();
  fs.rmSync(tmp, { recursive: true, force: true });
}
