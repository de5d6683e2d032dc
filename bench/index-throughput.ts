// Indexing throughput against the decode floor, on real photo sets (issue #15).
// Usage: npm run bench:index [-- <folder>...]
//   default sets: ../shared/data/hires (all) and 300 photos of ../shared/data/caltech101-dev (LOUPE_BENCH_CALTECH=n)
// For each set, in one run:
//   - the decode floor: one shrink-on-load decode per photo to 512 px with sharp, as many in flight as cores;
//   - the first pass (`index --quick`) and the whole index (the deep pass after it), photos/s and their ratio to
//     the floor, CPU seconds per photo (this process and the model process together: load-independent);
//   - per-stage CPU ms per photo, model process included, from a second run one file at a time (attribution is
//     exact only then) over the first LOUPE_BENCH_PROFILE photos (default 12);
//   - peak RSS of this process and of the model process, and the load average before and after.
// Each run indexes into a fresh temporary home. On a machine shared with other work, photos/s falls with the load;
// CPU-s per photo does not (much).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import sharp from 'sharp';
import { LoupeEngine } from '../src/main/engine/engine.js';
import { Job } from '../src/main/engine/jobs/job.js';
import type { Stage } from '../src/main/engine/pipeline/stage.js';
import { forEachLimit } from '../src/main/engine/util/concurrency.js';
import { tuneMalloc } from '../src/main/engine/runtime/malloc-tuning.js';
import { evaluationData } from './evaluation-data.js';
import { photosIn, stageSet } from './photo-sets.js';

// This process indexes as the `loupe` process does: with its allocator settings, before the first decode.
tuneMalloc();
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const cores = os.availableParallelism();
const caltechCount = Number(process.env.LOUPE_BENCH_CALTECH ?? 300);
const profileCount = Number(process.env.LOUPE_BENCH_PROFILE ?? 12);
const concurrency = process.env.LOUPE_CONCURRENCY ? Number(process.env.LOUPE_CONCURRENCY) : undefined;
const modelThreads = process.env.LOUPE_MODEL_THREADS ? Number(process.env.LOUPE_MODEL_THREADS) : undefined;

const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;

/** Resident set size in bytes of the model process (this process's child running the embedding worker), from /proc. */
function modelRss(): number {
  try {
    const children = fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    let sum = 0;
    for (const pid of children) {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('embedding-worker')) continue; // not esbuild's service
      const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) sum += Number(m[1]) * 1024;
    }
    return sum;
  } catch {
    return 0; // it ended between the two reads
  }
}

/**
 * Peak RSS of this process, of the model process and of both together, sampled at the same instants (what a user sees
 * in a task manager is the sum; the sum's peak is below the sum of the two peaks when they peak at different times).
 */
const peaks = { main: 0, model: 0, sum: 0 };
const resetPeaks = (): void => {
  peaks.main = peaks.model = peaks.sum = 0;
};
const sampler = setInterval(() => {
  const main = process.memoryUsage.rss();
  const model = modelRss();
  peaks.main = Math.max(peaks.main, main);
  peaks.model = Math.max(peaks.model, model);
  peaks.sum = Math.max(peaks.sum, main + model);
}, 50);
const peakLine = (p: typeof peaks): string => `main ${mib(p.main)}, model process ${mib(p.model)}, both together ${mib(p.sum)}`;
/** Where this process's memory is now: the JS heap, Buffers and typed arrays, and the rest (native: libvips, SQLite). */
const mainNow = (): string => {
  const m = process.memoryUsage();
  return `rss ${mib(m.rss)}: JS heap ${mib(m.heapTotal)}, external ${mib(m.external)} (array buffers ${mib(m.arrayBuffers)})`;
};

/** One shrink-on-load decode per photo to 512 px, `cores` in flight: what indexing can never beat. */
async function decodeFloor(files: string[]): Promise<{ perS: number; cpuMsPer: number }> {
  sharp.cache(false);
  const c0 = cpuMs();
  const t0 = performance.now();
  await forEachLimit(files, cores, async (f) => {
    await sharp(await fs.promises.readFile(f), { failOn: 'error' }).resize(512, 512, { fit: 'inside', withoutEnlargement: true })
      .removeAlpha().raw().toBuffer();
  });
  return { perS: files.length / ((performance.now() - t0) / 1000), cpuMsPer: (cpuMs() - c0) / files.length };
}

/** CPU ms spent in a stage, and how much the model process's RSS grew during its runs (sessions loaded, arenas grown). */
interface Cost { cpuMs: number; count: number; modelRssGrowth: number }

