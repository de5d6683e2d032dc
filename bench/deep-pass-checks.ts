// The keypoint checks the deep pass stores (pipeline/copy-quality-stage.ts), made on an indexed home's catalog as the
// stage makes them: each photo in the order photos were indexed, against its recorded neighbours found before it
// (local-checks.ts checkNeighbours, both ways round), then against the copies those line up with (checkPartners),
// each seeing only the photos whose keypoints were found before it. For the benches that group or measure a home.
import type { CatalogDb } from '../src/main/engine/catalog/database.js';
import { CopyQualityRepository } from '../src/main/engine/catalog/copy-quality-repository.js';
import { LocalCheckRepository } from '../src/main/engine/catalog/local-check-repository.js';
import { checkNeighbours, checkPartners, type PartnerSource } from '../src/main/engine/duplicates/local-checks.js';

const cpuS = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * Empties dup_local_checks and makes the deep pass's checks again; `partners: false` leaves the partners' to grouping
 * (the version before checkPartners). Returns the CPU seconds spent on each kind.
 */
export function deepPassChecks(db: CatalogDb, options: { partners: boolean }): { neighbours: number; partners: number } {
  db.exec('DELETE FROM dup_local_checks');
  const quality = new CopyQualityRepository(db);
  const checks = new LocalCheckRepository(db);
  const found = new Set<number>();
  const source: PartnerSource = {
    neighbourIds: (id) => checks.neighbourIds(id).filter((n) => found.has(n)),
    alignedWith: (id) => checks.alignedWith(id),
    checked: (a, b) => checks.checked(a, b),
    keypointsOf: (id) => (found.has(id) ? checks.keypointsOf(id) : undefined),
    before: (a, b) => checks.before(a, b),
  };
  const spent = { neighbours: 0, partners: 0 };
  for (const { id } of db.prepare('SELECT id FROM files ORDER BY id').all() as { id: number }[]) {
    const own = quality.keypointsOf(id);
    if (!own) continue;
    found.add(id);
    const c0 = cpuS();
    const made = checkNeighbours(own, checks.neighbourKeypoints(id).filter((n) => found.has(n.id)));
    checks.replaceChecks(id, made);
    const c1 = cpuS();
    if (options.partners) checks.addChecks(checkPartners(id, own, source, made));
    spent.neighbours += c1 - c0;
    spent.partners += cpuS() - c1;
  }
  return spent;
}
