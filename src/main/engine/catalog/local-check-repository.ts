import type { LocalCheckStore, LocalVerdict, OneWayCheck, PairCheck, PartnerSource } from '../duplicates/local-checks.js';
import { unpackLocalFeatures, type LocalFeatures, type LocalMatch } from '../duplicates/local-features.js';
import { compareKeys, placementKey, type PlacementKey } from '../duplicates/placement-order.js';
import { CopyQualityRepository } from './copy-quality-repository.js';
import type { CatalogDb } from './database.js';
import { DuplicateRepository } from './duplicate-repository.js';
import { forEachIntRow } from './int-rows.js';
import { statement } from './statement-cache.js';

interface CheckRow {
  lo: number;
  hi: number;
  lo_hi: number | null;
  hi_lo: number | null;
  lo_hi_match: Buffer | null;
  hi_lo_match: Buffer | null;
}

/** A match in 56 bytes: the four counts (uint16) and the scale, rotation and transform as stored doubles (exact). */
export function packMatch(m: LocalMatch): Buffer {
  const b = Buffer.alloc(56);
  [m.inliers, m.matches, m.tight, m.overlap].forEach((n, i) => b.writeUInt16LE(Math.min(0xffff, n), 2 * i));
  [m.scale, m.rotationDeg, ...m.transform].forEach((x, i) => b.writeDoubleLE(x, 8 + 8 * i));
  return b;
}

export function unpackMatch(b: Buffer): LocalMatch {
  const d = (i: number): number => b.readDoubleLE(8 + 8 * i);
  return { inliers: b.readUInt16LE(0), matches: b.readUInt16LE(2), tight: b.readUInt16LE(4), overlap: b.readUInt16LE(6), scale: d(0), rotationDeg: d(1), transform: [d(2), d(3), d(4), d(5)] };
}

const encode = (v: LocalVerdict): [number, Buffer | null] => (v ? [1, packMatch(v)] : [0, null]);
const decode = (flag: number | null, match: Buffer | null): LocalVerdict | undefined =>
  flag === null ? undefined : flag === 1 && match ? unpackMatch(match) : null;

/** Photos whose checks are kept in memory once read (grouping places one photo at a time, against ~10 others). */
const CACHED_PHOTOS = 1000;
/** Pair keys lo * KEY + hi are exact doubles while ids stay below it (2^26: 67 million photos). */
const KEY = 2 ** 26;

/**
 * Every stored check, read in one pass (readAll), as compact as a grouping of the whole library needs it: per pair
 * its row, per row each way round as NOT_MADE, NOT_ALIGNED or ALIGNED, the match itself read when asked for (most
 * pairs asked for do not line up).
 */
interface AllChecks {
  /** per row its pair's key, lo * KEY + hi, ascending (the table's own order): a row is found by bisection */
  keys: Float64Array;
  /** per row: the state of lo's keypoints against hi's in the low 2 bits, of hi's against lo's in the next 2 */
  states: Uint8Array;
  count: number;
}
const NOT_MADE = 0;
const NOT_ALIGNED = 1;
const ALIGNED = 2;
/** A way round's state in SQL, from its flag (null not made, 0 not aligned, 1 aligned). */
const STATE_SQL = (col: string): string => `(CASE ${col} WHEN 1 THEN ${ALIGNED} WHEN 0 THEN ${NOT_ALIGNED} ELSE ${NOT_MADE} END)`;
/** Photos (by lo) whose checks readAll reads in one string. */
const READ_SPAN = 4096;

/**
 * Data access for dup_local_checks: the keypoint check of pairs of photos, each way round (duplicates/local-checks.ts).
 * A photo's checks are read in one go, the first time one of them is asked for.
 */
export class LocalCheckRepository implements LocalCheckStore, PartnerSource {
  /** per photo: other photo -> [its keypoints against the other's, the other's against its] */
  private readonly cache = new Map<number, Map<number, [LocalVerdict | undefined, LocalVerdict | undefined]>>();
  /** counts replaceChecks calls; per photo, the count at its last one (a check made before is of old keypoints) */
  private replacements = 0;
  private readonly replacedAt = new Map<number, number>();
  /** every check, while a grouping of much of the library reads them (readAll until clearCache) */
  private everything: AllChecks | null = null;
  /** where grouping places photos (before), read once a photo until one is found again (replaceChecks) */
  private readonly placement = new Map<number, PlacementKey | null>();
  private readonly files: DuplicateRepository;
  private readonly quality: CopyQualityRepository;

  constructor(private readonly db: CatalogDb) {
    this.files = new DuplicateRepository(db);
    this.quality = new CopyQualityRepository(db);
  }

