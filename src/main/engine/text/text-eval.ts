// `loupe eval text` and bench/text-*.ts: how much of a photo's transcribed text was read, and how much of what
// was read is really there. A ground-truth word (3+ characters, 2+ with Chinese) counts as read when it appears
// in the photo's recognised text, ignoring case, spaces and punctuation (so a sign read as two lines still
// counts); a recognised word counts as right when it appears in the photo's ground truth the same way.
import { isSignificantWord, normalizeText, normalizedWords } from './text-normalize.js';

export interface TruthImage {
  /** relative to the evaluated folder */
  path: string;
  /** transcribed words or lines */
  words: string[];
  lang?: string;
  source?: string;
}

export interface WordCounts {
  truthWords: number;
  truthRead: number;
  readWords: number;
  readRight: number;
}

export interface TextEvalResult extends WordCounts {
  recall: number;
  precision: number;
}

/** Ground-truth words of a photo that count: significant words of each transcription, normalised. */
export function truthWords(words: readonly string[]): string[] {
  return words.flatMap((w) => normalizedWords(w)).filter(isSignificantWord);
}

/** Counts for one photo, from its ground truth and the lines read. */
export function countWords(truth: readonly string[], lines: readonly string[]): WordCounts {
  const gt = truthWords(truth);
  const readText = normalizeText(lines.join(''));
  const truthRead = gt.filter((w) => readText.includes(w)).length;
  const read = lines.flatMap((l) => normalizedWords(l)).filter(isSignificantWord);
  const truthText = normalizeText(truth.join(''));
  const readRight = read.filter((w) => truthText.includes(w)).length;
  return { truthWords: gt.length, truthRead, readWords: read.length, readRight };
}

export function addCounts(a: WordCounts, b: WordCounts): WordCounts {
  return {
    truthWords: a.truthWords + b.truthWords,
    truthRead: a.truthRead + b.truthRead,
    readWords: a.readWords + b.readWords,
    readRight: a.readRight + b.readRight,
  };
}

export const NO_WORDS: WordCounts = { truthWords: 0, truthRead: 0, readWords: 0, readRight: 0 };

export function summarize(c: WordCounts): TextEvalResult {
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    ...c,
    recall: c.truthWords > 0 ? round(c.truthRead / c.truthWords) : 0,
    precision: c.readWords > 0 ? round(c.readRight / c.readWords) : 0,
  };
}

/** Reads a ground-truth file like ocr-dev's: {"images":[{"path","words":[...],"lang","source"}]}. */
export function parseTruth(json: string, file: string): TruthImage[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const images = (data as { images?: unknown })?.images;
  if (!Array.isArray(images)) throw new Error(`${file} has no "images" list`);
  return images.map((img, i) => {
    const e = img as Partial<TruthImage>;
    if (typeof e.path !== 'string' || !Array.isArray(e.words) || !e.words.every((w) => typeof w === 'string')) {
      throw new Error(`${file}: images[${i}] needs a "path" string and a "words" list of strings`);
    }
    return { path: e.path, words: e.words, lang: e.lang, source: e.source };
  });
}
