// How text read in photos is compared with what a user types: NFKC (full-width Latin and digits become plain
// ones), lower case, and nothing but letters and digits (no spaces, no punctuation). Chinese has no spaces, so
// comparing without them also lets a phrase match however the recogniser split it.

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** Words of a text: runs between spaces, each normalised; empty ones dropped. */
export function normalizedWords(text: string): string[] {
  return text.split(/\s+/u).map(normalizeText).filter((w) => w.length > 0);
}

/** A word long enough to judge reading by: 3+ characters, or 2+ when it holds Chinese (or other CJK) characters. */
export function isSignificantWord(word: string): boolean {
  return word.length >= (hasCjk(word) ? 2 : 3);
}
