import fs from 'node:fs';
import zlib from 'node:zlib';

/**
 * Reads an hnswlib index file in one streamed pass: its size and CRC-32 (checked against the meta
 * before hnswlib may touch the bytes), the live and deleted labels, and optionally the vectors.
 *
 * Why parse hnswlib's file ourselves: refilling the exact matrix through the binding's getPoint
 * costs ~140 us per vector (it builds a JS array element by element), i.e. ~14 s for 100k photos at
 * every start; the file is being read for the checksum anyway, so the vectors come along for free.
 * Layout (hnswlib 0.8 saveIndex, little-endian): a 96-byte header, then cur_element_count fixed-size
 * level-0 records [uint32 link-list header (byte 2 bit 0 = deleted), maxM0 uint32 links, dim
 * float32, uint64 label], then the upper-level link lists (only checksummed here).
 */
export interface ScannedIndex {
  bytes: number;
  crc32: number;
  live: number[];
  deleted: number[];
  /** rows aligned with `live` (row i is the vector of live[i]), capacity for every slot; null unless requested */
  vectors: Float32Array | null;
}

const HEADER_BYTES = 96;
const DELETE_MARK = 0x01;
const CHUNK_BYTES = 8 << 20;

export function scanIndexFile(file: string, dim: number, withVectors: boolean): ScannedIndex {
  const fd = fs.openSync(file, 'r');
  try {
    const fileBytes = fs.fstatSync(fd).size;
    const header = Buffer.alloc(HEADER_BYTES);
    if (fs.readSync(fd, header, 0, HEADER_BYTES, 0) !== HEADER_BYTES) throw new Error('shorter than the header');
    const u64 = (at: number): number => {
      const value = header.readBigUInt64LE(at);
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('unexpected layout (header field out of range)');
      return Number(value);
    };
    const offsetLevel0 = u64(0);
    const count = u64(16);
    const recordBytes = u64(24);
    const labelOffset = u64(32);
    const dataOffset = u64(40);
    if (
      offsetLevel0 !== 0 ||
      dataOffset % 4 !== 0 ||
      labelOffset !== dataOffset + dim * 4 ||
      recordBytes !== labelOffset + 8 ||
      HEADER_BYTES + count * recordBytes > fileBytes
    ) {
      throw new Error('unexpected layout (another dim or hnswlib version?)');
    }

    let crc = zlib.crc32(header);
    const live: number[] = [];
    const deleted: number[] = [];
    const vectors = withVectors ? new Float32Array(count * dim) : null;
    const perChunk = Math.max(1, Math.floor(CHUNK_BYTES / recordBytes));
    const chunk = Buffer.from(new ArrayBuffer(perChunk * recordBytes)); // own ArrayBuffer: 4-aligned float views
    let position = HEADER_BYTES;
    for (let first = 0; first < count; first += perChunk) {
      const records = Math.min(perChunk, count - first);
      const want = records * recordBytes;
      if (fs.readSync(fd, chunk, 0, want, position) !== want) throw new Error('file ended inside the level-0 records');
      position += want;
      crc = zlib.crc32(chunk.subarray(0, want), crc);
      for (let r = 0; r < records; r++) {
        const at = r * recordBytes;
        const label = chunk.readUInt32LE(at + labelOffset) + chunk.readUInt32LE(at + labelOffset + 4) * 2 ** 32;
        if (chunk[at + 2] & DELETE_MARK) {
          deleted.push(label);
          continue;
        }
        if (vectors) vectors.set(new Float32Array(chunk.buffer, chunk.byteOffset + at + dataOffset, dim), live.length * dim);
        live.push(label);
      }
    }
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, position);
      if (n === 0) break;
      crc = zlib.crc32(chunk.subarray(0, n), crc);
      position += n;
    }
    return { bytes: position, crc32: crc, live, deleted, vectors };
  } finally {
    fs.closeSync(fd);
  }
}
