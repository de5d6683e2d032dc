/** Splits a search text into terms: Latin words (lower-cased, NFKC) and runs of CJK characters. */
export function queryTerms(text: string): string[] {
  const norm = text.normalize('NFKC').toLowerCase();
  const terms = norm.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}][\p{L}\p{N}._-]*/gu) ?? [];
  return [...new Set(terms)];
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
 *  Understands 2019, 2019-05, 2019/5/4, 2019年, 2019年5月, 2019年5月4日; month names are returned separately. */
export function datePrefix(term: string): string | null {
  const m = /^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?$/.exec(term);
  if (!m) return null;
  const [, y, mo, d] = m;
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
