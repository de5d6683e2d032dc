// Normalising and word rules for text read in photos; the comparison itself is shared with the UI.
import { hasCjk, normalizeText } from '../../../shared/text-normalize.js';

export { hasCjk, normalizeText };

/** Words of a text: runs between spaces, each normalised; empty ones dropped. */
export function normalizedWords(text: string): string[] {
  return text.split(/\s+/u).map(normalizeText).filter((w) => w.length > 0);
}

/** A word long enough to judge reading by: 3+ characters, or 2+ when it holds Chinese (or other CJK) characters. */
export function isSignificantWord(word: string): boolean {
  return word.length >= (hasCjk(word) ? 2 : 3);
}
