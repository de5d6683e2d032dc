// The learned-tags benches' library: caltech101-dev copied under neutral file names (p0001.jpg ... in a seeded
// random order, so nothing in a path reveals the class), indexed ONCE by the real engine into a library home under
// os.tmpdir() and reused by later runs (delete /tmp/loupe-learn-caltech to start again). What the benches read
// is exactly what the app stores: raw features per branch and automatic tags, in a real catalog.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoupeEngine } from '../src/main/engine/engine.js';
import { Job } from '../src/main/engine/jobs/job.js';
import { seededRandom } from '../src/main/engine/util/seeded-random.js';
import { evaluationData } from './evaluation-data.js';
import { caltechDev } from './retrieval-data.js';

export const BENCH_ROOT = path.join(os.tmpdir(), 'loupe-learn-caltech');
export const BENCH_HOME = path.join(BENCH_ROOT, 'home');
export const BENCH_PHOTOS = path.join(BENCH_ROOT, 'photos');
const LABELS_FILE = path.join(BENCH_ROOT, 'labels.json');

export interface BenchLibrary {
  /** absolute neutral path -> class name */
  labels: Map<string, string>;
  classes: string[];
}

export function requireData(): void {
  evaluationData('caltech101-dev');
}

/** Copies the photos under neutral names and indexes them (once); returns the class of every neutral path. */
export async function prepareBenchLibrary(): Promise<BenchLibrary> {
  requireData();
  if (!fs.existsSync(LABELS_FILE)) {
    const set = caltechDev();
    const rand = seededRandom(101);
    const order = set.files.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    fs.rmSync(BENCH_ROOT, { recursive: true, force: true });
    fs.mkdirSync(BENCH_PHOTOS, { recursive: true });
    const labels: Record<string, string> = {};
    order.forEach((src, k) => {
      const dst = path.join(BENCH_PHOTOS, `p${String(k + 1).padStart(4, '0')}.jpg`);
      fs.copyFileSync(set.files[src], dst);
      labels[dst] = set.classes[set.labels[src]];
    });
    const engine = LoupeEngine.open({ home: BENCH_HOME, warn: () => {} });
    try {
      const t0 = performance.now();
      await engine.library.addFolder(BENCH_PHOTOS);
      const summary = await engine.library.index(new Job('index'));
      console.log(`indexed ${summary.added} photos (${summary.failed.length} failed) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    } finally {
      await engine.close();
    }
    fs.writeFileSync(LABELS_FILE, JSON.stringify(labels));
  }
  const labels = new Map(Object.entries(JSON.parse(fs.readFileSync(LABELS_FILE, 'utf8')) as Record<string, string>));
  return { labels, classes: [...new Set(labels.values())].sort() };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const lib = await prepareBenchLibrary();
  console.log(`${lib.labels.size} photos, ${lib.classes.length} classes, home ${BENCH_HOME}`);
}