/** Per-stage CPU (this process + model process), one file at a time so that each stage's cost is its own. */
async function profileStages(folder: string, photos: number): Promise<Map<string, Cost>> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-home-'));
  const costs = new Map<string, Cost>();
  let engine: LoupeEngine | null = null;
  const modelCpu = async (): Promise<number> => (await engine?.inference.usage())?.cpuMs ?? 0;
  const wrapStage = (stage: Stage): Stage => ({
    name: stage.name,
    version: stage.version,
    pass: stage.pass,
    withPrevious: stage.withPrevious,
    run: async (ctx) => {
      const m0 = await modelCpu();
      const r0 = modelRss();
      const c0 = cpuMs();
      try {
        return await stage.run(ctx);
      } finally {
        const c = cpuMs() - c0 + (await modelCpu()) - m0;
        const t = costs.get(stage.name) ?? { cpuMs: 0, count: 0, modelRssGrowth: 0 };
        costs.set(stage.name, { cpuMs: t.cpuMs + c, count: t.count + 1, modelRssGrowth: t.modelRssGrowth + Math.max(0, modelRss() - r0) });
      }
    },
  });
  engine = LoupeEngine.open({ home, warn: () => {}, concurrency: 1, modelThreads, wrapStage });
  try {
    await engine.inference.start();
    await engine.library.addFolder(folder);
    const quick = new Job('index');
    const c0 = cpuMs();
    const m0 = await modelCpu();
    await engine.library.index(quick, { quick: true });
    const stagesCpu = [...costs.values()].reduce((a, b) => a + b.cpuMs, 0);
    // scan, hashing, similarity index, duplicate grouping, catalog writes: what the stages do not account for
    costs.set('(quick pass outside stages)', { cpuMs: cpuMs() - c0 + (await modelCpu()) - m0 - stagesCpu, count: photos, modelRssGrowth: 0 });
    await engine.library.index(new Job('index'));
  } finally {
    await engine.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
  return costs;
}

console.log(`Loupe indexing benchmark: ${cores} cores, ${os.cpus()[0]?.model ?? ''}, node ${process.version}, sharp concurrency ${sharp.concurrency()}`);
console.log(`load average at start ${load()} (a shared machine: compare CPU-s per photo, which the load changes little)`);

const sets = process.argv.slice(2).length
  ? process.argv.slice(2).map((f) => ({ name: path.basename(f), files: photosIn(path.resolve(f)) }))
  : [
    { name: 'hires', files: photosIn(evaluationData('hires')) },
    { name: `caltech101-dev (${caltechCount})`, files: photosIn(evaluationData('caltech101-dev'), caltechCount) },
  ];

// The model process runs dist/embedding-worker.js: build it from the current sources (as the tests do).
await build({
  absWorkingDir: root, entryPoints: { 'embedding-worker': 'src/main/worker/embedding-worker.ts' }, outdir: 'dist',
  bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', sourcemap: true, logLevel: 'warning',
});

