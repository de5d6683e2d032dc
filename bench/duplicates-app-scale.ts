// Grouping duplicates after an index of a large library, on the app's own path: DuplicateService over a real SQLite
// catalog (reading hashes, quality, keypoint verdicts and features, projecting the features, regrouping, writing the
// groups), not the grouping code alone (that is bench/duplicates-grouping-scale.ts, on synthetic signals).
//
// The library is a real indexed home, the groups bench's seed-1 home by default (real photos with their real copies:
// features, hashes, keypoints, copy quality and the neighbours recorded while indexing), its keypoint checks made as
// the deep pass makes them (each photo, in indexing order, against its recorded neighbours, both ways round, and
// against the copies they line up with: local-checks.ts checkPartners; --no-partners leaves those to grouping, as the
// version before did), then replicated until it holds --n photos. Each replica
// is the same photos under other ids, paths and content hashes, its perceptual hashes XORed with a mask of its own
// (distances inside a replica are kept, replicas do not match each other), its recorded neighbours and verdicts
// mapped to its own ids. Then every group is dropped and the library is grouped from scratch, as after a first index.
// Prints CPU-s and wall of that grouping, peak RSS, and whether every replica got the original's groups.
//   npx tsx bench/duplicates-app-scale.ts [--n=100000] [--home=<indexed home>] [--no-partners] [--keep]
// --keep: leaves the replicated catalog as grouping finds it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCatalogDb, type CatalogDb } from '../src/main/engine/catalog/database.js';
import { DuplicateRepository } from '../src/main/engine/catalog/duplicate-repository.js';
import { FeatureRepository } from '../src/main/engine/catalog/feature-repository.js';
import { FileRepository } from '../src/main/engine/catalog/file-repository.js';
import { HashRepository } from '../src/main/engine/catalog/hash-repository.js';
import { CopyQualityRepository } from '../src/main/engine/catalog/copy-quality-repository.js';
import { LocalCheckRepository } from '../src/main/engine/catalog/local-check-repository.js';
import { DuplicateService } from '../src/main/engine/duplicates/duplicate-service.js';
import { SettingsStore } from '../src/main/engine/settings.js';
import { SimilarityProjection } from '../src/main/engine/search/similarity-projection.js';
import { deepPassChecks } from './deep-pass-checks.js';
import { NO_EVALUATION_DATA_EXIT } from './evaluation-data.js';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const N = Number(arg('n') ?? 100_000);
const PARTNERS = !process.argv.includes('--no-partners');
const source = path.resolve(arg('home') ?? path.join(os.tmpdir(), 'loupe-dup-groups', 'seed-1', 'home'));
if (!fs.existsSync(path.join(source, 'catalog.sqlite'))) {
  console.error(`No indexed home at ${source}: this benchmark needs one made from the evaluation data (run bench/duplicates-groups.ts first, or pass --home).`);
  process.exit(NO_EVALUATION_DATA_EXIT);
}

const cpuS = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-dup-app-scale-'));
const home = path.join(work, 'home');
fs.mkdirSync(home);
fs.copyFileSync(path.join(source, 'catalog.sqlite'), path.join(home, 'catalog.sqlite'));
const db = openCatalogDb(home); // this version's migrations

function service(): DuplicateService {
  const features = new FeatureRepository(db);
  const projection = new SimilarityProjection({
    settings: new SettingsStore(db),
    indexDir: path.join(home, 'index'),
    defaultWhiteningFile: path.join(import.meta.dirname, '..', 'resources', 'models', 'whitening-default.bin'),
    log: () => {},
  });
  return new DuplicateService({
    repo: new DuplicateRepository(db),
    files: new FileRepository(db),
    hashes: new HashRepository(db),
    quality: new CopyQualityRepository(db),
    checks: new LocalCheckRepository(db),
    settings: new SettingsStore(db),
    embeddingOf: (id) => projection.projectForDuplicates(features.of(id)),
    embeddingsOf: (ids) => projection.projectManyForDuplicates(features.ofMany(ids)),
    // every photo of the home has its neighbours recorded: a search here would be a bug of the bench
    neighbourIds: () => Promise.reject(new Error('no neighbour search expected: the home records every photo\'s neighbours')),
  });
}

const dropGroups = (d: CatalogDb): void => {
  d.exec("DELETE FROM dup_members; DELETE FROM dup_groups; DELETE FROM dup_placed; DELETE FROM settings WHERE key LIKE 'duplicates.%'");
};
const groupsOf = (d: CatalogDb): string[] =>
  (d.prepare("SELECT g.representative_id AS rep, group_concat(m.file_id) AS members FROM dup_groups g JOIN dup_members m ON m.group_id = g.id WHERE g.kind = 'duplicate' GROUP BY g.id").all() as { rep: number; members: string }[])
    .map((g) => [g.rep, ...g.members.split(',').map(Number).sort((a, b) => a - b)].join(' '));

