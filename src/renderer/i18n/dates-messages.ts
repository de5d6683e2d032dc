// The words of capture dates set or shifted by hand (the viewer's date card, the selection's Date… dialog, the
// timeline's guessed dates), in English and Chinese. Spread into the main table (messages.ts) as `dates`.
import type { DateSource } from '../../shared/date-types.js';

export interface DatesMessages {
  date: string;
  noDate: string;
  source: Record<DateSource, string>;
  /** the short mark beside a date that is only the file's time */
  guess: string;
  guessHint: string;
  ownDate(date: string): string;
  change: string;
  changeHint: string;
  placeholder: string;
  useOwn: string;
  saved(count: number): string;
  selectionTitle(count: number): string;
  /** what a typed text will do, as it is typed */
  willSet(date: string): string;
  willShift(offset: string): string;
  notUnderstood: string;
  apply: string;
  clearSelection: string;
}

export const datesEn: DatesMessages = {
  date: 'Date',
  noDate: 'No date',
  source: {
    exif: 'from the camera',
    filename: 'from the file name',
    mtime: 'from the file’s time: a guess',
    user: 'set by you',
  },
  guess: 'guess',
  guessHint: 'Only the file’s time gives this date (copying a file resets it). Set the date if it is wrong.',
  ownDate: (d) => `its own: ${d}`,
  change: 'Change date…',
  changeHint: 'A date (2019-05-12 14:30), or an offset for a wrong camera clock (+1h, -2d, +0:30)',
  placeholder: '2019-05-12 14:30 or +1h',
  useOwn: 'Use the photo’s own date',
  saved: (n) => (n === 1 ? 'Date saved' : `Dates of ${n} photos saved`),
  selectionTitle: (n) => (n === 1 ? 'Date of 1 photo' : `Dates of ${n} photos`),
  willSet: (d) => `Sets the date to ${d}`,
  willShift: (o) => `Moves each date by ${o}`,
  notUnderstood: 'Write a date (2019-05-12 14:30) or an offset with a sign (+1h, -2d, +0:30)',
  apply: 'Apply',
  clearSelection: 'Use their own dates',
};

export const datesZh: DatesMessages = {
  date: '日期',
  noDate: '无日期',
  source: {
    exif: '来自相机',
    filename: '来自文件名',
    mtime: '来自文件时间：仅为推测',
    user: '由你设置',
  },
  guess: '推测',
  guessHint: '此日期只来自文件时间（复制文件会改变它）。如有误，请设置日期。',
  ownDate: (d) => `原日期：${d}`,
  change: '更改日期…',
  changeHint: '输入日期（2019-05-12 14:30），或为相机时钟的误差输入偏移（+1h、-2d、+0:30）',
  placeholder: '2019-05-12 14:30 或 +1h',
  useOwn: '使用照片原日期',
  saved: (n) => (n === 1 ? '日期已保存' : `已保存 ${n} 张照片的日期`),
  selectionTitle: (n) => `${n} 张照片的日期`,
  willSet: (d) => `日期将设为 ${d}`,
  willShift: (o) => `每张照片的日期将移动 ${o}`,
  notUnderstood: '请输入日期（2019-05-12 14:30）或带正负号的偏移（+1h、-2d、+0:30）',
  apply: '应用',
  clearSelection: '使用它们的原日期',
};
