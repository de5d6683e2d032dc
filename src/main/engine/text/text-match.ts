import type { TextRepository, StoredTextLine } from './text-repository.js';
import { hasCjk, isSignificantWord, normalizeText } from './text-normalize.js';
import { matchRanges } from '../../../shared/text-normalize.js';
import { readings as readingsOf } from '../../../shared/text-misreadings.js';

export interface TextTermMatch {
  /** 0..1: the best matching line's confidence, weighted by how large its text is in the photo */
  score: number;
  /** the lines as read that hold the term (the term may also span two lines: then both) */
  lines: StoredTextLine[];
}

/** Text of this height, as a share of the photo's short side, or larger, counts as large (a sign, a title). */
const LARGE_TEXT = 0.08;

/**
 * A Latin term found only inside a longer word ("tea" in "steak", "art" in "party") is weaker evidence than the
 * word standing alone or at one end of a run whose spaces the recogniser lost ("CORNERBAKERY", "Jasminetea6.00"):
 * it still matches (a run like "thesteakhouseonthecorner" holds real words inside), at this share of the score,
 * as a match across two lines is.
 */
const INSIDE_A_WORD = 0.5;

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
      // each line as read, and read with the digits inside its words as letters ("ZER0": zero)
      const readings = photo.lines.map((l) => readingsOf(l.text).map(normalizeText));
      const holding = photo.lines.filter((_, i) => readings[i].some((r) => r.includes(norm)));
      if (holding.length > 0) {
        const score = (l: StoredTextLine) => weight(l) * (hasCjk(norm) || !onlyInsideAWord(l.text, term) ? 1 : INSIDE_A_WORD);
        out.set(id, { score: Math.max(...holding.map(score)), lines: holding });
        continue;
      }
      // Across line breaks: the lines whose joins hold the term, scored at half.
      const spanning = photo.lines.filter((_, i) => {
        const next = readings[i + 1];
        return next && READINGS.some((k) => (readings[i][k] + next[k]).includes(norm));
      });
      const lines = spanning.flatMap((l) => [l, photo.lines[photo.lines.indexOf(l) + 1]]);
      if (lines.length > 0) out.set(id, { score: 0.5 * Math.max(...lines.map(weight)), lines });
    }
    return out;
  }
}

/** The kinds of reading (text-misreadings): as read, 1 as l, 1 as I. */
const READINGS = [0, 1, 2] as const;

/** Whether every place `term` appears in `text` has a letter (not a Chinese character) right before and right after it. */
function onlyInsideAWord(text: string, term: string): boolean {
  const letter = (ch: string | undefined) => ch !== undefined && /\p{L}/u.test(ch) && !hasCjk(ch);
  return matchRanges(text, [term]).every(([start, end]) => letter(text[start - 1]) && letter(text[end]));
}