// 1. the original: its groups, and the keypoint verdicts the deep pass stores (bench/deep-pass-checks.ts), none made by
// grouping
deepPassChecks(db, { partners: PARTNERS });
dropGroups(db);
await service().update();
const original = db.prepare('SELECT count(*) AS n, max(id) AS top FROM files').get() as { n: number; top: number };
const originalGroups = groupsOf(db).length;
const spent = deepPassChecks(db, { partners: PARTNERS }); // without the verdicts that grouping added
const verdicts = (db.prepare('SELECT count(*) AS n FROM dup_local_checks').get() as { n: number }).n;
console.log(`source ${source}: ${original.n} photos, ${originalGroups} duplicate groups, ${verdicts} pairs' keypoint checks as the deep pass stores them`);
const perPhoto = (s: number): string => ((1000 * s) / original.n).toFixed(1);
console.log(`deep pass, in indexing order: CPU a photo ${perPhoto(spent.neighbours)} ms against its neighbours, ${perPhoto(spent.partners)} ms against their partners (local-checks.ts checkPartners); load ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);

// 2. replicas until N photos
const replicas = Math.ceil(N / original.n);
const stride = original.top + 1;
const t0 = Date.now();
const xorHashes = (b: Buffer, mask: Buffer): Buffer => {
  const out = Buffer.from(b);
  for (let i = 0; i < out.length; i++) out[i] ^= mask[i % 8];
  return out;
};
db.function('xor_hashes', (blob: Buffer, r: number) => xorHashes(blob, Buffer.from(new BigUint64Array([BigInt.asUintN(64, BigInt(r) * 0x9e3779b97f4a7c15n)]).buffer)));
for (let r = 1; r < replicas; r++) {
  const off = r * stride;
  db.transaction(() => {
    db.prepare(`INSERT INTO files SELECT id + @off, folder_id, path || '#' || @r, size, mtime_ms, content_hash || '-' || @r, format, format_label, width, height,
      orientation, taken_at, taken_at_source, camera_make, camera_model, lens, gps_lat, gps_lon, gps_alt, state, added_at, updated_at, favourite, rating,
      color_label, user_rotation FROM files WHERE id < @stride`).run({ off, r, stride });
    db.prepare("INSERT INTO features SELECT file_id + @off, branch, content_hash || '-' || @r, dims, data, recipe FROM features WHERE file_id < @stride").run({ off, r, stride });
    db.prepare("INSERT INTO photo_hashes SELECT file_id + @off, content_hash || '-' || @r, xor_hashes(whole, @r), xor_hashes(centre, @r), residual_rms FROM photo_hashes WHERE file_id < @stride").run({ off, r, stride });
    db.prepare("INSERT INTO photo_keypoints SELECT file_id + @off, content_hash || '-' || @r, data FROM photo_keypoints WHERE file_id < @stride").run({ off, r, stride });
    const qualityColumns = (db.prepare('SELECT name FROM pragma_table_info(\'photo_quality\')').all() as { name: string }[]).map((c) => c.name);
    const q = qualityColumns.map((c) => (c === 'file_id' ? 'file_id + @off' : c === 'content_hash' ? "content_hash || '-' || @r" : c)).join(', ');
    db.prepare(`INSERT INTO photo_quality (${qualityColumns.join(', ')}) SELECT ${q} FROM photo_quality WHERE file_id < @stride`).run({ off, r, stride });
    db.prepare('INSERT INTO dup_candidates SELECT file_id + @off, other_id + @off FROM dup_candidates WHERE file_id < @stride').run({ off, stride });
    db.prepare('INSERT INTO dup_local_checks SELECT lo + @off, hi + @off, lo_hi, hi_lo, lo_hi_match, hi_lo_match FROM dup_local_checks WHERE hi < @stride').run({ off, stride });
    db.prepare("INSERT INTO file_stages SELECT file_id + @off, stage, content_hash || '-' || @r, version, done_at FROM file_stages WHERE file_id < @stride").run({ off, r, stride });
  })();
}
const total = (db.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n;
console.log(`replicated to ${total} photos (${replicas} replicas) in ${((Date.now() - t0) / 1000).toFixed(0)} s; catalog ${(fs.statSync(path.join(home, 'catalog.sqlite')).size / 2 ** 30).toFixed(2)} GiB`);

// 3. from scratch, as after a first index: timed
dropGroups(db);
if (process.argv.includes('--keep')) {
  // the replicated catalog as grouping finds it, for timing or profiling grouping again without replicating
  db.pragma('wal_checkpoint(TRUNCATE)');
  fs.copyFileSync(path.join(home, 'catalog.sqlite'), path.join(work, 'replicated.sqlite'));
}
const checksBefore = (db.prepare('SELECT count(*) AS n FROM dup_local_checks').get() as { n: number }).n;
peakRss = 0;
const load = os.loadavg().map((v) => v.toFixed(1)).join(' ');
const cpu0 = cpuS();
const wall0 = performance.now();
const { placed } = await service().update();
const cpu = cpuS() - cpu0;
const wall = (performance.now() - wall0) / 1000;
const groups = groupsOf(db).length;
const checkedNow = (db.prepare('SELECT count(*) AS n FROM dup_local_checks').get() as { n: number }).n - checksBefore;
console.log(`grouping ${placed} photos from scratch: ${cpu.toFixed(1)} CPU-s, ${wall.toFixed(1)} s wall (load ${load} before), peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB; ${checkedNow} pairs' keypoint checks stored anew by grouping`);
console.log(`duplicate groups ${groups} = ${replicas} x ${originalGroups}: ${groups === replicas * originalGroups ? 'yes' : 'NO'}`);
clearInterval(rssTimer);
db.close();
if (process.argv.includes('--keep')) console.log(`kept ${path.join(work, 'replicated.sqlite')}`);
else fs.rmSync(work, { recursive: true, force: true });
