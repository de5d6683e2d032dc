import { isCjk, singular } from '../search/text-query.js';
import { TAG_ALIASES } from './tag-aliases.js';

/**
 * Whether a typed word (already lower-cased, NFKC) names a tag: its English name or plural, an everyday alias,
 * its Chinese name, or a Chinese phrase that contains the Chinese name ("小狗" names 狗: Chinese has no spaces).
 */
export function tagMatchesTerm(tag: { name: string; name_zh: string | null }, term: string): boolean {
  const name = tag.name.toLowerCase();
  const spaced = term.replace(/_/g, ' ');
  if (name === spaced || name === singular(spaced)) return true;
  if (TAG_ALIASES[name]?.includes(spaced) || TAG_ALIASES[name]?.includes(singular(spaced))) return true;
  if (tag.name_zh) {
    if (tag.name_zh === term) return true;
    if (isCjk(term) && term.includes(tag.name_zh)) return true;
    if (isCjk(term) && TAG_ALIASES[name]?.some((a) => isCjk(a) && term.includes(a))) return true;
  }
  return false;
}
