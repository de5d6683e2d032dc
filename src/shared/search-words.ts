// How each word of a search was understood, from what it matched in the results: the search screen's "Matched:"
// line and the CLI's say the same ("tuscany": place, 12 photos; "receipt": tag).

/** Per word (in the order the engine gave them), its kinds of match with how many results each, most first. */
export function wordsMatched(results: readonly { matched: readonly { term: string; kind: string }[] }[]): { term: string; kinds: [string, number][] }[] {
  const byTerm = new Map<string, string[]>();
  for (const photo of results) {
    for (const { term, kind } of new Map(photo.matched.map((m) => [`${m.term}\u0000${m.kind}`, m])).values()) {
      byTerm.set(term, [...(byTerm.get(term) ?? []), kind]);
    }
  }
  return [...byTerm].map(([term, kinds]) => ({ term, kinds: kindCounts(kinds) }));
}

/** How many times each kind of match occurs (a photo's kind for one word, once a photo), most first. */
export function kindCounts(kinds: Iterable<string>): [string, number][] {
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** A kind of match in English (an unknown kind is shown as it is). */
export const SEARCH_KINDS_EN: Readonly<Record<string, string>> = {
  tag: 'tag', date: 'date', month: 'month', place: 'place', person: 'person', text: 'text in the photo',
  name: 'file or folder name', camera: 'camera',
};

/** One condition of a search that found nothing (a word, a date in words, a part of a Chinese phrase) and how many
 *  photos it finds alone, per kind of match (most first): which word emptied the search. */
export interface SearchWordCount {
  term: string;
  photos: number;
  kinds: [string, number][];
}

/** Whether an empty search's conditions are worth saying one by one: with one, "no photos found" says it all. */
export function explainsEmptySearch(words: readonly SearchWordCount[] | undefined): words is readonly SearchWordCount[] {
  return (words?.length ?? 0) >= 2;
}
