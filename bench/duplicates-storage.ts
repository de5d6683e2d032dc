// Bytes a photo the duplicate finder's local features take in the catalog: each photo's keypoint record
// (photo_keypoints) and the keypoint checks of pairs of photos (dup_local_checks with its index), on real indexed homes:
// the groups bench's seed-1 home (918 photos, half of them copies of 25 pictures) and the base library it was built on
// (493 photos, few copies). Issue #9's budget: 8 KB a photo on average.
//
// Each home is copied, brought to this version's schema, its checks made as the deep pass makes them (each photo
// against its recorded neighbours, both ways round, and their partners: bench/deep-pass-checks.ts) and vacuumed; measured as the home stores its records (by the
// version that indexed it) and again with every record written as this version writes it (the same keypoints,
// read back identical: checked here). Two measures: the records' own bytes, and the pages the tables take (SQLite
// stores a record of 7-8 KB in a 4 KB leaf page and an overflow page: about 2 pages whatever its size in that range).
//   npx tsx bench/duplicates-storage.ts [--homes=<home>,<home>]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCatalogDb, type CatalogDb } from '../src/main/engine/catalog/database.js';
import { packLocalFeatures, unpackLocalFeatures } from '../src/main/engine/duplicates/local-features.js';
import { deepPassChecks } from './deep-pass-checks.js';
import { NO_EVALUATION_DATA_EXIT } from './evaluation-data.js';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const groups = path.join(os.tmpdir(), 'loupe-dup-groups');
const homes = (arg('homes')?.split(',') ?? [path.join(groups, 'seed-1', 'home'), path.join(groups, 'base-d300-f1', 'home')]).map((h) => path.resolve(h));
for (const home of homes) {
  if (!fs.existsSync(path.join(home, 'catalog.sqlite'))) {
    console.error(`No indexed home at ${home}: this benchmark needs homes made from the evaluation data (run bench/duplicates-groups.ts first, or pass --homes).`);
    process.exit(NO_EVALUATION_DATA_EXIT);
  }
}

const kb = (bytes: number, photos: number): string => (bytes / photos / 1024).toFixed(3);
const pagesOf = (db: CatalogDb, ...tables: string[]): number =>
  (db.prepare(`SELECT COALESCE(SUM(pgsize), 0) AS b FROM dbstat WHERE name IN (${tables.map(() => '?').join(',')})`).get(...tables) as { b: number }).b;

function measure(db: CatalogDb, label: string): void {
  const photos = (db.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number }).n;
  const record = (db.prepare('SELECT COALESCE(SUM(length(data)), 0) AS b FROM photo_keypoints').get() as { b: number }).b;
  const checks = db.prepare('SELECT COUNT(*) AS pairs, COALESCE(SUM(lo_hi = 1), 0) + COALESCE(SUM(hi_lo = 1), 0) AS aligned FROM dup_local_checks').get() as { pairs: number; aligned: number };
  const keypointPages = pagesOf(db, 'photo_keypoints');
  const checkPages = pagesOf(db, 'dup_local_checks', 'dup_local_checks_hi');
  console.log(
    `  ${label}: keypoint record ${kb(record, photos)} KiB a photo (pages ${kb(keypointPages, photos)}); checks ${checks.pairs} pairs, ` +
      `${checks.aligned} ways round that line up: pages ${kb(checkPages, photos)} KiB a photo; ` +
      `together ${kb(record + checkPages, photos)} KiB a photo (records + check pages), ${kb(keypointPages + checkPages, photos)} KiB in pages`,
  );
}

for (const source of homes) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-dup-storage-'));
  fs.copyFileSync(path.join(source, 'catalog.sqlite'), path.join(work, 'catalog.sqlite'));
  const db = openCatalogDb(work);
  const photos = (db.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number }).n;
  console.log(`${source}: ${photos} photos`);
  // the checks the deep pass stores (bench/deep-pass-checks.ts): without the partners' first (the version before), then with
  deepPassChecks(db, { partners: false });
  db.exec('VACUUM');
  measure(db, 'as the home stores them, checks with neighbours only');
  deepPassChecks(db, { partners: true });
  db.exec('VACUUM');
  measure(db, 'as the home stores them, checks with neighbours and partners');
  // every record as this version writes it, read back identical
  let differ = 0;
  const update = db.prepare('UPDATE photo_keypoints SET data = ? WHERE file_id = ?');
  db.transaction(() => {
    for (const r of db.prepare('SELECT file_id, data FROM photo_keypoints').all() as { file_id: number; data: Buffer }[]) {
      const f = unpackLocalFeatures(r.data);
      const packed = packLocalFeatures(f);
      const back = unpackLocalFeatures(packed);
      if (JSON.stringify([[...back.xy], [...back.descriptors], back.thumb && [...back.thumb.g]]) !== JSON.stringify([[...f.xy], [...f.descriptors], f.thumb && [...f.thumb.g]])) differ++;
      update.run(packed, r.file_id);
    }
  })();
  db.exec('VACUUM');
  measure(db, `as this version writes them (records read back different: ${differ})`);
  db.close();
  fs.rmSync(work, { recursive: true, force: true });
}
