// Suggestions under the search box as the user types: tags (English or Chinese name), albums and folders that
// contain the text, best first (a name that starts with it before one that only contains it). Pure, so tested
// without a DOM; people and places join when those features put their names in `sources`.
export type SuggestionKind = 'tag' | 'folder' | 'album' | 'text';

export interface Suggestion {
  kind: SuggestionKind;
  /** what the list shows */
  label: string;
  /** tag: the name to search; folder: its path; album: its id */
  value: string;
}

export interface SuggestionSources {
  tags: { tag: string; tagZh: string | null; count: number }[];
  albums: { id: number; name: string }[];
  folders: string[];
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
