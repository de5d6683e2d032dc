// How long Ctrl-C takes to stop `loupe index` during the deep pass (issue #15): the real CLI (bin/loupe.js, from dist/:
// run `npm run build:node` first) indexes a set's first pass once; then, from a copy of that home each time, `loupe
// index` runs the deep pass and gets SIGINT once the deep pass has stored a few viewer images (plus a random 0-2 s).
// Prints the seconds from SIGINT to exit, the exit status (130: stopped), and the CPU seconds the CLI and its model
// process spent after SIGINT; then runs `loupe index` to the end on the last stopped home and checks that nothing is
// pending or failed (a stop loses nothing, stores nothing half).
//   npx tsx bench/index-cancel.ts [--runs=N] [--bin=path/to/other/bin/loupe.js ...] [--caltech | <folder>]
//   default set: ../shared/data/hires; --caltech: 300 photos of ../shared/data/caltech101-dev (LOUPE_BENCH_CALTECH=n).
//   Several --bin: the runs interleave them (A/B in one window).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluationData } from './evaluation-data.js';
import { photosIn, stageSet } from './photo-sets.js';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
const bins = args.filter((a) => a.startsWith('--bin=')).map((a) => path.resolve(a.slice(6)));
if (bins.length === 0) bins.push(path.join(import.meta.dirname, '..', 'bin', 'loupe.js'));
const folderArg = args.find((a) => !a.startsWith('--'));
const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');

/** Records the CPU seconds (user + system, from /proc) of a process and its children into `seen`, by pid: a process
 *  that has ended keeps its last reading. */
function sampleTree(pid: number, seen: Map<number, number>): void {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    seen.set(pid, (Number(stat[11]) + Number(stat[12])) / 100); // USER_HZ 100
    for (const child of fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
      sampleTree(Number(child), seen);
    }
  } catch {
    // ended
  }
}
const sum = (m: Map<number, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

function cli(bin: string, home: string, ...rest: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...rest, '--home', home, '--json'], { encoding: 'utf8', timeout: 900_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function viewerImages(home: string): number {
  const dir = path.join(home, 'thumbnails');
  let n = 0;
  for (const shard of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const sub = path.join(dir, shard);
    if (fs.statSync(sub).isDirectory()) n += fs.readdirSync(sub).filter((f) => f.endsWith('-m.jpg')).length;
  }
  return n;
}

/** Where the library home keeps its thumbnails: found once, from the first pass's grid thumbnails. */
function checkLayout(home: string): void {
  if (!fs.existsSync(path.join(home, 'thumbnails'))) throw new Error(`no thumbnails folder in ${home}: the home's layout changed`);
}

async function stopOnce(bin: string, template: string): Promise<{ seconds: number; code: number | null; cpuAfter: number; home: string }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-cancel-'));
  fs.cpSync(template, home, { recursive: true });
  const before = viewerImages(home);
  const child = spawn(process.execPath, [bin, 'index', '--home', home, '--json'], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  while (!gone && viewerImages(home) < before + 2) await new Promise((r) => setTimeout(r, 50));
  if (gone) throw new Error('loupe index ended before the deep pass had begun: nothing to stop');
  await new Promise((r) => setTimeout(r, Math.random() * 2000));
  const seen = new Map<number, number>();
  sampleTree(child.pid!, seen);
  const cpu0 = sum(seen);
  const timer = setInterval(() => sampleTree(child.pid!, seen), 20);
  const t0 = performance.now();
  child.kill('SIGINT');
  const code = await exited;
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  return { seconds, code, cpuAfter: sum(seen) - cpu0, home };
}

const caltech = args.includes('--caltech') ? Number(process.env.LOUPE_BENCH_CALTECH ?? 300) : 0;
const name = folderArg ? path.basename(folderArg) : caltech ? `caltech${caltech}` : 'hires';
const folder = stageSet(name, folderArg ? photosIn(path.resolve(folderArg))
  : caltech ? photosIn(evaluationData('caltech101-dev'), caltech) : photosIn(evaluationData('hires')));
console.log(`${name}: SIGINT during the deep pass; load ${load()}`);
const templates = new Map<string, string>();
try {
  for (const bin of bins) {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-cancel-template-'));
    if (cli(bin, home, 'add', folder).status !== 0) throw new Error('loupe add failed');
    const quick = cli(bin, home, 'index', '--quick');
    if (quick.status !== 0) throw new Error(`loupe index --quick failed: ${quick.stderr}`);
    checkLayout(home);
    templates.set(bin, home);
  }
  const times = new Map<string, number[]>(bins.map((b) => [b, []]));
  let lastHome: string | null = null;
  for (let i = 0; i < runs; i++) {
    for (const bin of bins) {
      const r = await stopOnce(bin, templates.get(bin)!);
      times.get(bin)!.push(r.seconds);
      console.log(`${path.relative(process.cwd(), bin).padEnd(40)} run ${i + 1}: SIGINT to exit ${r.seconds.toFixed(2)} s, `
        + `exit ${r.code}, CPU after SIGINT ${r.cpuAfter.toFixed(2)} s; load ${load()}`);
      if (lastHome) fs.rmSync(lastHome, { recursive: true, force: true });
      lastHome = r.home;
      if (r.code !== 130) throw new Error(`expected exit 130 (stopped), got ${r.code}`);
    }
  }
  for (const [bin, t] of times) {
    const sorted = [...t].sort((a, b) => a - b);
    console.log(`${path.relative(process.cwd(), bin)}: SIGINT to exit median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} s, `
      + `min ${sorted[0].toFixed(2)}, max ${sorted[sorted.length - 1].toFixed(2)} (${t.length} runs)`);
  }
  // the last stopped home, run to the end: nothing pending, nothing failed
  const bin = bins[bins.length - 1];
  const rest = cli(bin, lastHome!, 'index');
  const status = JSON.parse(cli(bin, lastHome!, 'status').stdout) as { pending: number; failed: unknown[]; pendingByStage?: Record<string, number> };
  console.log(`resumed run: exit ${rest.status}; then pending ${status.pending}, failed ${status.failed.length}, `
    + `pending by stage ${JSON.stringify(status.pendingByStage ?? {})}`);
  fs.rmSync(lastHome!, { recursive: true, force: true });
} finally {
  for (const t of templates.values()) fs.rmSync(t, { recursive: true, force: true });
  fs.rmSync(folder, { recursive: true, force: true });
}