  /** The current keypoints of the photos recorded as near `fileId` by embedding, either way round. */
  neighbourKeypoints(fileId: number): { id: number; features: LocalFeatures }[] {
    const rows = statement(this.db, `SELECT k.file_id AS id, k.data FROM photo_keypoints k JOIN files f ON f.id = k.file_id AND f.content_hash = k.content_hash
         WHERE k.file_id IN (SELECT other_id FROM dup_candidates WHERE file_id = ? UNION SELECT file_id FROM dup_candidates WHERE other_id = ?)
           AND k.file_id <> ?`)
      .all(fileId, fileId, fileId) as { id: number; data: Buffer }[];
    return rows.map((r) => ({ id: r.id, features: unpackLocalFeatures(r.data) }));
  }

  /** Replaces every check of `fileId` (its keypoints were found again) with `checks`. */
  replaceChecks(fileId: number, checks: readonly PairCheck[]): void {
    this.db.transaction(() => {
      statement(this.db, 'DELETE FROM dup_local_checks WHERE lo = ? OR hi = ?').run(fileId, fileId);
      const insert = this.db.prepare('INSERT INTO dup_local_checks (lo, hi, lo_hi, lo_hi_match, hi_lo, hi_lo_match) VALUES (?, ?, ?, ?, ?, ?)');
      for (const c of checks) {
        const [lo, hi, loHi, hiLo] = fileId < c.otherId ? [fileId, c.otherId, c.toOther, c.fromOther] : [c.otherId, fileId, c.fromOther, c.toOther];
        insert.run(lo, hi, ...encode(loHi), ...encode(hiLo));
      }
    })();
    this.replacedAt.set(fileId, ++this.replacements);
    this.cache.clear(); // every photo read with a check of this one holds it
    this.everything = null;
    this.placement.clear();
  }

  /** The photos recorded as near `fileId` by embedding, either way round. */
  neighbourIds(fileId: number): number[] {
    return this.files.neighboursOf(fileId) ?? [];
  }

  /** The photos whose stored check with `fileId` lines up, either way round. */
  alignedWith(fileId: number): number[] {
    const rows = statement(this.db, `SELECT hi AS id FROM dup_local_checks WHERE lo = ? AND (lo_hi = 1 OR hi_lo = 1)
         UNION SELECT lo FROM dup_local_checks WHERE hi = ? AND (lo_hi = 1 OR hi_lo = 1)`)
      .all(fileId, fileId) as { id: number }[];
    return rows.map((r) => r.id);
  }

  /** Whether the check of a's keypoints against b's is stored. */
  checked(a: number, b: number): boolean {
    const r = statement(this.db, 'SELECT lo_hi, hi_lo FROM dup_local_checks WHERE lo = ? AND hi = ?').get(Math.min(a, b), Math.max(a, b)) as
      | { lo_hi: number | null; hi_lo: number | null }
      | undefined;
    const flag = a < b ? r?.lo_hi : r?.hi_lo;
    return flag !== undefined && flag !== null;
  }

  /** A photo's current keypoints. */
  keypointsOf(fileId: number): LocalFeatures | undefined {
    return this.quality.keypointsOf(fileId);
  }

  /** Whether grouping places a before b (duplicate-service.ts; false where either has left the catalog). */
  before(a: number, b: number): boolean {
    const ka = this.placementOf(a);
    const kb = this.placementOf(b);
    return ka !== null && kb !== null && compareKeys(ka, kb) < 0;
  }

  private placementOf(fileId: number): PlacementKey | null {
    let key = this.placement.get(fileId);
    if (key === undefined) {
      const row = this.files.file(fileId);
      this.placement.set(fileId, (key = row ? placementKey({ row, quality: this.quality.of(fileId) }) : null));
    }
    return key;
  }

  /** Stores checks made beside a photo's own (duplicates/local-checks.ts checkPartners), each one way round. */
  addChecks(checks: readonly OneWayCheck[]): void {
    if (!checks.length) return;
    this.db.transaction(() => {
      for (const c of checks) this.upsert(c.a, c.b, c.verdict);
    })();
    this.cache.clear();
    this.everything = null;
  }

  /** A mark to pass to save(): checks made after it are of the keypoints stored then. */
  mark(): number {
    return this.replacements;
  }

  /**
   * Stores the check of a's keypoints against b's (made by grouping, for a pair not checked before), unless the
   * keypoints of either were found again since `mark` (the check was of the old ones).
   */
  save(a: number, b: number, v: LocalVerdict, mark: number): void {
    if ((this.replacedAt.get(a) ?? 0) > mark || (this.replacedAt.get(b) ?? 0) > mark) return;
    this.upsert(a, b, v);
    this.forget(a);
    this.forget(b);
    this.everything = null;
  }

