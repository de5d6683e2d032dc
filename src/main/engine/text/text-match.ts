import type { TextRepository, StoredTextLine } from './text-repository.js';
import { isSignificantWord, normalizeText } from './text-normalize.js';

export interface TextTermMatch {
  /** 0..1: the best matching line's confidence, weighted by how large its text is in the photo */
  score: number;
  /** the lines as read that hold the term (the term may also span two lines: then both) */
  lines: StoredTextLine[];
}

/** Text of this height, as a share of the photo's short side, or larger, counts as large (a sign, a title). */
const LARGE_TEXT = 0.08;

/**
 * Finds photos by the words read in them. A query term matches where its normalised form appears in a photo's
 * text (case, spaces, punctuation ignored; any substring of Chinese). Photos rank by how sure and how large the
 * matching text is: a shop sign's name above the same word in a receipt's small print.
 */
export class TextMatcher {
  constructor(private readonly repo: TextRepository) {}

  /** Too short a term ("of", "a") would match almost every photo with text: such terms match no text. */
  static usable(term: string): boolean {
    return isSignificantWord(normalizeText(term));
  }

  match(term: string): Map<number, TextTermMatch> {
    const out = new Map<number, TextTermMatch>();
    const norm = normalizeText(term);
    if (!TextMatcher.usable(term)) return out;
    const ids = this.repo.filesContaining(norm);
    for (const [id, photo] of this.repo.linesOfFiles(ids)) {
      const short = Math.max(1, Math.min(photo.width, photo.height));
      const weight = (l: StoredTextLine) => l.confidence * (0.5 + 0.5 * Math.min(1, Math.min(l.box[2], l.box[3]) / short / LARGE_TEXT));
      const holding = photo.lines.filter((l) => normalizeText(l.text).includes(norm));
      if (holding.length > 0) {
        out.set(id, { score: Math.max(...holding.map(weight)), lines: holding });
        continue;
      }
      // Across line breaks: the lines whose joins hold the term, scored at half.
      const spanning = photo.lines.filter((l, i) => {
        const next = photo.lines[i + 1];
        return next && (normalizeText(l.text) + normalizeText(next.text)).includes(norm);
      });
      const lines = spanning.flatMap((l) => [l, photo.lines[photo.lines.indexOf(l) + 1]]);
      if (lines.length > 0) out.set(id, { score: 0.5 * Math.max(...lines.map(weight)), lines });
    }
    return out;
  }
}
