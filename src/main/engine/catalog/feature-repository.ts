import type { CatalogDb } from './database.js';
import { statement } from './statement-cache.js';
import { fromBlob, inChunks, toBlob } from './sql-values.js';
import { EMBEDDING_RECIPE_VERSION } from '../embedding/recipe.js';

/**
 * Data access for the raw per-branch model features of each file. Every read sees only the rows of one embedding
 * recipe (the current one): while a library re-embeds after a recipe change, a photo not done yet has no features
 * rather than features of another kind (migration 320).
 */
export class FeatureRepository {
  constructor(
    private readonly db: CatalogDb,
    private readonly recipe: number = EMBEDDING_RECIPE_VERSION,
  ) {}

  save(fileId: number, contentHash: string, features: Record<string, Float32Array>): void {
    const stmt = this.db.prepare(
      `INSERT INTO features (file_id, branch, content_hash, dims, data, recipe) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (file_id, branch) DO UPDATE SET content_hash = excluded.content_hash, dims = excluded.dims,
         data = excluded.data, recipe = excluded.recipe`,
    );
    this.db.transaction(() => {
      for (const [branch, v] of Object.entries(features)) stmt.run(fileId, branch, contentHash, v.length, toBlob(v), this.recipe);
    })();
  }

  of(fileId: number): Record<string, Float32Array> {
    const rows = statement(this.db, `SELECT x.branch, x.data FROM features x JOIN files f ON f.id = x.file_id
       WHERE x.file_id = ? AND x.content_hash = f.content_hash AND x.recipe = ?`)
      .all(fileId, this.recipe) as { branch: string; data: Buffer }[];
    return Object.fromEntries(rows.map((r) => [r.branch, fromBlob(r.data)]));
  }

  /**
   * of() for many files in one query each 500 (grouping projects photos in batches: a query a photo costs several
   * times the row it reads).
   */
  ofMany(fileIds: readonly number[]): Record<string, Float32Array>[] {
    const byId = new Map<number, Record<string, Float32Array>>(fileIds.map((id) => [id, {}]));
    inChunks(fileIds, (ids, marks) => {
      const rows = this.db
        .prepare(`SELECT x.file_id, x.branch, x.data FROM features x JOIN files f ON f.id = x.file_id
           WHERE x.file_id IN (${marks}) AND x.content_hash = f.content_hash AND x.recipe = ?`)
        .raw()
        .all(...ids, this.recipe) as [number, string, Buffer][];
      // (a blob SQLite handed over on its own is 4-byte aligned and read where it lies: a grouping reads 8 KB a photo)
      for (const [id, branch, data] of rows) byId.get(id)![branch] = data.byteOffset % 4 === 0 ? new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4) : fromBlob(data);
    });
    return fileIds.map((id) => byId.get(id)!);
  }

  /** Streams every current file's features, file id order (for index rebuilds and whitening fits). */
  *all(): Generator<{ fileId: number; features: Record<string, Float32Array> }> {
    const stmt = this.db.prepare(
      `SELECT x.file_id, x.branch, x.data FROM features x JOIN files f ON f.id = x.file_id
       WHERE x.content_hash = f.content_hash AND x.recipe = ? ORDER BY x.file_id`,
    );
    let current: { fileId: number; features: Record<string, Float32Array> } | null = null;
    for (const row of stmt.iterate(this.recipe) as Iterable<{ file_id: number; branch: string; data: Buffer }>) {
      if (!current || current.fileId !== row.file_id) {
        if (current) yield current;
        current = { fileId: row.file_id, features: {} };
      }
      current.features[row.branch] = fromBlob(row.data);
    }
    if (current) yield current;
  }

  /** Ids of files whose features match their current content. */
  currentIds(): number[] {
    return (
      statement(this.db, `SELECT DISTINCT x.file_id AS id FROM features x JOIN files f ON f.id = x.file_id
           WHERE x.content_hash = f.content_hash AND x.recipe = ? ORDER BY x.file_id`)
        .all(this.recipe) as { id: number }[]
    ).map((r) => r.id);
  }

  /** Of these files, those whose features of their current content are all of another recipe: due to be re-embedded
   *  under this one (or left from a recipe they cannot be re-embedded under, e.g. the file went offline). */
  awaitingReembed(fileIds: readonly number[]): number[] {
    const out: number[] = [];
    inChunks(fileIds, (ids, marks) => {
      const rows = this.db
        .prepare(`SELECT x.file_id AS id FROM features x JOIN files f ON f.id = x.file_id
           WHERE x.file_id IN (${marks}) AND x.content_hash = f.content_hash
           GROUP BY x.file_id HAVING SUM(x.recipe = ?) = 0`)
        .all(...ids, this.recipe) as { id: number }[];
      for (const r of rows) out.push(r.id);
    });
    return out;
  }

  count(): number {
    return (
      statement(this.db, 'SELECT COUNT(DISTINCT x.file_id) AS n FROM features x JOIN files f ON f.id = x.file_id WHERE x.content_hash = f.content_hash AND x.recipe = ?')
        .get(this.recipe) as { n: number }
    ).n;
  }
}
