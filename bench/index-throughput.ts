// Indexing throughput: scan + hash + decode + metadata + thumbnails, on real photo sets.
// Usage: npm run bench:index [-- <folder>...]   (default: ../shared/data/hires and ../shared/data/caltech101-dev)
// Prints photos/s, per-step ms per photo, and peak RSS. Each set is indexed into a fresh temporary home.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoupeEngine } from '../src/main/engine/engine.js';
import { Job } from '../src/main/engine/jobs/job.js';
import { evaluationData } from './evaluation-data.js';

const sets = process.argv.slice(2).length ? process.argv.slice(2) : [evaluationData('hires'), evaluationData('caltech101-dev')];

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);

console.log(`Loupe indexing benchmark: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, node ${process.version}`);
for (const set of sets) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-'));
  peakRss = process.memoryUsage.rss();
  const concurrency = process.env.LOUPE_CONCURRENCY ? Number(process.env.LOUPE_CONCURRENCY) : undefined;
  const modelThreads = process.env.LOUPE_MODEL_THREADS ? Number(process.env.LOUPE_MODEL_THREADS) : undefined;
  const engine = LoupeEngine.open({ home, warn: () => {}, concurrency, modelThreads });
  // Start the model process before the clock: its one-off start-up (about a second) is reported on its own.
  const s0 = performance.now();
  await engine.inference.start();
  console.log(`\nmodel process start-up: ${((performance.now() - s0) / 1000).toFixed(2)} s (${engine.inference.providerReport?.provider}); file concurrency ${concurrency ?? 'default'}, model threads ${modelThreads ?? 'default'}`);
  try {
    await engine.library.addFolder(set);
    const job = new Job('index');
    const t0 = performance.now();
    const summary = await engine.library.index(job);
    const seconds = (performance.now() - t0) / 1000;
    const photos = summary.added - summary.failed.length;
    console.log(`\n${set}`);
    console.log(`  ${summary.added} files (${summary.failed.length} failed) in ${seconds.toFixed(2)} s: ${(summary.added / seconds).toFixed(1)} photos/s`);
    for (const [step, t] of job.timings) {
      console.log(`  ${step.padEnd(26)} ${(t.ms / Math.max(1, t.count)).toFixed(1).padStart(8)} ms/item  (${t.count} items, ${(t.ms / 1000).toFixed(2)} s summed over ${Math.max(2, os.availableParallelism())} lanes)`);
    }
    const t1 = performance.now();
    const again = await engine.library.index();
    console.log(`  re-index unchanged: ${((performance.now() - t1) / 1000).toFixed(2)} s (${again.unchanged} unchanged)`);
    console.log(`  peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB; photos ok ${photos}`);
  } finally {
    await engine.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
clearInterval(sampler);
