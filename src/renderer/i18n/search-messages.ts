// The words of the search screen's "how your words matched" line, in both languages. Kept apart from messages.ts
// so the feature's strings live with it; typed so a missing translation does not compile.
import type { Locale } from './messages.js';
import { SEARCH_KINDS_EN } from '../../shared/search-words.js';

export interface SearchMessages {
  /** the line's label */
  matched: string;
  /** a kind of match (src/shared/api.ts SearchWordMatch.kind); an unknown kind is shown as it is */
  kind(kind: string): string;
  /** in how many of the results */
  photos(count: number): string;
  /** a search that found nothing, before its words with how many photos each finds alone */
  noneOfAll: string;
  /** a word of a search that found nothing, with how many photos it finds alone */
  wordPhotos(term: string, count: number): string;
  /** a word of a search that found photos, left out because nothing in the library matches it */
  leftOut: string;
  /** a word's button: search for it alone */
  searchAlone(term: string): string;
}

const ZH_KINDS: Record<string, string> = {
  tag: '标签', date: '日期', month: '月份', place: '地点', person: '人物', text: '照片中的文字', name: '文件或文件夹名',
  camera: '相机',
};

const enPhotos = (n: number): string => (n === 1 ? '1 photo' : `${n.toLocaleString('en')} photos`);

export const searchMessages: Record<Locale, SearchMessages> = {
  en: {
    matched: 'Matched',
    kind: (k) => SEARCH_KINDS_EN[k] ?? k,
    photos: enPhotos,
    noneOfAll: 'No photos match all of:',
    wordPhotos: (term, n) => `${term} (${enPhotos(n)})`,
    leftOut: 'left out: matches nothing',
    searchAlone: (term) => `Search for “${term}” alone`,
  },
  'zh-CN': {
    matched: '匹配到',
    kind: (k) => ZH_KINDS[k] ?? k,
    photos: (n) => `${n.toLocaleString('zh-CN')} 张`,
    noneOfAll: '没有同时符合以下所有条件的照片：',
    wordPhotos: (term, n) => `${term}（${n.toLocaleString('zh-CN')} 张）`,
    leftOut: '已忽略：图库中没有匹配',
    searchAlone: (term) => `只搜索“${term}”`,
  },
};
