// Suggestions under the search box as the user types: tags (English or Chinese name), named people, places (city or
// country, English or Chinese), albums and folders that contain the text, best first (a name that starts with it
// before one that only contains it). Pure, so tested without a DOM.
export type SuggestionKind = 'tag' | 'folder' | 'album' | 'text' | 'person' | 'place';

export interface Suggestion {
  kind: SuggestionKind;
  /** what the list shows */
  label: string;
  /** tag: the name to search; folder: its path; album: its id; person, place: the name to search */
  value: string;
}

export interface SuggestionSources {
  tags: { tag: string; tagZh: string | null; count: number }[];
  albums: { id: number; name: string }[];
  folders: string[];
  /** the names of the people the user named (left out: hidden and unnamed ones) */
  people?: string[];
  /** the library's places, as `listPlaces` gives them */
  places?: { city: string | null; city_zh: string | null; country: string | null; country_zh: string | null }[];
}

export function suggest(text: string, sources: SuggestionSources, zh: boolean, limit = 8): Suggestion[] {
  const q = text.trim().toLowerCase();
  if (!q) return [];
  const scored: { s: Suggestion; rank: number }[] = [];
  const rankOf = (name: string): number | null => {
    const n = name.toLowerCase();
    if (n.startsWith(q)) return 0;
    return n.includes(q) ? 1 : null;
  };
  for (const t of sources.tags) {
    const r = Math.min(rankOf(t.tag) ?? 9, t.tagZh ? (rankOf(t.tagZh) ?? 9) : 9);
    if (r < 9) scored.push({ s: { kind: 'tag', label: zh && t.tagZh ? t.tagZh : t.tag, value: t.tag }, rank: r });
  }
  for (const name of sources.people ?? []) {
    const r = rankOf(name);
    if (r !== null) scored.push({ s: { kind: 'person', label: name, value: name }, rank: r });
  }
  const places = new Set<string>();
  for (const p of sources.places ?? []) {
    // a city and its country are both names a user searches by ("Arezzo", "意大利"); each is offered once
    for (const [en, zhName] of [[p.city, p.city_zh], [p.country, p.country_zh]] as const) {
      if (!en) continue;
      const r = Math.min(rankOf(en) ?? 9, zhName ? (rankOf(zhName) ?? 9) : 9);
      const label = zh && zhName ? zhName : en;
      if (r < 9 && !places.has(label)) {
        places.add(label);
        scored.push({ s: { kind: 'place', label, value: label }, rank: r });
      }
    }
  }
  for (const a of sources.albums) {
    const r = rankOf(a.name);
    if (r !== null) scored.push({ s: { kind: 'album', label: a.name, value: String(a.id) }, rank: r });
  }
  for (const f of sources.folders) {
    const name = f.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? f;
    const r = rankOf(name);
    if (r !== null) scored.push({ s: { kind: 'folder', label: name, value: f }, rank: r });
  }
  scored.sort((a, b) => a.rank - b.rank || a.s.label.localeCompare(b.s.label));
  return scored.slice(0, limit).map((x) => x.s);
}
