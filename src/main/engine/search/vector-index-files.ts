import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Bumped whenever the on-disk layout or the meaning of the meta changes; older files are rebuilt. */
export const VECTOR_INDEX_FORMAT = 1;

export interface VectorIndexMeta {
  format: number;
  /** hnswlib space the file was built in; ours is always inner product on unit vectors. */
  space: 'ip';
  dim: number;
  /** live vectors (excludes slots marked deleted) */
  count: number;
  generation: number;
  params: { M: number; efConstruction: number; efSearch: number };
  /** size and CRC-32 of the index file: hnswlib trusts the bytes it reads (a flipped neighbour id
   * is an out-of-bounds read at search time), so nothing reaches it without matching these. */
  bytes: number;
  crc32: number;
  savedAt: string;
}

export interface VectorIndexPaths {
  index: string;
  meta: string;
}

export function vectorIndexPaths(dir: string, name: string): VectorIndexPaths {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`Vector index name must be a plain file name, got "${name}"`);
  return { index: path.join(dir, `${name}.hnsw`), meta: path.join(dir, `${name}.meta.json`) };
}

/** A unique sibling path for a write-then-rename: same directory so rename stays atomic. */
export function tmpPathFor(file: string): string {
  return `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
}

/** CRC-32 of a whole file, streamed in chunks (index files reach gigabytes at 1M photos). */
export function fileCrc32(file: string): { bytes: number; crc32: number } {
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(8 << 20);
    let crc = 0;
    let bytes = 0;
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      crc = zlib.crc32(n === chunk.length ? chunk : chunk.subarray(0, n), crc);
      bytes += n;
    }
    return { bytes, crc32: crc };
  } finally {
    fs.closeSync(fd);
  }
}

export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes JSON to a temp file, fsyncs it and renames it over `file`. */
export function writeJsonAtomic(file: string, value: unknown): void {
  const tmp = tmpPathFor(file);
  try {
    fs.writeFileSync(tmp, JSON.stringify(value));
    fsyncFile(tmp);
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/** The saved meta, or a reason why there is no usable one (read as "why we rebuild"). */
export function readMeta(file: string): VectorIndexMeta | string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no saved index' : `meta unreadable (${(error as Error).message})`;
  }
  let meta: unknown;
  try {
    meta = JSON.parse(text);
  } catch {
    return 'meta is not valid JSON';
  }
  return isMeta(meta) ? meta : 'meta has an unexpected shape';
}

function isMeta(value: unknown): value is VectorIndexMeta {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  const params = m.params as Record<string, unknown> | undefined;
  const ints = [m.format, m.dim, m.count, m.generation, m.bytes, m.crc32, params?.M, params?.efConstruction, params?.efSearch];
  return (
    m.space === 'ip' &&
    ints.every((n) => Number.isSafeInteger(n)) &&
    typeof m.savedAt === 'string'
  );
}
