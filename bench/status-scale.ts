// `loupe status` at scale (issue #15): the per-stage pending counts of a GENERATED 100,000-photo catalog
// (bench/synthetic-library.ts), every stage done, then the text stage's version bumped on half the photos (a Loupe
// upgrade half way through its deep pass). Prints the CPU ms of `library.status()` (its per-stage counts, which
// probe every photo for every stage, are nearly all of it) and of the failures alone, which the UI's list asks for.
//   npx tsx bench/status-scale.ts [--size=100000]
import os from 'node:os';
import { LoupeEngine } from '../src/main/engine/engine.js';
import { completeStages, generatedLibrary } from './synthetic-library.js';

const size = Number(process.argv.find((a) => a.startsWith('--size='))?.slice(7) ?? 100_000);
const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

function timed<T>(label: string, runs: number, f: () => T): T {
  let out!: T;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = cpuMs();
    out = f();
    times.push(cpuMs() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(44)} median ${times[Math.floor(runs / 2)].toFixed(0)} CPU ms, best ${times[0].toFixed(0)} (${runs} runs)`);
  return out;
}

const { home } = await generatedLibrary(size);
await completeStages(home);
console.log(`status at ${size.toLocaleString('en')} photos, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const engine = LoupeEngine.open({ home, warn: () => {} });
try {
  for (const state of ['every stage done', 'text due again on half the photos']) {
    if (state !== 'every stage done') engine.database.prepare("UPDATE file_stages SET version = version - 1 WHERE stage = 'text' AND file_id % 2 = 0").run();
    console.log(state);
    const counts = timed('status(), with its per-stage pending counts', 5, () => engine.library.status().pendingByStage);
    timed('failures alone (the UI\'s failure list)', 5, () => engine.library.failures());
    console.log(`  pending: ${Object.entries(counts).filter(([, n]) => n > 0).map(([s, n]) => `${s} ${n}`).join(', ') || 'none'}`);
  }
} finally {
  await engine.close();
}
