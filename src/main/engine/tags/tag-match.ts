import { isCjk, queryWords, singular } from '../search/text-query.js';
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

/**
 * Whether a typed word, or words ("bike", "teddy bear", plurals too), are among the words of a tag's name ("my bike",
 * "grandma's teddy bears"), or a Chinese term of two characters or more is inside its Chinese name ("单车" in
 * "我的单车"). For the names users give: a user who named a tag "my bike" finds it by "bike" as well (trial 32: the
 * detector's bicycle, whose alias "bike" is, was all it found). Not for the app's own names: "dog" is no hot dog.
 */
export function tagNameHoldsTerm(tag: { name: string; name_zh: string | null }, term: string): boolean {
  if (isCjk(term)) return term.length >= 2 && [tag.name, tag.name_zh].some((n) => n !== term && (n?.includes(term) ?? false));
  const words = (text: string) => queryWords(text).map(singular);
  const name = words(tag.name);
  const typed = words(term.replace(/_/g, ' '));
  if (typed.length === 0 || typed.length >= name.length) return false;
  return name.some((_, at) => typed.every((w, k) => name[at + k] === w));
}

/**
 * The tag names and everyday aliases of more than one word ("my bike", "teddy bear", "Mimi's bed"), looked up by the
 * words a search cuts them into ("mimi s bed"; the last one plural too): each gives back the name tagMatchesTerm
 * knows, so the search keeps it one term (queryTerms).
 */
export function multiWordNames(tags: readonly { name: string }[]): (words: string) => string | null {
  const names = new Map<string, string>();
  const add = (name: string) => {
    const words = queryWords(name);
    if (words.length > 1) names.set(words.join(' '), name.normalize('NFKC').toLowerCase());
  };
  for (const t of tags) add(t.name);
  for (const aliases of Object.values(TAG_ALIASES)) for (const alias of aliases) add(alias);
  return (words) => names.get(words) ?? names.get(singular(words)) ?? null;
}
