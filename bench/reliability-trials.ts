// Nothing lost, nothing stuck (#17), in repeated trials with real `loupe` processes on copies of real photos:
//   - two writers: two `loupe index` started at once on a library with new photos and tagged ones;
//   - watch plus index: `loupe watch` and `loupe index` at once while more photos are copied in;
//   - kill -9 at each clean-up step: `loupe trash` SIGKILLed at every step of the journal (LOUPE_CRASH_AT), then the
//     next writer, then `loupe restore`.
// Counts per case: trials, processes that crashed (or printed a stack trace), and the files, user tags and undo
// records lost, plus files left failed or pending ("stuck").
// Usage: tsx bench/reliability-trials.ts [--trials N] [--photos N]   (default 5 trials, 12 photos; needs dist/, made
// by `npm install` or `npm run build:node`). Photos come from ../shared/data/caltech101-dev under neutral names.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { userTagsIn } from '../test/helpers/catalog-peek.js';
import { evaluationData } from './evaluation-data.js';

const { values } = parseArgs({ options: { trials: { type: 'string' }, photos: { type: 'string' } } });
const TRIALS = Number(values.trials ?? 5);
const PHOTOS = Number(values.photos ?? 12);
const LOUPE = path.resolve(import.meta.dirname, '..', 'bin', 'loupe.js');
const STACK = /\n\s+at |SqliteError|UNIQUE constraint|database is locked/;
const CLEANUP_STEPS = ['trash:planned', 'trash:reserved:1', 'trash:moved:1', 'trash:committed:1', 'trash:reserved:2', 'trash:moved:2', 'trash:moved:3', 'trash:committed:3'];

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}
interface Tally {
  trials: number;
  crashed: number;
  files: number;
  tags: number;
  undo: number;
  stuck: number;
}
const tally = (): Tally => ({ trials: 0, crashed: 0, files: 0, tags: 0, undo: 0, stuck: 0 });

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-trials-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
const lib = path.join(work, 'lib');
const home = path.join(work, 'home');
const xdg = path.join(work, 'xdg');
const env = { ...process.env, XDG_DATA_HOME: xdg };

