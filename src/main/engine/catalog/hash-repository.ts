import type { CatalogDb } from './database.js';
import { statement } from './statement-cache.js';

/** A file's perceptual hashes as the duplicate finder uses them. */
export interface PhotoHashes {
  fileId: number;
  /** the 8 rotation/mirror variants of the whole picture, [0] = as stored */
  whole: bigint[];
  /** the same for the centred 90% window */
  centre: bigint[];
  /** the same for the picture inside a letterbox or frame; none where there is none (perceptual-hash.ts contentHashes) */
  content: bigint[];
  /** structure beyond a gradient, grey levels (perceptual-hash.ts isNearUniform) */
  residualRms: number;
}

/** Data access for photo_hashes: one row per file, valid for one content hash. */
export class HashRepository {
  constructor(private readonly db: CatalogDb) {}

  /** Stores a file's hashes. */
  save(fileId: number, contentHash: string, h: Omit<PhotoHashes, 'fileId'>): void {
    statement(this.db, `INSERT INTO photo_hashes (file_id, content_hash, whole, centre, content, residual_rms) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (file_id) DO UPDATE SET content_hash = excluded.content_hash, whole = excluded.whole,
           centre = excluded.centre, content = excluded.content, residual_rms = excluded.residual_rms`)
      .run(fileId, contentHash, packHashes(h.whole), packHashes(h.centre), packHashes(h.content), h.residualRms);
  }

  /** The hashes of the file's current content, if computed. */
  of(fileId: number): PhotoHashes | undefined {
    const row = statement(this.db, `SELECT h.file_id, h.whole, h.centre, h.content, h.residual_rms FROM photo_hashes h JOIN files f ON f.id = h.file_id
         WHERE h.file_id = ? AND h.content_hash = f.content_hash`)
      .get(fileId) as HashRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Every current file's hashes (for building the in-memory hash index). */
  *all(): Generator<PhotoHashes> {
    const stmt = this.db.prepare(
      `SELECT h.file_id, h.whole, h.centre, h.content, h.residual_rms FROM photo_hashes h JOIN files f ON f.id = h.file_id
       WHERE h.content_hash = f.content_hash`,
    );
    for (const row of stmt.iterate() as Iterable<HashRow>) yield fromRow(row);
  }
}

interface HashRow {
  file_id: number;
  whole: Buffer;
  centre: Buffer;
  content: Buffer;
  residual_rms: number;
}

function fromRow(r: HashRow): PhotoHashes {
  return { fileId: r.file_id, whole: unpackHashes(r.whole), centre: unpackHashes(r.centre), content: unpackHashes(r.content), residualRms: r.residual_rms };
}

export function packHashes(hashes: readonly bigint[]): Buffer {
  const b = Buffer.alloc(hashes.length * 8);
  hashes.forEach((h, i) => b.writeBigUInt64BE(h, i * 8));
  return b;
}

export function unpackHashes(b: Buffer): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i + 8 <= b.length; i += 8) out.push(b.readBigUInt64BE(i));
  return out;
}
