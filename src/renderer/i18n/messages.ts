// The UI's words, per language. A typed table rather than a library: `Messages` is the contract, so a
// missing or misspelled translation is a compile error. Counts are functions so that each language
// handles its own plurals.
import type { JobPhase } from '../../shared/library-types.js';

export type Locale = 'en' | 'zh-CN';

export interface Messages {
  appName: string;
  tagline: string;
  connecting: string;
  version(version: string): string;
  folders(count: number): string;
  photos(count: number): string;
  upToDate: string;
  phase: Record<JobPhase, string>;
  failedFiles(count: number): string;
  /** the shell runs, but without the engine behind it */
  engineNotReady: string;
  /** no transport at all (e.g. the page opened outside Electron and `loupe serve`) */
  noBackend: string;
  failed(reason: string): string;
}

const en: Messages = {
  appName: 'Loupe',
  tagline: 'Similar photos, duplicates and tags, found on your own computer.',
  connecting: 'Connecting to your library…',
  version: (v) => `Version ${v}`,
  folders: (n) => (n === 1 ? '1 folder' : `${n.toLocaleString('en')} folders`),
  photos: (n) => (n === 1 ? '1 photo' : `${n.toLocaleString('en')} photos`),
  upToDate: 'Up to date',
  phase: { scan: 'Scanning', analyze: 'Reading photos' },
  failedFiles: (n) => (n === 1 ? '1 file failed' : `${n.toLocaleString('en')} files failed`),
  engineNotReady: 'The photo engine is not connected yet',
  noBackend: 'Open Loupe from the desktop app, or run `npx loupe serve` and use the address it prints.',
  failed: (reason) => `Could not reach your library: ${reason}`,
};

const zhCN: Messages = {
  appName: 'Loupe',
  tagline: '在你自己的电脑上找出相似照片、重复照片并自动打标签。',
  connecting: '正在连接照片库…',
  version: (v) => `版本 ${v}`,
  folders: (n) => `${n.toLocaleString('zh-CN')} 个文件夹`,
  photos: (n) => `${n.toLocaleString('zh-CN')} 张照片`,
  upToDate: '已是最新',
  phase: { scan: '正在扫描', analyze: '正在读取照片' },
  failedFiles: (n) => `${n.toLocaleString('zh-CN')} 个文件失败`,
  engineNotReady: '照片引擎尚未连接',
  noBackend: '请从桌面应用打开 Loupe，或运行 `npx loupe serve` 后访问它显示的地址。',
  failed: (reason) => `无法连接照片库：${reason}`,
};

const TABLES: Record<Locale, Messages> = { en, 'zh-CN': zhCN };

/** First preferred language we have a table for (any zh-* maps to zh-CN); English otherwise. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function messagesFor(locale: Locale): Messages {
  return TABLES[locale];
}
