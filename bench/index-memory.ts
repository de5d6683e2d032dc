// Peak memory of `loupe index` as a user runs it (issue #15: under 1 GB while indexing): the real CLI (bin/loupe.js,
// from dist/: run `npm run build:node` first) indexes each set into a fresh home, both passes unless --quick. The CLI
// process and its model process are sampled together every 50 ms from /proc (a task manager shows their sum), and
// their CPU seconds read at the last sample. Unlike bench/index-throughput.ts, no harness shares the indexing process.
//   npx tsx bench/index-memory.ts [--quick] [--timeline=DIR] [<folder>...]   (--timeline: every sample, to find when the peak comes)
//   LOUPE_BIN=<other checkout>/bin/loupe.js: that checkout's CLI instead (a base to compare with, run in turn)
//   default sets: ../shared/data/hires (all) and 300 photos of ../shared/data/caltech101-dev (LOUPE_BENCH_CALTECH=n)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluationData } from './evaluation-data.js';
import { photosIn, stageSet } from './photo-sets.js';

const LOUPE_BIN = process.env.LOUPE_BIN ?? path.join(import.meta.dirname, '..', 'bin', 'loupe.js');
const quick = process.argv.includes('--quick');
/** --timeline=DIR: every sample (ms since start, main and model process RSS) as <set>.tsv there: when the peak comes */
const timelineDir = process.argv.find((a) => a.startsWith('--timeline='))?.slice('--timeline='.length);
const folders = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const caltechCount = Number(process.env.LOUPE_BENCH_CALTECH ?? 300);
const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');

interface Sample { rssMiB: number; cpuS: number; threads: number }

/** RSS and CPU seconds (user + system) of a process from /proc; null once it has ended. */
function sample(pid: number): Sample | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const threads = Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    return { rssMiB: rss ? Number(rss[1]) / 1024 : 0, cpuS: (Number(stat[11]) + Number(stat[12])) / 100, threads }; // USER_HZ 100
  } catch {
    return null;
  }
}

function children(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function measure(name: string, folder: string, n: number): Promise<string> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-home-'));
  try {
    const added = spawnSync(process.execPath, [LOUPE_BIN, 'add', folder, '--home', home, '--json'], { encoding: 'utf8' });
    if (added.status !== 0) throw new Error(`loupe add failed: ${added.stderr}`);
    const cli = spawn(process.execPath, [LOUPE_BIN, 'index', '--home', home, '--json', ...(quick ? ['--quick'] : [])], { stdio: 'ignore' });
    const peak = { main: 0, model: 0, both: 0 };
    const started = Date.now();
    const timeline: string[] = ['ms\tmain\tmodel\tboth\tmainThreads'];
    const cpu = new Map<number, number>(); // the last CPU seconds seen of each process (the model process may restart)
    const timer = setInterval(() => {
      const main = sample(cli.pid!);
      if (!main) return;
      cpu.set(cli.pid!, main.cpuS);
      let model = 0;
      for (const child of children(cli.pid!)) {
        const s = sample(child);
        if (!s) continue;
        model += s.rssMiB;
        cpu.set(child, s.cpuS);
      }
      timeline.push([Date.now() - started, main.rssMiB, model, main.rssMiB + model, main.threads].map((v) => v.toFixed(0)).join('\t'));
      peak.main = Math.max(peak.main, main.rssMiB);
      peak.model = Math.max(peak.model, model);
      peak.both = Math.max(peak.both, main.rssMiB + model);
    }, 50);
    const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
    clearInterval(timer);
    if (code !== 0) throw new Error(`loupe index exited ${code}`);
    if (timelineDir) fs.writeFileSync(path.join(timelineDir, `${name.replace(/\W+/g, '-')}.tsv`), `${timeline.join('\n')}\n`);
    const cpuS = [...cpu.values()].reduce((a, b) => a + b, 0);
    return `${name.padEnd(24)} ${n} photos, ${quick ? 'first pass' : 'both passes'}: peak RSS main ${peak.main.toFixed(0)} MiB, `
      + `model process ${peak.model.toFixed(0)} MiB, both together ${peak.both.toFixed(0)} MiB; `
      + `CPU ${(cpuS / n).toFixed(3)} s a photo; load ${load()}`;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const sets = folders.length
  ? folders.map((f) => ({ name: path.basename(f), files: photosIn(path.resolve(f)) }))
  : [
    { name: 'hires', files: photosIn(evaluationData('hires')) },
    { name: `caltech101-dev (${caltechCount})`, files: photosIn(evaluationData('caltech101-dev'), caltechCount) },
  ];
console.log(`loupe index memory: ${os.availableParallelism()} cores, node ${process.version}, load ${load()} (a shared machine)`);
for (const set of sets) {
  const folder = stageSet(set.name.replace(/\W+/g, '-'), set.files);
  try {
    console.log(await measure(set.name, folder, set.files.length));
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
