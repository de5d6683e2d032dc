import type { SearchRepository } from '../catalog/search-repository.js';
import type { TagRepository } from '../catalog/tag-repository.js';
import type { SettingsStore } from '../settings.js';
import { tagMatchesTerm } from '../tags/tag-match.js';
import { datePrefix, isCjk, monthNumber, queryTerms } from './text-query.js';

export interface SearchHit {
  path: string;
  score: number;
}

// How much each kind of match counts. A tag is what the photo shows; a name or date is where/when it was kept.
const WEIGHT = { tag: 1, person: 1, date: 0.8, name: 0.6, month: 0.5, camera: 0.5 } as const;

/**
 * Text search without a text-image model (none can be had here): terms match tags (English or Chinese names,
 * everyday aliases, plurals), file and folder names, capture dates ("2019", "2019年5月", "may") and cameras.
 * Every term that matches something in the library must match a result; terms that match nothing at all ("photos",
 * "of", "的") are ignored, so natural phrases work.
 */
export class TextSearchService {
  constructor(private readonly deps: {
    search: SearchRepository;
    tags: TagRepository;
    settings: SettingsStore;
    /** people's names (issue #12): a term matching a named person finds the photos they are in */
    people?: { fileIdsNamed(term: string): number[] };
  }) {}

  search(text: string, limit = 200): SearchHit[] {
    const threshold = this.deps.settings.get('tagThreshold');
    const allTags = this.deps.tags.allTags();
    const perTerm: Map<number, number>[] = [];
    for (const term of queryTerms(text)) {
      const scores = new Map<number, number>();
      const add = (ids: Iterable<number>, weight: number) => {
        for (const id of ids) scores.set(id, Math.max(scores.get(id) ?? 0, weight));
      };
      for (const tag of allTags.filter((t) => tagMatchesTerm(t, term))) {
        for (const f of this.deps.tags.filesWithTag(tag.id, threshold)) {
          scores.set(f.file_id, Math.max(scores.get(f.file_id) ?? 0, WEIGHT.tag * f.confidence));
        }
      }
      if (this.deps.people && (term.length >= 2 || isCjk(term))) add(this.deps.people.fileIdsNamed(term), WEIGHT.person);
      const date = datePrefix(term);
      if (date) add(this.deps.search.idsTakenWithPrefix(date), WEIGHT.date);
      const month = monthNumber(term);
      if (month) add(this.deps.search.idsTakenInMonth(month), WEIGHT.month);
      if (term.length >= 2 || isCjk(term)) {
        add(this.deps.search.idsWithPathContaining(term), WEIGHT.name);
        add(this.deps.search.idsByCamera(term), WEIGHT.camera);
      }
      if (scores.size > 0) perTerm.push(scores);
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
    return ranked.map(([id, score]) => ({ path: info.get(id)!.path, score: Math.round(score * 1000) / 1000 }));
  }
}