  /** Stores the check of a's keypoints against b's, beside the pair's other way round. */
  private upsert(a: number, b: number, v: LocalVerdict): void {
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const [flag, match] = encode(v);
    const col = a < b ? 'lo_hi' : 'hi_lo';
    statement(this.db, `INSERT INTO dup_local_checks (lo, hi, ${col}, ${col}_match) VALUES (?, ?, ?, ?) ON CONFLICT (lo, hi) DO UPDATE SET ${col} = excluded.${col}, ${col}_match = excluded.${col}_match`)
      .run(lo, hi, flag, match);
  }

  verdict(a: number, b: number): LocalVerdict | undefined {
    if (this.everything) return this.fromEverything(this.everything, a, b);
    return this.checksOf(a).get(b)?.[0];
  }

  /**
   * Reads every stored check in one pass, for verdict() until clearCache(): a grouping of much of the library asks
   * for most of them, and a read a photo at a time costs several times more. False (nothing read) where photo ids are
   * too large to key the pairs by.
   */
  readAll(): boolean {
    const top = (statement(this.db, 'SELECT COALESCE(MAX(hi), 0) AS n FROM dup_local_checks').get() as { n: number }).n;
    if (top >= KEY) return false;
    const count = (statement(this.db, 'SELECT COUNT(*) AS n FROM dup_local_checks').get() as { n: number }).n;
    const all: AllChecks = { keys: new Float64Array(count), states: new Uint8Array(count), count: 0 };
    let i = 0;
    let sorted = true;
    // A million rows at 100,000 photos: read READ_SPAN photos (by lo) at a time as one string (int-rows.ts), each row
    // "lo,hi,states", the states as ALIGNED, NOT_ALIGNED and NOT_MADE, lo's way round in the low 2 bits.
    const span = statement(this.db, `SELECT group_concat(lo || ',' || hi || ',' || (${STATE_SQL('lo_hi')} | (${STATE_SQL('hi_lo')} << 2)), ';' ORDER BY lo, hi) AS s
        FROM dup_local_checks WHERE lo >= ? AND lo < ?`);
    const topLo = (statement(this.db, 'SELECT COALESCE(MAX(lo), -1) AS n FROM dup_local_checks').get() as { n: number }).n;
    forEachIntRow(span, topLo, READ_SPAN, 3, ([lo, hi, states]) => {
      if (i === count) return false; // (rows added since the count: a check made beside this read, asked for by the photo)
      all.keys[i] = lo * KEY + hi;
      if (i > 0 && all.keys[i] <= all.keys[i - 1]) sorted = false;
      all.states[i++] = states;
    });
    all.count = i;
    if (!sorted) return false; // (never: the table is read in its key order)
    this.everything = all;
    return true;
  }

  /** Drops what was read (call when a grouping ends: other processes may have checked pairs since). */
  clearCache(): void {
    this.cache.clear();
    this.everything = null;
  }

  private fromEverything(all: AllChecks, a: number, b: number): LocalVerdict | undefined {
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const key = lo * KEY + hi;
    let l = 0;
    let h = all.count;
    while (l < h) {
      const mid = (l + h) >>> 1;
      if (all.keys[mid] < key) l = mid + 1;
      else h = mid;
    }
    if (l === all.count || all.keys[l] !== key) return undefined;
    const row = l;
    const state = (all.states[row] >> (a < b ? 0 : 2)) & 3;
    if (state !== ALIGNED) return state === NOT_ALIGNED ? null : undefined;
    const col = a < b ? 'lo_hi_match' : 'hi_lo_match';
    const m = statement(this.db, `SELECT ${col} AS m FROM dup_local_checks WHERE lo = ? AND hi = ?`).get(lo, hi) as { m: Buffer | null } | undefined;
    return m?.m ? unpackMatch(m.m) : null;
  }

  private forget(fileId: number): void {
    this.cache.delete(fileId);
  }

  private checksOf(fileId: number): Map<number, [LocalVerdict | undefined, LocalVerdict | undefined]> {
    let m = this.cache.get(fileId);
    if (m) return m;
    m = new Map();
    if (this.cache.size >= CACHED_PHOTOS) this.cache.delete(this.cache.keys().next().value!);
    const rows = statement(this.db, 'SELECT * FROM dup_local_checks WHERE lo = ? UNION ALL SELECT * FROM dup_local_checks WHERE hi = ?').all(fileId, fileId) as CheckRow[];
    for (const r of rows) {
      const mine = r.lo === fileId;
      const loHi = decode(r.lo_hi, r.lo_hi_match);
      const hiLo = decode(r.hi_lo, r.hi_lo_match);
      m.set(mine ? r.hi : r.lo, mine ? [loHi, hiLo] : [hiLo, loHi]);
    }
    this.cache.set(fileId, m);
    return m;
  }
}
