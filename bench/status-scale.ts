// `loupe status` at scale (issue #15): the per-stage pending counts of a GENERATED 100,000-photo catalog
// (bench/synthetic-library.ts), every stage done, then the text stage's version bumped on half the photos (a Loupe
// upgrade half way through its deep pass). Prints the CPU ms of `library.status()` and of the failures alone, which
// the UI's list asks for, and of the per-stage counts as they were (every photo probed for every stage, dueIds)
// against as they are (counted on the stage index, FileRepository.pendingByStage), checking that both agree; then
// the wall time of a whole `loupe status` process (node bin/loupe.js; build it first: node scripts/build-node.mjs).
//   npx tsx bench/status-scale.ts [--size=100000]
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { LoupeEngine } from '../src/main/engine/engine.js';
import { FileRepository, type StageVersion } from '../src/main/engine/catalog/file-repository.js';
import { stageVersions } from '../src/main/engine/pipeline/process-files.js';
import type { Stage } from '../src/main/engine/pipeline/stage.js';
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
const stages: Stage[] = [];
const engine = LoupeEngine.open({ home, warn: () => {}, wrapStage: (s) => (stages.push(s), s) });
const files = new FileRepository(engine.database);
const required: StageVersion[] = stageVersions(stages);
/** The counts as they were: every photo probed for every stage, the failed ones left out. */
const probed = (): Record<string, number> => {
  const failed = new Set(files.idsWithState('failed'));
  return Object.fromEntries(required.map((s) => [s.stage, files.dueIds([s]).filter((id) => !failed.has(id)).length]));
};
const loupeStatusMs = (): number => {
  const start = performance.now();
  execFileSync(process.execPath, [path.join(import.meta.dirname, '..', 'bin', 'loupe.js'), '--home', home, 'status'], { stdio: 'ignore' });
  return performance.now() - start;
};
try {
  for (const state of ['every stage done', 'text due again on half the photos']) {
    if (state !== 'every stage done') engine.database.prepare("UPDATE file_stages SET version = version - 1 WHERE stage = 'text' AND file_id % 2 = 0").run();
    console.log(state);
    const counts = timed('status(), with its per-stage pending counts', 5, () => engine.library.status().pendingByStage);
    timed('failures alone (the UI\'s failure list)', 5, () => engine.library.failures());
    const before = timed('per-stage counts before: every photo probed', 5, probed);
    const after = timed('per-stage counts after: the stage index', 5, () => files.pendingByStage(required));
    if (JSON.stringify(before) !== JSON.stringify(after)) throw new Error(`the counts differ: ${JSON.stringify(before)} against ${JSON.stringify(after)}`);
    console.log(`  pending: ${Object.entries(counts).filter(([, n]) => n > 0).map(([s, n]) => `${s} ${n}`).join(', ') || 'none'} (both ways alike)`);
    const walls = [loupeStatusMs(), loupeStatusMs(), loupeStatusMs()].sort((a, b) => a - b);
    console.log(`  \`loupe status\` process: median ${walls[1].toFixed(0)} ms wall (3 runs, load ${os.loadavg()[0].toFixed(1)})`);
  }
} finally {
  await engine.close();
}
