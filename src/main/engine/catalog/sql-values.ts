// Values the repositories pass to and from SQLite the same way: many ids as `IN (...)` under SQLite's variable limit,
// and float vectors (features, face descriptors) as blobs.

/** `ids` 500 at a time, with as many SQL placeholders (`?,?,...`): one query a chunk, under SQLite's variable limit. */
export function inChunks(ids: readonly number[], each: (chunk: readonly number[], marks: string) => void): void {
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    each(chunk, chunk.map(() => '?').join(','));
  }
}

export function toBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function fromBlob(b: Buffer): Float32Array {
  // Copy: the Buffer from SQLite may not be 4-byte aligned.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