function cli(args: string[], extra: NodeJS.ProcessEnv = {}): Result {
  const r = spawnSync(process.execPath, [LOUPE, ...args, '--home', home], { encoding: 'utf8', env: { ...env, ...extra }, timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function cliAsync(args: string[]): { done: Promise<Result>; child: ReturnType<typeof spawn>; out: () => string } {
  const child = spawn(process.execPath, [LOUPE, ...args, '--home', home], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<Result>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { done, child, out: () => stdout };
}

const failedRun = (r: Result): boolean => r.code !== 0 || STACK.test(r.stderr);

function status(): { files: number; pending: number; failed: unknown[] } {
  return JSON.parse(cli(['status', '--json']).stdout) as { files: number; pending: number; failed: unknown[] };
}

/** The user tags of a catalogued photo (null: not catalogued). */
const userTags = (p: string): string[] | null => userTagsIn(home, p);

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return check();
}

/** Saves or puts back the whole state (library, home, trash) a trial starts from. */
function pristine(action: 'save' | 'restore'): void {
  for (const d of [lib, home, xdg]) {
    if (action === 'save') fs.cpSync(d, `${d}.orig`, { recursive: true, preserveTimestamps: true });
    else {
      fs.rmSync(d, { recursive: true, force: true });
      if (fs.existsSync(`${d}.orig`)) fs.cpSync(`${d}.orig`, d, { recursive: true, preserveTimestamps: true });
    }
  }
}

function reset(): void {
  for (const d of [lib, home, xdg]) for (const s of ['', '.orig']) fs.rmSync(d + s, { recursive: true, force: true });
  fs.mkdirSync(xdg, { recursive: true });
}

/** Real photos under neutral names (the first of each Caltech category, in order). */
const source = evaluationData('caltech101-dev');
const pool = fs.readdirSync(source).sort().flatMap((c) => {
  const dir = path.join(source, c);
  return fs.statSync(dir).isDirectory() ? fs.readdirSync(dir).filter((f) => /\.jpe?g$/i.test(f)).sort().slice(0, 1).map((f) => path.join(dir, f)) : [];
});
if (pool.length < PHOTOS + 4) throw new Error(`need ${PHOTOS + 4} photos, ${source} has ${pool.length} categories`);
const place = (i: number, dir = lib): string => {
  const to = path.join(dir, `img-${String(i).padStart(3, '0')}.jpg`);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(pool[i], to);
  return to;
};

/** A library of PHOTOS photos, the first half indexed and each tagged by the user; the second half new. */
function libraryWithNewPhotos(): { tagged: string[] } {
  reset();
  const tagged = Array.from({ length: PHOTOS / 2 }, (_, i) => place(i));
  if (cli(['add', lib]).code !== 0 || cli(['index']).code !== 0) throw new Error('setting up the library failed');
  for (const [i, p] of tagged.entries()) if (cli(['tag', p, '--add', `mine-${i}`]).code !== 0) throw new Error('tagging failed');
  for (let i = PHOTOS / 2; i < PHOTOS; i++) place(i);
  pristine('save');
  return { tagged };
}

function countLoss(t: Tally, tagged: string[], expectedFiles: number): void {
  const s = status();
  t.files += Math.max(0, expectedFiles - s.files - s.pending - s.failed.length);
  t.stuck += s.pending + s.failed.length;
  for (const [i, p] of tagged.entries()) if (!userTags(p)?.includes(`mine-${i}`)) t.tags++;
}

async function twoWriters(): Promise<Tally> {
  const t = tally();
  const { tagged } = libraryWithNewPhotos();
  for (let trial = 0; trial < TRIALS; trial++) {
    pristine('restore');
    const a = cliAsync(['index', '--json']);
    const b = cliAsync(['index', '--json']);
    const runs = await Promise.all([a.done, b.done]);
    t.trials++;
    t.crashed += runs.filter(failedRun).length;
    countLoss(t, tagged, PHOTOS);
  }
  return t;
}

async function watchPlusIndex(): Promise<Tally> {
  const t = tally();
  const { tagged } = libraryWithNewPhotos();
  for (let trial = 0; trial < TRIALS; trial++) {
    pristine('restore');
    const watch = cliAsync(['watch', '--json']);
    const index = cliAsync(['index', '--json']);
    await until(() => watch.out().includes('"event":"watching"'), 120_000);
    for (let i = PHOTOS; i < PHOTOS + 4; i++) {
      place(i); // copied in while both run
      await new Promise((r) => setTimeout(r, 300));
    }
    const indexed = await index.done;
    await until(() => {
      const s = status();
      return s.files + s.failed.length === PHOTOS + 4 && s.pending === 0;
    }, 180_000);
    watch.child.kill('SIGINT');
    const watched = await watch.done;
    t.trials++;
    t.crashed += [indexed, watched].filter(failedRun).length;
    countLoss(t, tagged, PHOTOS + 4);
  }
  return t;
}

async function killedCleanUp(): Promise<Map<string, Tally>> {
  const copies = 3;
  reset();
  const originals = Array.from({ length: copies }, (_, i) => place(i));
  const dupes = originals.map((o) => o.replace('.jpg', ' copy.jpg'));
  for (const [i, o] of originals.entries()) fs.copyFileSync(o, dupes[i]);
  if (cli(['add', lib]).code !== 0 || cli(['index']).code !== 0) throw new Error('setting up the library failed');
  for (const [i, c] of dupes.entries()) if (cli(['tag', c, '--add', `trip-${i}`]).code !== 0) throw new Error('tagging failed');
  pristine('save');
  const out = new Map<string, Tally>();
  for (const step of CLEANUP_STEPS) {
    const t = tally();
    for (let trial = 0; trial < TRIALS; trial++) {
      pristine('restore');
      const killed = cli(['trash', ...dupes], { LOUPE_CRASH_AT: step });
      const after = cli(['index', '--json']);
      t.trials++;
      if (killed.code !== null) t.crashed++; // it must have died by the signal, mid-way
      if (failedRun(after)) t.crashed++;
      const inTrash = dupes.filter((c) => !fs.existsSync(c));
      for (const [i, c] of dupes.entries()) {
        // a copy in the trash: its tag is on the kept copy; a copy that stayed: nothing merged
        const keeper = userTags(originals[i]) ?? [];
        if (inTrash.includes(c) !== keeper.includes(`trip-${i}`)) t.tags++;
      }
      if (inTrash.length) {
        const restore = cli(['restore', ...inTrash, '--json']);
        const back = restore.code === 0 ? (JSON.parse(restore.stdout) as { restored: string[] }).restored : [];
        t.undo += inTrash.filter((c) => !back.includes(c)).length;
      }
      for (const [i, c] of dupes.entries()) {
        if (!fs.existsSync(c) || !fs.existsSync(originals[i])) t.files++;
        if (!userTags(c)?.includes(`trip-${i}`)) t.tags++;
      }
      const s = status();
      t.stuck += s.pending + s.failed.length;
    }
    out.set(step, t);
  }
  return out;
}

/** CPU seconds of this process and its waited-for children (Linux: /proc/self/stat utime..cstime). */
function cpuSeconds(): number {
  const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
}

const rows: [string, Tally][] = [];
const t0 = Date.now();
console.log(`Loupe reliability trials: ${TRIALS} trial(s) per case, ${PHOTOS} photos, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
rows.push(['two `index` runs at once', await twoWriters()]);
rows.push(['`watch` beside `index` (+4 photos copied in)', await watchPlusIndex()]);
for (const [step, t] of await killedCleanUp()) rows.push([`kill -9 at clean-up step ${step}`, t]);
const total = rows.slice(2).reduce((a, [, t]) => ({ trials: a.trials + t.trials, crashed: a.crashed + t.crashed, files: a.files + t.files, tags: a.tags + t.tags, undo: a.undo + t.undo, stuck: a.stuck + t.stuck }), tally());
rows.push(['kill -9 at clean-up, all steps', total]);

console.log('\n| case | trials | crashed runs | files lost | tags lost | undo records lost | files stuck |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, t] of rows) console.log(`| ${name} | ${t.trials} | ${t.crashed} | ${t.files} | ${t.tags} | ${t.undo} | ${t.stuck} |`);
console.log(`\n${((Date.now() - t0) / 1000).toFixed(0)} s wall, ${cpuSeconds().toFixed(0)} s CPU (this process and its loupe children), load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('"crashed runs": exits other than 0 (or, for the killed trash, other than by the signal), or a stack trace / lock error printed.');
