import type { SearchRepository } from '../catalog/search-repository.js';
import type { TagRepository } from '../catalog/tag-repository.js';
import type { SettingsStore } from '../settings.js';
import { tagMatchesTerm } from '../tags/tag-match.js';
import { datePrefix, isCjk, monthNumber, queryTerms } from './text-query.js';

export interface SearchHit {
  path: string;
  score: number;
  /** what each search term matched in this photo ('tag', 'date', 'month', 'name', 'camera', or a source's kind) */
  matched: { term: string; kind: string }[];
}

/** Another kind of match (places, people, text in photos): the photos one search term names, e.g. "paris". */
export interface SearchSource {
  readonly kind: string;
  /** how much a match counts against a tag (1) */
  readonly weight: number;
  idsMatching(term: string): Iterable<number>;
}

// How much each kind of match counts. A tag is what the photo shows; a name or date is where/when it was kept.
const WEIGHT = { tag: 1, date: 0.8, name: 0.6, month: 0.5, camera: 0.5 } as const;

/**
 * Text search without a text-image model (none can be had here): terms match tags (English or Chinese names,
 * everyday aliases, plurals), file and folder names, capture dates ("2019", "2019年5月", "may") and cameras.
 * Every term that matches something in the library must match a result; terms that match nothing at all ("photos",
 * "of", "的") are ignored, so natural phrases work.
 */
export class TextSearchService {
  constructor(private readonly deps: { search: SearchRepository; tags: TagRepository; settings: SettingsStore; sources?: readonly SearchSource[] }) {}

  search(text: string, limit = 200): SearchHit[] {
    const threshold = this.deps.settings.get('tagThreshold');
    const allTags = this.deps.tags.allTags();
    const perTerm: Map<number, number>[] = [];
    const kindsOf = new Map<number, { term: string; kind: string }[]>();
    for (const term of queryTerms(text)) {
      const scores = new Map<number, number>();
      const bestKind = new Map<number, string>();
      const add = (ids: Iterable<number>, weight: number, kind: string) => {
        for (const id of ids) {
          if (weight > (scores.get(id) ?? 0)) bestKind.set(id, kind);
          scores.set(id, Math.max(scores.get(id) ?? 0, weight));
        }
      };
      for (const tag of allTags.filter((t) => tagMatchesTerm(t, term))) {
        for (const f of this.deps.tags.filesWithTag(tag.id, threshold)) add([f.file_id], WEIGHT.tag * f.confidence, 'tag');
      }
      const date = datePrefix(term);
      if (date) add(this.deps.search.idsTakenWithPrefix(date), WEIGHT.date, 'date');
      const month = monthNumber(term);
      if (month) add(this.deps.search.idsTakenInMonth(month), WEIGHT.month, 'month');
      if (term.length >= 2 || isCjk(term)) {
        add(this.deps.search.idsWithPathContaining(term), WEIGHT.name, 'name');
        add(this.deps.search.idsByCamera(term), WEIGHT.camera, 'camera');
      }
      for (const source of this.deps.sources ?? []) add(source.idsMatching(term), source.weight, source.kind);
      if (scores.size > 0) perTerm.push(scores);
      for (const [id, kind] of bestKind) {
        const list = kindsOf.get(id) ?? [];
        list.push({ term, kind });
        kindsOf.set(id, list);
      }
    }
    if (perTerm.length === 0) return [];
    // AND over the terms that mean something in this library; the score adds up.
    const [first, ...rest] = perTerm.sort((a, b) => a.size - b.size);
    const total = new Map<number, number>();
    for (const [id, s] of first) {
      let sum = s;
      let all = true;
      for (const other of rest) {
        const t = other.get(id);
        if (t === undefined) {
          all = false;
          break;
        }
        sum += t;
      }
      if (all) total.set(id, sum / perTerm.length);
    }
    const ranked = [...total.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit);
    const info = this.deps.search.describe(ranked.map(([id]) => id));
    return ranked.map(([id, score]) => ({ path: info.get(id)!.path, score: Math.round(score * 1000) / 1000, matched: kindsOf.get(id) ?? [] }));
  }
}
