/** Labels are uint32 inside hnswlib (the binding calls Uint32Value), so larger ids would silently wrap. */
const MAX_ID = 0xffff_ffff;

export function checkId(id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > MAX_ID) {
    throw new Error(`Vector index ids must be integers in [0, ${MAX_ID}], got ${id}`);
  }
}

/**
 * Validates a vector and returns it unit-length (a copy only when it was not already).
 *
 * Scores are reported as cosine similarity computed as an inner product, which only holds for
 * unit vectors; embeddings arrive normalised, but a stray unnormalised one (another model, a
 * float16 round trip) would otherwise skew every ranking it takes part in, so it is fixed here.
 * Zero or non-finite vectors have no direction: they are a caller bug and rejected loudly.
 */
export function unitVector(vector: Float32Array, dim: number, what: string): Float32Array {
  if (!(vector instanceof Float32Array)) throw new Error(`${what} must be a Float32Array`);
  if (vector.length !== dim) throw new Error(`${what} has dimension ${vector.length}, but this index holds dimension ${dim}`);
  let norm2 = 0;
  for (let i = 0; i < dim; i++) norm2 += vector[i] * vector[i];
  if (!Number.isFinite(norm2)) throw new Error(`${what} contains NaN or Infinity`);
  if (norm2 === 0) throw new Error(`${what} is all zeros`);
  if (Math.abs(norm2 - 1) <= 1e-5) return vector;
  const scale = 1 / Math.sqrt(norm2);
  const unit = new Float32Array(dim);
  for (let i = 0; i < dim; i++) unit[i] = vector[i] * scale;
  return unit;
}

/** hnswlib-node only accepts plain Arrays (it reads them element by element through N-API). */
export function toPlainArray(vector: Float32Array): number[] {
  const out = new Array<number>(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i];
  return out;
}
