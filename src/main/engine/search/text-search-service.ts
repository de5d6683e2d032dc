import type { SearchRepository } from '../catalog/search-repository.js';
import type { TagRepository } from '../catalog/tag-repository.js';
import type { SettingsStore } from '../settings.js';
import { multiWordNames, tagMatchesTerm, tagNameHoldsTerm } from '../tags/tag-match.js';
import { COCO_LABELS } from '../models/coco-labels.js';
import { TEXT_TAGS } from '../../../shared/text-types.js';
import { datePrefix, isCjk, monthNumber, phraseParts, queryTerms } from './text-query.js';
import type { TextMatcher } from '../text/text-match.js';
import type { TextHit } from '../../../shared/text-types.js';
import { kindCounts, wordsMatched, type SearchWordCount } from '../../../shared/search-words.js';

export interface SearchHit {
  /** the photo's id (the API's), and its path (the CLI's) */
  id: number;
  path: string;
  score: number;
  /** what each search term matched in this photo ('tag', 'date', 'month', 'name', 'camera', 'text', or a source's kind) */
  matched: SearchMatch[];
}

/** One search term's match; words read in the photo (kind 'text') also give the line as read and where it is. */
export interface SearchMatch {
  term: string;
  kind: string;
  text?: TextHit['text'];
  box?: TextHit['box'];
}

/** Another kind of match (places, people, text in photos): the photos one search term names, e.g. "paris". */
export interface SearchSource {
  readonly kind: string;
  /** how much a match counts against a tag (1) */
  readonly weight: number;
  idsMatching(term: string): Iterable<number>;
  /** Whether `term` names something of this source that search leaves out (a hidden person): the term is then a
   *  condition that finds nothing, not a word ignored for matching nothing. */
  namesLeftOut?(term: string): boolean;
}

/** Every tag the app itself puts on photos: the detector's classes and the text's (receipt). */
const VOCABULARY = [...COCO_LABELS.map((l) => ({ name: l.en, name_zh: l.zh })), ...TEXT_TAGS.map((t) => ({ name: t.name, name_zh: t.nameZh }))];

/** The names of VOCABULARY, to tell the tags users named from the app's own. */
const APP_TAG_NAMES = new Set(VOCABULARY.map((t) => t.name.toLowerCase()));

// How much each kind of match counts. A tag is what the photo shows; a name or date is where/when it was kept;
// words read in the photo count by how sure and how large they are (TextMatcher), up to `text`.
const WEIGHT = { tag: 1, text: 0.9, date: 0.8, name: 0.6, month: 0.5, camera: 0.5 } as const;

/**
 * Text search without a text-image model (none can be had here): terms match tags (English or Chinese names,
 * everyday aliases, plurals), file and folder names, capture dates ("2019", "2019年5月", "may") and cameras.
 * Every term that matches something in the library must match a result; terms that match nothing at all are ignored,
 * so natural phrases work; a date or a thing the tagger knows never is (no photo from then, or of that, no result).
 * Filler words ("photos", "of", "in") are no terms at all (queryTerms).
 */
export class TextSearchService {
  constructor(
    private readonly deps: { search: SearchRepository; tags: TagRepository; settings: SettingsStore; sources?: readonly SearchSource[]; text?: TextMatcher },
  ) {}

  search(text: string, limit = 200): SearchHit[] {
    return this.explained(text, limit).results;
  }

