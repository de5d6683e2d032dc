/** Splits a search text into terms: Latin words (lower-cased, NFKC) and runs of CJK characters, without filler
 *  words ("photos", "of", "照片"). A month written beside a year ("may 2019", "4 may 2019", "5月 2019", "2019 五月")
 *  is one term, one date range: not May of any year and, apart, anything from 2019. Words that `phrase` takes for
 *  one name ("my bike", a tag the user taught; "teddy bear") are one term, the name it gives back: apart, "my" was
 *  filler and "bike" a bicycle, and the tag was found by no search (trial 32). */
export function queryTerms(text: string, phrase?: (words: string) => string | null): string[] {
  const terms = queryWords(text);
  return [...new Set(joinDates(phrase ? joinPhrases(terms, phrase) : terms).filter((t) => !FILLER_WORDS.has(t)))];
}

/** The words of a text as queryTerms cuts them, before any are joined or dropped; also how a name is cut to be
 *  compared with them ("Mimi's bed": mimi s bed). */
export function queryWords(text: string): string[] {
  const norm = text.normalize('NFKC').toLowerCase();
  return norm.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}][\p{L}\p{N}._-]*/gu) ?? [];
}

/** The longest name a run of words spells is the most a name has words (longer runs are not tried). */
const MAX_PHRASE_WORDS = 6;

/** Joins runs of words that name one thing (phrase gives back the name, else null), the longest run first. */
function joinPhrases(words: string[], phrase: (words: string) => string | null): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    let joined: string | null = null;
    let span = 1;
    for (let n = Math.min(MAX_PHRASE_WORDS, words.length - i); n >= 2 && joined === null; n--) {
      joined = phrase(words.slice(i, i + n).join(' '));
      if (joined !== null) span = n;
    }
    out.push(joined ?? words[i]);
    i += span - 1;
  }
  return out;
}

/** A Chinese phrase cut at 的 and 在 into the words it combines ("浙江的猫": 浙江 and 猫, both to match; "在杭州的照片":
 *  杭州; "2019年5月的意大利": the date and 意大利), filler words dropped: Chinese has no spaces. TextSearchService
 *  keeps a phrase whole where it is a name (a tag, words read in a photo). */
export function phraseParts(term: string): string[] {
  if (!HAN.test(term)) return [term];
  return term.split(/[的在]/u).filter((t) => t !== '' && !FILLER_WORDS.has(t));
}

const HAN = /\p{Script=Han}/u;

/** Words of a phrase that never narrow it ("photos of italy in may"): as terms they matched file names by any part
 *  ("in" is in "singapore") or a place's code ("in" is India's), and so emptied the results. Not "us": the USA. */
const FILLER_WORDS = new Set([
  'a', 'an', 'the', 'of', 'in', 'on', 'at', 'from', 'with', 'and', 'or', 'to', 'for', 'by', 'my', 'our', 'me',
  'all', 'some', 'show', 'find', 'taken', 'during', 'photo', 'photos', 'picture', 'pictures', 'pic', 'pics', 'image', 'images',
  // the pieces of a Chinese phrase that never narrow it (phraseParts)
  '照片', '图片', '相片', '拍', '拍摄', '我', '我们', '所有',
]);

/** Joins the words of a date written in several ("may 4 2019") into one term, the longest first. */
function joinDates(terms: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < terms.length; i++) {
    const span = [3, 2].find((n) => i + n <= terms.length && datePrefix(terms.slice(i, i + n).join(' ')) !== null);
    out.push(span ? terms.slice(i, i + span).join(' ') : terms[i]);
    if (span) i += span - 1;
  }
  return out;
}

export function isCjk(term: string): boolean {
  return /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u.test(term);
}

/** English plural to singular, good enough for tag names ("dogs" -> "dog", "buses" -> "bus"). */
export function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 4 && /(ses|xes|ches|shes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A date prefix ("2019", "2019-05", "2019-05-04") that `taken_at` must start with, when the term is a date.
 *  Understands 2019, 2019-05, 2019/5/4, 2019年, 2019年5月, 2019年五月, 2019年5月4日 and a month beside a year in
 *  words (see queryTerms); a month name alone is returned separately (monthNumber). */
export function datePrefix(term: string): string | null {
  if (term.includes(' ')) return spacedDatePrefix(term.split(' '));
  const zhMonth = /^(\d{4}年)(.+月份?)$/.exec(term);
  if (zhMonth && monthNumber(zhMonth[2]) !== null) return spacedDatePrefix([zhMonth[1], zhMonth[2]]);
  const m = /^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?$/.exec(term);
  if (!m) return null;
  return ymdPrefix(m[1], m[2], m[3]);
}

const YEAR = /^(\d{4})年?$/;
const DAY = /^(\d{1,2})(?:st|nd|rd|th|日|号)?$/;

/** A date in words: a month and a year in either order, with a day beside the month or not ("may 2019",
 *  "4 may 2019", "may 4th 2019", "2019 may 4", "5月 2019", "2019年 五月"). A year alone is not one (that is a
 *  single term); neither is a month without a year. */
function spacedDatePrefix(words: string[]): string | null {
  const yearAt = YEAR.test(words[0]) ? 0 : YEAR.test(words[words.length - 1]) ? words.length - 1 : -1;
  if (yearAt < 0) return null;
  const rest = words.filter((_, i) => i !== yearAt);
  const monthAt = rest.findIndex((w) => monthNumber(w) !== null);
  if (monthAt < 0 || rest.length > 2) return null;
  const day = rest.length === 2 ? DAY.exec(rest[1 - monthAt]) : null;
  if (rest.length === 2 && !day) return null;
  return ymdPrefix(YEAR.exec(words[yearAt])![1], String(monthNumber(rest[monthAt])), day?.[1]);
}

function ymdPrefix(y: string, mo: string | undefined, d: string | undefined): string | null {
  const year = Number(y);
  if (year < 1826 || year > 2200) return null;
  if (!mo) return y;
  if (Number(mo) < 1 || Number(mo) > 12) return null;
  const prefix = `${y}-${mo.padStart(2, '0')}`;
  if (!d) return prefix;
  return Number(d) >= 1 && Number(d) <= 31 ? `${prefix}-${d.padStart(2, '0')}` : null;
}

/** "may" -> 5, "5月" -> 5, "五月" -> 5 */
export function monthNumber(term: string): number | null {
  const en = term.length >= 3 ? MONTHS.findIndex((mo) => mo.startsWith(term)) : -1;
  if (en >= 0) return en + 1;
  const zh = /^(\d{1,2}|[一二三四五六七八九十]+)月(份)?$/.exec(term);
  if (!zh) return null;
  const n = /^\d+$/.test(zh[1]) ? Number(zh[1]) : chineseNumber(zh[1]);
  return n >= 1 && n <= 12 ? n : null;
}

function chineseNumber(s: string): number {
  const digits: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  if (s === '十') return 10;
  if (s.startsWith('十')) return 10 + (digits[s[1]] ?? 0);
  if (s.endsWith('十')) return (digits[s[0]] ?? 0) * 10;
  if (s.length === 3 && s[1] === '十') return (digits[s[0]] ?? 0) * 10 + (digits[s[2]] ?? 0);
  return digits[s] ?? 0;
}
