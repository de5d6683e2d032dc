// Greedy CTC decoding of a PP-OCR recogniser's output: per time step the most likely class; class 0 is the
// blank, a class repeated on consecutive steps is one character, class i >= 1 is the dictionary's line i.

/** The recogniser's classes after the blank: the dictionary file's lines, then a space (use_space_char). */
export function parseDictionary(text: string): string[] {
  const lines = text.replace(/\r/g, '').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return [...lines, ' '];
}

export interface DecodedLine {
  text: string;
  /** mean probability of the characters read, 0..1 (0 when nothing was read) */
  confidence: number;
}

/**
 * Decodes item `n` of a [N, T, C] probability tensor.
 */
export function ctcDecode(probs: Float32Array, dims: readonly number[], n: number, dictionary: readonly string[]): DecodedLine {
  const [, steps, classes] = dims;
  const base = n * steps * classes;
  let text = '';
  let sum = 0;
  let count = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const row = base + t * classes;
    let best = 0;
    let bestP = probs[row];
    for (let c = 1; c < classes; c++) {
      const p = probs[row + c];
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      text += dictionary[best - 1] ?? '';
      sum += bestP;
      count++;
    }
    previous = best;
  }
  return { text, confidence: count > 0 ? sum / count : 0 };
}
