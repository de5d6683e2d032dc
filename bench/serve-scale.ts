// `loupe serve` on a large catalog (issue #15): start-up time and peak RSS of the real CLI (bin/loupe.js serve,
// started as a user would, with its index-on-open and folder watch), at 1,000 photos (the baseline, same run) and
// at 100,000. The catalog is GENERATED: rows inserted straight into a real catalog with every stage done at the
// current versions, automatic tags and dates, their thumbnails shared among 40 real Caltech photos; the photo files
// themselves do not exist, and no features are stored (the similarity index is opened on the first find-similar, not
// at start-up). The library folder is gone (it reads as unplugged: nothing is removed), or with --folder=empty there
// and empty: the run on open then removes every photo from the catalog (a user who deleted a whole folder).
//   npx tsx bench/serve-scale.ts [--sizes=1000,100000] [--folder=missing|empty]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { completeStages, generatedLibrary } from './synthetic-library.js';

const SIZES = (process.argv.find((a) => a.startsWith('--sizes='))?.slice(8) ?? '1000,100000').split(',').map(Number);
const LOUPE_BIN = path.join(import.meta.dirname, '..', 'bin', 'loupe.js');
const FOLDER = process.argv.find((a) => a.startsWith('--folder='))?.slice(9) ?? 'missing';

const readKb = (pid: number, field: string): number => {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
};

/** CPU seconds (user + system) a process has used: the start-up's cost, which the machine's load changes little. */
const cpuSeconds = (pid: number): number => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime in clock ticks (USER_HZ, 100 on Linux)
};

/** RSS in kB of the server's child processes (the model process, when something started it), 0 when none. */
const childrenKb = (pid: number): number => {
  try {
    const kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return kids.reduce((sum, k) => sum + (readKb(Number(k), 'VmRSS') || 0), 0);
  } catch {
    return 0;
  }
};

async function measure(n: number): Promise<string> {
  const { home, dir } = await generatedLibrary(n);
  await completeStages(home);
  if (FOLDER === 'missing') fs.rmSync(path.join(dir, 'Photos'), { recursive: true });
  const t0 = performance.now();
  const server = spawn(process.execPath, [LOUPE_BIN, 'serve', '--json', '--home', home], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d) => (stderr += d));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (d) => {
        out += d;
        const line = out.split('\n').find((l) => l.includes('"serving"'));
        if (line) resolve(JSON.parse(line).url as string);
      });
      server.on('exit', (code) => reject(new Error(`loupe serve exited ${code}: ${stderr}`)));
    });
    const startup = (performance.now() - t0) / 1000;
    const cpuAtStart = cpuSeconds(server.pid!);
    const rssAtStart = readKb(server.pid!, 'VmRSS');
    const page = await fetch(url, { redirect: 'manual' });
    const firstPage = (performance.now() - t0) / 1000;
    // the run on open (catch up with the disk) and the watcher settle; then the peak so far. The server and any
    // process it started (the model process) are sampled together: a task manager shows their sum.
    let childPeak = 0;
    let sumPeak = 0;
    const sampler = setInterval(() => {
      const child = childrenKb(server.pid!);
      childPeak = Math.max(childPeak, child);
      sumPeak = Math.max(sumPeak, (readKb(server.pid!, 'VmRSS') || 0) + child);
    }, 100);
    await new Promise((r) => setTimeout(r, 15_000));
    clearInterval(sampler);
    const peak = readKb(server.pid!, 'VmHWM');
    const cpuS = cpuSeconds(server.pid!);
    return `${String(n).padStart(7)} photos: serving after ${startup.toFixed(2)} s, ${cpuAtStart.toFixed(2)} CPU-s `
      + `(page answered ${page.status} at ${firstPage.toFixed(2)} s); `
      + `RSS at start ${(rssAtStart / 1024).toFixed(0)} MiB, peak in the first 15 s ${(peak / 1024).toFixed(0)} MiB `
      + `(child processes ${(childPeak / 1024).toFixed(0)} MiB, both together ${(sumPeak / 1024).toFixed(0)} MiB); `
      + `its CPU by then ${cpuS.toFixed(2)} s`;
  } finally {
    server.kill('SIGINT');
    await new Promise((r) => (server.exitCode === null ? server.once('exit', r) : r(null)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`loupe serve at scale (library folder ${FOLDER}): ${os.availableParallelism()} cores, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const n of SIZES) console.log(await measure(n));
console.log(`load at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (a shared machine: start-up times grow with the load)`);
