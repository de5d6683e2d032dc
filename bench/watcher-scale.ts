// The library watcher alone on a large folder (issue #15, memory while serving): 100,000 empty photo files in 100
// folders of 1,000 (the layout of bench/synthetic-library.ts), watched by LibraryWatcher (@parcel/watcher) in a
// process of its own: time until start() resolves, CPU-s and peak RSS of that process, and the inotify watches it
// holds (the `inotify wd` lines of /proc/<pid>/fdinfo). With --chokidar=<folder holding chokidar@4's node_modules>
// the same is measured for chokidar with the options the watcher used before (chokidar is no longer a dependency):
//   npx tsx bench/watcher-scale.ts [--files=100000] [--chokidar=/tmp/cb]
// The files are synthetic (no evaluation data needed); the whole run is CPU-bound: compare CPU-s, not seconds.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const FILES = Number(arg('files') ?? 100_000);
const CHOKIDAR = arg('chokidar');
const CHILD = arg('child');

/** In the child: watch `folder` and print when ready, then wait to be killed. */
async function child(kind: string, folder: string): Promise<void> {
  const t0 = performance.now();
  if (kind === 'parcel') {
    const { LibraryWatcher } = await import('../src/main/engine/watch/library-watcher.js');
    const library = { indexPaths: () => Promise.reject(new Error('nothing changes in this bench')), hasPendingRemovals: () => false };
    await new LibraryWatcher(library, { exclude: [path.join(folder, 'home')] }).start([folder]);
  } else {
    // chokidar 4 with the options LibraryWatcher had
    // (not a dependency any more: loaded from the folder given, typed by what is used here)
    type Watcher = { once: (event: 'ready', fn: () => void) => void };
    const chokidar = createRequire(path.join(kind, 'package.json'))('chokidar') as { watch: (paths: string[], options: object) => Watcher };
    const w = chokidar.watch([folder], {
      ignoreInitial: true,
      followSymlinks: true,
      awaitWriteFinish: { stabilityThreshold: 500, pollInterval: 100 },
      ignored: (p: string) => path.basename(p).startsWith('.'),
    });
    await new Promise<void>((resolve) => w.once('ready', () => resolve()));
  }
  console.log(JSON.stringify({ readyS: (performance.now() - t0) / 1000 }));
  setInterval(() => {}, 60_000);
}

const statusKb = (pid: number, field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
const cpuSeconds = (pid: number): number => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};
/** inotify watches the process holds: one `inotify wd:` line per watch in the fdinfo of its inotify descriptors. */
const inotifyWatches = (pid: number): number => fs.readdirSync(`/proc/${pid}/fdinfo`).reduce((n, fd) => {
  try {
    return n + (fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8').match(/^inotify wd:/gm)?.length ?? 0);
  } catch {
    return n;
  }
}, 0);

async function measure(kind: string, folder: string): Promise<string> {
  const proc = spawn(process.execPath, [...process.execArgv, import.meta.filename, `--child=${kind}`, folder], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const { readyS } = await new Promise<{ readyS: number }>((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]) as { readyS: number });
      });
      proc.on('exit', (code) => reject(new Error(`the ${kind} child exited ${code}`)));
    });
    const pid = proc.pid!;
    const cpu = cpuSeconds(pid);
    const watches = inotifyWatches(pid);
    await new Promise((r) => setTimeout(r, 3000)); // what it holds once settled
    return `${kind === 'parcel' ? '@parcel/watcher (LibraryWatcher)' : 'chokidar 4 (old options)'}: ready after ${readyS.toFixed(2)} s, `
      + `${cpu.toFixed(2)} CPU-s, peak RSS ${(statusKb(pid, 'VmHWM') / 1024).toFixed(0)} MiB (${(statusKb(pid, 'VmRSS') / 1024).toFixed(0)} MiB 3 s later), `
      + `${watches} inotify watches, ${cpuSeconds(pid).toFixed(2)} CPU-s 3 s later; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
  } finally {
    proc.kill('SIGKILL');
    await new Promise((r) => (proc.exitCode === null && proc.signalCode === null ? proc.once('exit', r) : r(null)));
  }
}

if (CHILD) {
  await child(CHILD, process.argv[process.argv.length - 1]);
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-watch-bench-'));
  try {
    const folder = path.join(dir, 'Photos');
    for (let i = 0; i < FILES; i++) {
      const sub = path.join(folder, String(Math.floor(i / 1000)).padStart(3, '0'));
      if (i % 1000 === 0) fs.mkdirSync(sub, { recursive: true });
      fs.closeSync(fs.openSync(path.join(sub, `IMG_${String(i).padStart(6, '0')}.jpg`), 'w'));
    }
    console.log(`library watcher on ${FILES.toLocaleString('en')} files in ${Math.ceil(FILES / 1000)} folders: ${os.availableParallelism()} cores, node ${process.version}, `
      + `inotify limit ${fs.readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8').trim()}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(await measure('parcel', folder));
    if (CHOKIDAR) console.log(await measure(CHOKIDAR, folder));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
