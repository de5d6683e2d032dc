// The words of the text-in-photos features (the viewer's text layer, search matches), in both languages. Kept
// apart from messages.ts so the feature's strings live with it; typed so a missing translation does not compile.
import type { Locale } from './messages.js';

export interface TextMessages {
  /** the toggle of the viewer's text layer, with how many lines were read */
  showText(lines: number): string;
  hideText: string;
  copyText: string;
  copied: string;
  copyLine(text: string): string;
  /** the photo's text has not been read yet */
  notRead: string;
  noText: string;
  layerLabel: string;
  /** search results: the heading of the photos whose text matched */
  matchesHeading: string;
  matchIn(name: string): string;
}

export const textMessages: Record<Locale, TextMessages> = {
  en: {
    showText: (n) => (n === 1 ? 'Show text (1 line)' : `Show text (${n} lines)`),
    hideText: 'Hide text',
    copyText: 'Copy text',
    copied: 'Text copied',
    copyLine: (text) => `Copy “${text}”`,
    notRead: 'Text not read yet',
    noText: 'No text found',
    layerLabel: 'Text found in the photo',
    matchesHeading: 'Found in the text of photos',
    matchIn: (name) => `in ${name}`,
  },
  'zh-CN': {
    showText: (n) => `显示文字（${n} 行）`,
    hideText: '隐藏文字',
    copyText: '复制文字',
    copied: '文字已复制',
    copyLine: (text) => `复制“${text}”`,
    notRead: '尚未识别文字',
    noText: '未发现文字',
    layerLabel: '照片中识别出的文字',
    matchesHeading: '在照片文字中找到',
    matchIn: (name) => `见于 ${name}`,
  },
};
