import type { CopyQuality } from '../duplicates/copy-quality.js';
import { lazyLocalFeatures, packLocalFeatures, unpackLocalFeatures, unpackLocalSummary, type LocalFeatures, type LocalSummary } from '../duplicates/local-features.js';
import type { CatalogDb } from './database.js';
import { statement } from './statement-cache.js';
import { LruMap } from '../util/lru-map.js';

interface QualityRow {
  file_id: number;
  padding_share: number;
  sharpness: number;
  noise: number;
  chroma: number;
  hue_spread: number;
  jpeg_quality: number | null;
  textured_share: number;
}

/** Records read in full kept by allKeypointsLazily's features (7-8 KB each, and as much again for their lookups). */
const FULL_RECORDS_KEPT = 5000;

/** Data access for photo_quality (one row per file, valid for one content hash) and the keepers users chose. */
export class CopyQualityRepository {
  constructor(private readonly db: CatalogDb) {}

  save(fileId: number, contentHash: string, q: CopyQuality): void {
    statement(this.db, `INSERT OR REPLACE INTO photo_quality (file_id, content_hash, padding_share, sharpness, noise, chroma, hue_spread, jpeg_quality, textured_share)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(fileId, contentHash, q.paddingShare, q.sharpness, q.noise, q.chroma, q.hueSpread, q.jpegQuality, q.texturedShare);
  }

  /** The quality of the file's current content, if measured. */
  of(fileId: number): CopyQuality | undefined {
    const r = statement(this.db, `SELECT q.* FROM photo_quality q JOIN files f ON f.id = q.file_id WHERE q.file_id = ? AND q.content_hash = f.content_hash`)
      .get(fileId) as QualityRow | undefined;
    return r ? fromRow(r) : undefined;
  }

  /** Every file's quality (of its current content), in one pass: for a grouping of much of the library. */
  all(): Map<number, CopyQuality> {
    const out = new Map<number, CopyQuality>();
    const rows = this.db.prepare('SELECT q.* FROM photo_quality q JOIN files f ON f.id = q.file_id WHERE q.content_hash = f.content_hash').iterate() as Iterable<QualityRow>;
    for (const r of rows) out.set(r.file_id, fromRow(r));
    return out;
  }

  /**
   * Every file's local features (of its current content) in one pass, without their keypoints, which are read when
   * first used (lazyLocalFeatures): most pairs a grouping compares need only the thumbnail and the keypoint count.
   */
  allKeypointsLazily(): Map<number, LocalFeatures> {
    const out = new Map<number, LocalFeatures>();
    // the records read in full, the latest few kept, the least recently used going first (a representative is checked
    // against photo after photo, and stays)
    const full = new LruMap<number, LocalFeatures>(FULL_RECORDS_KEPT);
    const read = (id: number, summary: LocalSummary): LocalFeatures => {
      let f = full.get(id);
      if (f) return f;
      f = this.keypointsOf(id) ?? { ...summary, xy: new Uint16Array(0), descriptors: new Uint8Array(0) };
      delete f.count;
      full.set(id, f);
      return f;
    };
    const rows = this.db.prepare('SELECT k.file_id, k.data FROM photo_keypoints k JOIN files f ON f.id = k.file_id WHERE k.content_hash = f.content_hash')
      .iterate() as Iterable<{ file_id: number; data: Buffer }>;
    for (const r of rows) {
      const id = r.file_id;
      const summary = unpackLocalSummary(r.data);
      // (read in the transaction the summary was read in, the same record; none had it gone)
      out.set(id, lazyLocalFeatures(summary, () => read(id, summary)));
    }
    return out;
  }

  /** Stores a file's local features. */
  saveKeypoints(fileId: number, contentHash: string, f: LocalFeatures): void {
    statement(this.db, 'INSERT OR REPLACE INTO photo_keypoints (file_id, content_hash, data) VALUES (?, ?, ?)').run(fileId, contentHash, packLocalFeatures(f));
  }

  /** The local features of the file's current content, if found. */
  keypointsOf(fileId: number): LocalFeatures | undefined {
    const r = statement(this.db, 'SELECT k.data FROM photo_keypoints k JOIN files f ON f.id = k.file_id WHERE k.file_id = ? AND k.content_hash = f.content_hash')
      .get(fileId) as { data: Buffer } | undefined;
    return r ? unpackLocalFeatures(r.data) : undefined;
  }

  /** Records that the user keeps this file (of whatever group it is in); the other members' choices are dropped. */
  chooseKeeper(fileId: number, groupMemberIds: readonly number[]): void {
    this.db.transaction(() => {
      const drop = this.db.prepare('DELETE FROM dup_keep_choice WHERE file_id = ?');
      for (const id of groupMemberIds) drop.run(id);
      statement(this.db, 'INSERT OR REPLACE INTO dup_keep_choice (file_id, chosen_at) VALUES (?, ?)').run(fileId, Date.now());
    })();
  }

  /** When the user chose which of `ids` to keep: the latest choice among them, if any. */
  chosenAmong(ids: readonly number[]): number | undefined {
    if (!ids.length) return undefined;
    const row = this.db
      .prepare(`SELECT file_id FROM dup_keep_choice WHERE file_id IN (${ids.map(() => '?').join(',')}) ORDER BY chosen_at DESC, file_id LIMIT 1`)
      .get(...ids) as { file_id: number } | undefined;
    return row?.file_id;
  }
}

function fromRow(r: QualityRow): CopyQuality {
  return { paddingShare: r.padding_share, sharpness: r.sharpness, noise: r.noise, chroma: r.chroma, hueSpread: r.hue_spread, jpegQuality: r.jpeg_quality, texturedShare: r.textured_share };
}
