// How text read in photos is compared with what a user types, on both sides of the API (the engine's search and
// the UI's highlighting): NFKC (full-width Latin and digits become plain ones), lower case, and nothing but
// letters and digits (no spaces, no punctuation). Chinese has no spaces, so comparing without them also lets a
// phrase match however the recogniser split it.

import { misreadings, readings } from './text-misreadings.js';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/**
 * A photo's search document: its lines normalised and joined without separators, so that a word split over two
 * lines is found; then, after a space (no normalised term holds one, so none matches across it), the same with
 * the digits inside words read as letters ("ZER0": zero), where that changes anything (text-misreadings).
 */
export function searchDocument(lines: readonly string[]): string {
  const read = lines.map(readings);
  return [...new Set([0, 1, 2].map((k) => read.map((r) => normalizeText(r[k])).join('')))].join(' ');
}

/**
 * The parts of `text` that hold any of `terms` (compared normalised, in the text as read or read with its digits
 * inside words as letters: "ZER0" holds "zero"), as [start, end) ranges of `text`, sorted and merged: what the UI
 * marks.
 */
export function matchRanges(text: string, terms: readonly string[]): [number, number][] {
  const ranges: [number, number][] = [];
  // a reading is as long as the text, character for character: its ranges are the text's
  for (const reading of [text, ...misreadings(text)]) {
    // each normalised character with the index of the original character it came from
    let norm = '';
    const origin: number[] = [];
    for (let i = 0; i < reading.length; ) {
      const cp = reading.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      const n = normalizeText(ch);
      for (let k = 0; k < n.length; k++) origin.push(i);
      norm += n;
      i += ch.length;
    }
    for (const term of terms.map(normalizeText).filter((t) => t.length > 0)) {
      for (let at = norm.indexOf(term); at >= 0; at = norm.indexOf(term, at + 1)) {
        const last = origin[at + term.length - 1];
        ranges.push([origin[at], last + String.fromCodePoint(text.codePointAt(last)!).length]);
      }
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const prev = merged.at(-1);
    if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}
