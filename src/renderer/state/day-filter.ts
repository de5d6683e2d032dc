// The library's From/To date filters as typed: a day ("2019-05-12", "2019/5/12", "2019年5月12日"), a month ("2019-05",
// "2019年5月") or a year ("2019", "2019年"), read as the first day of it for From and the last for To. A typed field,
// not <input type="date">: Chromium shows that one in the browser's own language (mm/dd/yyyy in an English browser)
// whatever the page's, so a Chinese UI asked for 月/日/年 in English order.

export type FilterEnd = 'from' | 'to';

const DAY_TEXT = /^(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?|\s*月)?|\s*年)?$/;

const pad = (n: number): string => String(n).padStart(2, '0');

/** The day a filter field's text means ("YYYY-MM-DD"), '' for an empty field, null for text that is no day. */
export function readFilterDay(text: string, end: FilterEnd): string | null {
  const t = text.trim();
  if (!t) return '';
  const m = DAY_TEXT.exec(t);
  if (!m) return null;
  const y = Number(m[1]);
  const month = m[2] === undefined ? (end === 'from' ? 1 : 12) : Number(m[2]);
  if (y < 1 || month < 1 || month > 12) return null;
  const last = new Date(Date.UTC(y, month, 0)).getUTCDate();
  const day = m[3] === undefined ? (end === 'from' ? 1 : last) : Number(m[3]);
  if (day < 1 || day > last) return null;
  return `${String(y).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}
