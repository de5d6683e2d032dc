// `loupe serve` on a large catalog (issue #15): start-up time and peak RSS of the real CLI (bin/loupe.js serve,
// started as a user would, with its index-on-open and folder watch), at 1,000 photos (the baseline, same run) and
// at 100,000. The catalog is GENERATED: rows inserted straight into a real catalog with every stage done at the
// current versions, automatic tags and dates, their thumbnails shared among 40 real Caltech photos; the photo files
// themselves do not exist, and no features are stored (the similarity index is opened on the first find-similar, not
// at start-up). The library folder is gone (it reads as unplugged: nothing is removed), or with --folder=empty there
// and empty: the run on open then removes every photo from the catalog (a user who deleted a whole folder); or with
// --folder=present, every photo there as an empty file of the catalogued size and time (a user's library as it is:
// the run on open walks and stats every file, the watcher sets up on every one, and nothing is read again).
// Besides the printed link, it times what a user waits for: the page and its script in the browser.
//   npx tsx bench/serve-scale.ts [--sizes=1000,100000] [--folder=missing|empty|present]
import Database from 'better-sqlite3';
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
  if (FOLDER === 'present') placeFiles(home);
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
    const shown = await pageAndScript(url, page.headers.get('set-cookie') ?? '');
    const scriptAt = (performance.now() - t0) / 1000;
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
      + `(page answered ${page.status} at ${firstPage.toFixed(2)} s, the page and its ${(shown / 1024 / 1024).toFixed(1)} MB script at ${scriptAt.toFixed(2)} s); `
      + `RSS at start ${(rssAtStart / 1024).toFixed(0)} MiB, peak in the first 15 s ${(peak / 1024).toFixed(0)} MiB `
      + `(child processes ${(childPeak / 1024).toFixed(0)} MiB, both together ${(sumPeak / 1024).toFixed(0)} MiB); `
      + `its CPU by then ${cpuS.toFixed(2)} s`;
  } finally {
    server.kill('SIGINT');
    await new Promise((r) => (server.exitCode === null ? server.once('exit', r) : r(null)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The catalogued photos as empty files of their catalogued size, all modified at one whole second (the rows say so). */
function placeFiles(home: string): void {
  const db = new Database(path.join(home, 'catalog.sqlite'));
  const seconds = Math.floor(Date.now() / 1000);
  for (const { path: file, size } of db.prepare('SELECT path, size FROM files').iterate() as Iterable<{ path: string; size: number }>) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
    fs.truncateSync(file, size); // sparse: no disk used
    fs.utimesSync(file, seconds, seconds);
  }
  db.prepare('UPDATE files SET mtime_ms = ?').run(seconds * 1000);
  db.close();
}

/** Loads the page with the run's cookie, then the script it names, as a browser does; resolves with the bytes. */
async function pageAndScript(url: string, setCookie: string): Promise<number> {
  const headers = { cookie: setCookie.split(';')[0] };
  const html = await (await fetch(new URL('/', url), { headers })).text();
  const src = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error('the page names no script');
  return (await (await fetch(new URL(src, url), { headers })).arrayBuffer()).byteLength + html.length;
}

console.log(`loupe serve at scale (library folder ${FOLDER}): ${os.availableParallelism()} cores, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const n of SIZES) console.log(await measure(n));
console.log(`load at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (a shared machine: start-up times grow with the load)`);
