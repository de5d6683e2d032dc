// What keeping the new photos waiting to be compared with the gone ones (awaiting_comparison, migration 470) costs a
// first index of a large library, where every photo is new: reconcile() of N new files on a real catalog, with the
// waiting rows written in the same transaction against without, then reading and letting go of them all (what the
// run's comparison does when nothing went). The files' bytes are not read (hashFile gives each path its own hash):
// only the catalog's share is measured. Prints CPU ms (median of 3 fresh catalogs each) and the ratio.
//   npx tsx bench/awaiting-comparison-scale.ts [--size=100000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCatalogDb } from '../src/main/engine/catalog/database.js';
import { FileRepository } from '../src/main/engine/catalog/file-repository.js';
import { FolderRepository } from '../src/main/engine/catalog/folder-repository.js';
import { AwaitingComparisonRepository } from '../src/main/engine/catalog/awaiting-comparison-repository.js';
import { reconcile, type SeenFile } from '../src/main/engine/library/reconcile.js';

const size = Number(process.argv.find((a) => a.startsWith('--size='))?.slice(7) ?? 100_000);
const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

async function once(waiting: boolean): Promise<{ reconcileMs: number; settleMs: number }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-awaiting-'));
  const db = openCatalogDb(home, undefined, { fresh: true });
  try {
    const files = new FileRepository(db);
    const folder = new FolderRepository(db).insert('/photos');
    const awaiting = new AwaitingComparisonRepository(db);
    const seen: SeenFile[] = Array.from({ length: size }, (_, i) => ({ path: `/photos/${Math.floor(i / 1000)}/IMG_${i}.jpg`, size: 1000 + i, mtimeMs: 1_600_000_000_000 + i, folderId: folder.id }));
    const t0 = cpuMs();
    await reconcile(seen, [], { files, hashFile: async (p) => p, ...(waiting && { onAdded: (id: number) => awaiting.add(id) }) });
    const t1 = cpuMs();
    if (waiting) awaiting.clear(awaiting.ids());
    return { reconcileMs: t1 - t0, settleMs: cpuMs() - t1 };
  } finally {
    db.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`awaiting-comparison: ${size.toLocaleString('en')} new photos, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const runs = { without: [] as number[], with: [] as number[], settle: [] as number[] };
for (let r = 0; r < 3; r++) {
  runs.without.push((await once(false)).reconcileMs);
  const w = await once(true);
  runs.with.push(w.reconcileMs);
  runs.settle.push(w.settleMs);
}
const [a, b, s] = [median(runs.without), median(runs.with), median(runs.settle)];
console.log(`  reconcile, no waiting rows      ${a.toFixed(0)} CPU ms`);
console.log(`  reconcile, waiting rows written ${b.toFixed(0)} CPU ms (x${(b / a).toFixed(2)})`);
console.log(`  read and let go of them all     ${s.toFixed(0)} CPU ms`);