const summary: string[] = [];
for (const set of sets) {
  const folder = stageSet(set.name.replace(/\W+/g, '-'), set.files);
  const n = set.files.length;
  console.log(`\n== ${set.name}: ${n} photos, load ${load()}`);
  const floor = await decodeFloor(set.files);
  console.log(`  decode floor (512 px, ${cores} in flight): ${floor.perS.toFixed(1)} photos/s, ${floor.cpuMsPer.toFixed(0)} CPU ms/photo`);

  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-home-'));
  resetPeaks();
  // what this process holds before the engine opens: the harness (tsx, esbuild) and what earlier sets and the decode
  // floor left in libvips' and malloc's pools; bench/index-memory.ts measures `loupe index` without any of it
  const harnessRss = process.memoryUsage.rss();
  const engine = LoupeEngine.open({ home, warn: () => {}, concurrency, modelThreads });
  try {
    const s0 = performance.now();
    await engine.inference.start(); // the one-off start-up (about a second) is reported on its own
    console.log(`  model process start-up ${((performance.now() - s0) / 1000).toFixed(2)} s (${engine.inference.providerReport?.provider}); `
      + `file concurrency ${concurrency ?? 'default'}, model threads ${modelThreads ?? 'default'}`);
    await engine.library.addFolder(folder);
    const m0 = (await engine.inference.usage())?.cpuMs ?? 0;
    const c0 = cpuMs();
    const t0 = performance.now();
    const quickJob = new Job('index');
    const first = await engine.library.index(quickJob, { quick: true });
    const quickS = (performance.now() - t0) / 1000;
    const quickCpu = cpuMs() - c0 + ((await engine.inference.usage())?.cpuMs ?? 0) - m0;
    const quickPeaks = { ...peaks };
    const quickMain = mainNow();
    resetPeaks();
    const t1 = performance.now();
    const deepJob = new Job('index');
    await engine.library.index(deepJob);
    const deepS = (performance.now() - t1) / 1000;
    const usage = await engine.inference.usage();
    const wholeCpu = cpuMs() - c0 + (usage?.cpuMs ?? 0) - m0;
    const ok = first.added - first.failed.length;
    const quickRate = n / quickS;
    const wholeRate = n / (quickS + deepS);
    console.log(`  first pass:  ${quickS.toFixed(1)} s, ${quickRate.toFixed(2)} photos/s = ${(quickRate / floor.perS).toFixed(2)} of the floor; `
      + `${(quickCpu / n / 1000).toFixed(3)} CPU-s/photo (${first.added} files, ${first.failed.length} failed)`);
    console.log(`  whole index: ${(quickS + deepS).toFixed(1)} s, ${wholeRate.toFixed(2)} photos/s = ${(wholeRate / floor.perS).toFixed(2)} of the floor; `
      + `${(wholeCpu / n / 1000).toFixed(3)} CPU-s/photo`);
    // The same ratios in CPU time, which the load changes far less: what the ratios would be on an idle machine where
    // both the floor and the index keep every core busy.
    const cpuRatio = (cpuPerPhotoMs: number): string => (floor.cpuMsPer / cpuPerPhotoMs).toFixed(2);
    console.log(`  in CPU time: first pass ${cpuRatio(quickCpu / n)} of the floor, whole index ${cpuRatio(wholeCpu / n)}; `
      + `idle-machine estimate with all ${cores} cores busy: first pass ${((cores * 1000 * n) / quickCpu).toFixed(1)} photos/s, `
      + `whole ${((cores * 1000 * n) / wholeCpu).toFixed(1)} photos/s`);
    console.log(`  wall ms per item (all lanes, waits included):`);
    for (const [step, t] of [...quickJob.timings, ...deepJob.timings]) {
      console.log(`    ${step.padEnd(28)} ${(t.ms / Math.max(1, t.count)).toFixed(1).padStart(8)} ms  (${t.count} items)`);
    }
    const deepPeaks = { ...peaks };
    console.log(`  peak RSS, first pass: ${peakLine(quickPeaks)}; main before the engine opened ${mib(harnessRss)}, after it: ${quickMain}`);
    console.log(`  peak RSS, deep pass:  ${peakLine(deepPeaks)}; model process's own peak ${usage ? mib(usage.maxRssBytes) : '?'}; `
      + `main after it: ${mainNow()}; load ${load()}`);
    summary.push(`${set.name.padEnd(24)} floor ${floor.perS.toFixed(1).padStart(5)}/s | first pass ${quickRate.toFixed(2).padStart(5)}/s `
      + `(${(quickRate / floor.perS).toFixed(2)}, ${(quickCpu / n / 1000).toFixed(2)} CPU-s) | whole ${wholeRate.toFixed(2).padStart(5)}/s `
      + `(${(wholeRate / floor.perS).toFixed(2)}, ${(wholeCpu / n / 1000).toFixed(2)} CPU-s) | peak RSS of both ${mib(quickPeaks.sum)} quick, ${mib(deepPeaks.sum)} deep`
      + ` | ok ${ok}`);
  } finally {
    await engine.close();
    fs.rmSync(home, { recursive: true, force: true });
  }

  const profiled = stageSet(`${set.name.replace(/\W+/g, '-')}-profile`, set.files.slice(0, profileCount));
  const costs = await profileStages(profiled, Math.min(profileCount, n));
  console.log(`  CPU ms per photo by stage (this process + model process, one file at a time, ${Math.min(profileCount, n)} photos), `
    + `and the model process's RSS growth during the stage's runs (its sessions loaded, their buffers grown):`);
  for (const [stage, c] of costs) {
    console.log(`    ${stage.padEnd(28)} ${(c.cpuMs / Math.max(1, c.count)).toFixed(1).padStart(8)} ms  (${c.count} runs)  +${mib(c.modelRssGrowth)}`);
  }
  fs.rmSync(profiled, { recursive: true, force: true });
  fs.rmSync(folder, { recursive: true, force: true });
}
clearInterval(sampler);
console.log(`\nsummary (load average now ${load()}):`);
for (const line of summary) console.log(`  ${line}`);