  /** The search, and where it finds nothing, each of its conditions (a word, a date in words, a part of a Chinese
   *  phrase) with how many photos it finds alone: which word emptied it ("狗" 0, "2019" 24). Counted only then, from
   *  what the search found anyway: a search that finds photos costs nothing more.
   *  `countAll`: where it finds photos, `matched` says how each word matched over every photo found, not only the
   *  `limit` best returned ("dog" tag 1,204 photos, where 500 are shown): one pass over what was matched anyway.
   *  `ignored`: where photos were found, the words left out for matching nothing in the library ("roti" of "roti
   *  man"). */
  explained(text: string, limit = 200, options: { countAll?: boolean } = {}): { results: SearchHit[]; words?: SearchWordCount[]; matched?: SearchWordCount[]; ignored?: string[] } {
    const threshold = this.deps.settings.get('tagThreshold');
    const allTags = this.deps.tags.allTags();
    const perTerm: Map<number, number>[] = [];
    const kindsOf = new Map<number, SearchMatch[]>();
    const conditions: { term: string; scores: Map<number, number>; bestKind: Map<number, string> }[] = [];
    // the words that match nothing in the library and are no condition, so left out: said, so that "roti man" finding
    // every man explains itself (trial 32)
    const ignored: string[] = [];
    // A Chinese phrase is cut into its words ("浙江的猫": 浙江 and 猫), unless it is a name as a whole: a tag ("我的车")
    // or words read in a photo.
    const isName = (term: string) =>
      allTags.some((t) => t.name_zh === term || t.name.toLowerCase() === term) || [...(this.deps.text?.match(term) ?? [])].length > 0;
    const parts = (term: string) => {
      const cut = phraseParts(term);
      return cut.length === 1 && cut[0] === term || isName(term) ? [term] : cut;
    };
    // A name of several words ("my bike", "teddy bear") is one term, not its words apart.
    const terms = [...new Set(queryTerms(text, multiWordNames([...allTags, ...VOCABULARY])).flatMap(parts))];
    for (const term of terms) {
      const scores = new Map<number, number>();
      const bestKind = new Map<number, string>();
      const add = (ids: Iterable<number>, weight: number, kind: string) => {
        for (const id of ids) {
          if (weight > (scores.get(id) ?? 0)) bestKind.set(id, kind);
          scores.set(id, Math.max(scores.get(id) ?? 0, weight));
        }
      };
      // A tag the user named ("my bike") is found by any of its words too, beside the app's tag that word names
      // ("bike": the detector's bicycle): both sets of photos, each a tag match.
      const tags = allTags.filter((t) => tagMatchesTerm(t, term) || (!APP_TAG_NAMES.has(t.name.toLowerCase()) && tagNameHoldsTerm(t, term)));
      for (const tag of tags) {
        for (const f of this.deps.tags.filesWithTag(tag.id, threshold)) add([f.file_id], WEIGHT.tag * f.confidence, 'tag');
      }
      // A thing the tagger knows ("dog", "狗", "receipt") is a condition even where no photo shows it: "狗 2019" with
      // no dog finds nothing, not everything from 2019.
      // So is a hidden person's name: "Anna 2019" with Anna hidden found every photo of 2019 (trial 22).
      const known = tags.length > 0 || VOCABULARY.some((t) => tagMatchesTerm(t, term)) || (this.deps.sources ?? []).some((s) => s.namesLeftOut?.(term) ?? false);
      const date = datePrefix(term);
      if (date) add(this.deps.search.idsTakenWithPrefix(date), WEIGHT.date, 'date');
      const month = monthNumber(term);
      if (month) add(this.deps.search.idsTakenInMonth(month), WEIGHT.month, 'month');
      if (term.length >= 2 || isCjk(term)) {
        add(this.deps.search.idsWithPathContaining(term), WEIGHT.name, 'name');
        add(this.deps.search.idsByCamera(term), WEIGHT.camera, 'camera');
      }
      for (const source of this.deps.sources ?? []) add(source.idsMatching(term), source.weight, source.kind);
      // Words read in the photo count by how sure and how large they are; the first matching line is named.
      const textLines = new Map<number, Omit<TextHit, 'term'>>();
      for (const [id, m] of this.deps.text?.match(term) ?? []) {
        add([id], WEIGHT.text * m.score, 'text');
        textLines.set(id, { text: m.lines[0].text, box: m.lines[0].box });
      }
      // A date is always a condition: "Anna 2004" with no photo from 2004 finds nothing, not every photo of Anna.
      if (scores.size > 0 || date || known) {
        perTerm.push(scores);
        conditions.push({ term, scores, bestKind });
      } else ignored.push(term);
      for (const [id, kind] of bestKind) {
        const list = kindsOf.get(id) ?? [];
        const line = textLines.get(id);
        if (kind !== 'text') list.push({ term, kind });
        // Text that matched is always said, with its line, even where another kind of match counted more.
        if (line) list.push({ term, kind: 'text', text: line.text, box: line.box });
        kindsOf.set(id, list);
      }
    }
    if (perTerm.length === 0) return { results: [], words: [] };
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
    if (total.size === 0) return { results: [], words: conditions.map(({ term, scores, bestKind }) => wordCount(term, scores.size, bestKind)) };
    const ranked = [...total.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit);
    const info = this.deps.search.describe(ranked.map(([id]) => id));
    const results = ranked.map(([id, score]) => ({ id, path: info.get(id)!.path, score: Math.round(score * 1000) / 1000, matched: kindsOf.get(id) ?? [] }));
    const left = ignored.length > 0 ? { ignored } : {};
    if (!options.countAll) return { results, ...left };
    // every photo found matched every condition (AND): each word's photos are all of them, its kinds counted over them
    const everyMatch = [...total.keys()].map((id) => ({ matched: kindsOf.get(id) ?? [] }));
    return { results, matched: wordsMatched(everyMatch).map(({ term, kinds }) => ({ term, photos: total.size, kinds })), ...left };
  }
}

/** A condition's photos, with how many each kind of match found (the kind that counted most in each), most first. */
function wordCount(term: string, photos: number, bestKind: Map<number, string>): SearchWordCount {
  return { term, photos, kinds: kindCounts(bestKind.values()) };
}
