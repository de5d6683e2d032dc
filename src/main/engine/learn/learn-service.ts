// Learned tags: a tag the user teaches from a few of their own photos. Examples and counter-examples are stored;
// the model is trained on the stored features (no model runs, no photo decoded), evaluated by cross-validation,
// applied to the whole library with its calibrated confidence, and to each new photo at index time. Learned rows
// live apart from automatic and hand tags: a retrain replaces only them, and a photo the user untagged by hand
// stays untagged (and counts as a counter-example).
import type { LearnedTag } from '../../../shared/learn-types.js';
import type { FileRepository } from '../catalog/file-repository.js';
import type { RawFeatures } from '../embedding/features.js';
import type { LearnedTagRepository, LearnedTagRow } from '../catalog/learned-tag-repository.js';
import type { TagRepository } from '../catalog/tag-repository.js';
import { LibraryError } from '../errors.js';
import { validTagName } from '../tags/tag-service.js';
import { plattProbability } from './calibration.js';
import { hasBranches, type LearnVectors, type LibraryVectors } from './learn-vectors.js';
import { EMBEDDING_RECIPE_VERSION } from '../embedding/recipe.js';
import { decodeExamples, decodeModel, encodeFeatures, encodeModel, type EncodedExample, type ExportedTag } from './model-codec.js';
import type { LinearModel } from './models.js';
import { dotRow, type Rows } from './rows.js';
import { DEFAULT_TRAINER, FEW_EXAMPLES, MIN_EXAMPLES, trainTag, type TrainerOptions } from './trainer.js';

export type LearnedTagSummary = LearnedTag;

export interface TeachInput {
  add?: readonly number[];
  not?: readonly number[];
  nameZh?: string | null;
}

interface Cv {
  precision: number;
  recall: number;
  f1: number;
  positives: number;
  negatives: number;
}

export class LearnService {
  constructor(
    private readonly deps: {
      files: FileRepository;
      tags: TagRepository;
      learned: LearnedTagRepository;
      vectors: LearnVectors;
      trainer?: TrainerOptions;
    },
  ) {}

  list(): LearnedTagSummary[] {
    return this.deps.learned.all().map((r) => this.summary(r));
  }

  get(name: string): LearnedTagSummary {
    return this.summary(this.row(name));
  }

  /** What the user has said of each photo for this tag so far (true: example), nothing for a tag not taught yet. */
  answersOf(name: string): Map<number, boolean> {
    const row = this.deps.learned.byName(name.normalize('NFC').trim());
    return row ? this.decisions(row, row.tag_id) : new Map();
  }

  /**
   * What the user said of each photo for this tag, the later word winning: an answer or example, or the tag added or
   * removed by hand (tagged by hand is an example, untagged a counter-example). Trial 32: an example untagged by
   * hand afterwards still trained the tag as an example.
   */
  private decisions(row: LearnedTagRow | undefined, tagId: number | undefined): Map<number, boolean> {
    const examples = row ? this.deps.learned.examples(row.id) : [];
    const said = new Map(examples.map((e) => [e.file_id, e.positive === 1]));
    const givenAt = new Map(examples.map((e) => [e.file_id, e.added_at]));
    for (const d of tagId === undefined ? [] : this.deps.learned.handDecisions(tagId)) {
      if (d.added_at >= (givenAt.get(d.file_id) ?? -Infinity)) said.set(d.file_id, d.added);
    }
    return said;
  }

  /**
   * Adds examples (and counter-examples) to a tag, new or existing, then retrains it and applies it to the library.
   * Everything is checked first; a bad input changes nothing.
   */
  async teach(name: string, input: TeachInput): Promise<LearnedTagSummary> {
    const tagName = validTagName(name);
    const add = [...new Set(input.add ?? [])];
    const not = [...new Set(input.not ?? [])];
    const both = add.filter((id) => not.includes(id));
    if (both.length) throw new LibraryError('invalid', `${this.pathOf(both[0])} is given both as an example and as a counter-example of "${tagName}".`);
    const lib = await this.deps.vectors.library();
    // every unusable photo named at once (trial 13: one per try), and nothing trained
    const unusable = [...add, ...not].map((id) => this.unusable(lib, id)).filter((m): m is LibraryError => m !== null);
    const refused = examplesRefused(unusable);
    if (refused) throw refused;
    const existing = this.deps.learned.byName(tagName);
    const stored = existing ? this.deps.learned.examples(existing.id) : [];
    const label = new Map<number, boolean>(stored.map((e) => [e.file_id, e.positive === 1]));
    for (const id of add) label.set(id, true);
    for (const id of not) label.set(id, false);
    const nameZh = input.nameZh === undefined ? (existing?.name_zh ?? null) : input.nameZh === null ? null : validTagName(input.nameZh);
    // one name, one learned tag (trial 13: two tags could share a Chinese name, and --delete of it took either)
    const clash = nameZh ? this.deps.learned.byName(nameZh) : undefined;
    if (clash && clash.id !== existing?.id) throw new LibraryError('conflict', `"${nameZh}" is already the name of the learned tag "${clash.name}".`);
    return this.trainAndApply(tagName, nameZh, existing, label, lib, add.length + not.length > 0 ? new Set([...add, ...not]) : null);
  }

  /** Retrains from the stored examples and the user's hand decisions (after edits, or a new library). */
  async retrain(name: string): Promise<LearnedTagSummary> {
    const row = this.row(name);
    const lib = await this.deps.vectors.library();
    const label = new Map(this.deps.learned.examples(row.id).map((e) => [e.file_id, e.positive === 1]));
    return this.trainAndApply(row.name, row.name_zh, row, label, lib, new Set());
  }

  /** "Is this also <tag>?": one answer, then a retrain (well under a second on a large library). */
  async answer(name: string, fileId: number, yes: boolean): Promise<LearnedTagSummary> {
    this.row(name);
    return this.teach(name, yes ? { add: [fileId] } : { not: [fileId] });
  }

  /**
   * The photos whose answer would teach the model most: those it is least sure about (calibrated score closest to
   * the threshold), leaving out examples, counter-examples and photos the user tagged or untagged by hand.
   */
  async suggest(name: string, k: number): Promise<{ fileId: number; score: number }[]> {
    const lib = await this.deps.vectors.library();
    const row = await this.current(this.row(name), lib);
    const { model, platt } = this.decoded(row, lib.x.dim);
    const decided = new Set([...this.deps.learned.examples(row.id).map((e) => e.file_id), ...this.deps.learned.handDecisions(row.tag_id).map((d) => d.file_id)]);
    const out: { fileId: number; score: number; gap: number }[] = [];
    for (let r = 0; r < lib.x.n; r++) {
      const id = lib.ids[r];
      if (decided.has(id)) continue;
      const p = plattProbability(platt, dotRow(lib.x, r, model.w) + model.b);
      out.push({ fileId: id, score: p, gap: Math.abs(Math.log(p / (1 - p)) - Math.log(row.threshold / (1 - row.threshold))) });
    }
    return out
      .sort((a, b) => a.gap - b.gap || a.fileId - b.fileId)
      .slice(0, k)
      .map(({ fileId, score }) => ({ fileId, score: round(score) }));
  }

  /**
   * Moves the threshold and re-applies the tag. It is the user's choice from then on: retrains, answers and refits
   * keep it. `null` gives the choice back to the trainer (a retrain sets its own cut-off).
   */
  async setThreshold(name: string, threshold: number | null): Promise<LearnedTagSummary> {
    if (threshold === null) {
      const row = this.row(name);
      this.deps.learned.setThreshold(row.id, row.threshold, false);
      try {
        return await this.retrain(row.name);
      } catch (err) {
        this.deps.learned.setThreshold(row.id, row.threshold, row.threshold_by_user === 1); // nothing changed half-way
        throw err;
      }
    }
    if (!(threshold > 0 && threshold < 1)) throw new LibraryError('invalid', `the threshold must be between 0 and 1 (exclusive), got ${threshold}.`);
    const lib = await this.deps.vectors.library();
    const row = await this.current(this.row(name), lib);
    this.deps.learned.transaction(() => {
      this.deps.learned.setThreshold(row.id, threshold, true);
      this.apply({ ...row, threshold }, lib);
    });
    return this.get(row.name);
  }

  /** How many photos the tag would mark at each threshold 0.00, 0.01, ... 1.00 (for the slider). */
  async countsByThreshold(name: string): Promise<number[]> {
    const lib = await this.deps.vectors.library();
    const row = await this.current(this.row(name), lib);
    const { model, platt } = this.decoded(row, lib.x.dim);
    // counted as the tag shows at each cut-off (apply, taggedCount): a photo decided by hand as the user decided it, an
    // example at every cut-off, a counter-example at none. Trial 32: the slider said "tags 12 photos" where applying
    // it put the tag on 11 (one untagged by hand), and examples under the cut-off were left out.
    const examples = new Map(this.deps.learned.examples(row.id).map((e) => [e.file_id, e.positive === 1]));
    const byHand = new Map(this.deps.learned.handDecisions(row.tag_id).map((d) => [d.file_id, d.added]));
    const hist = new Array<number>(101).fill(0);
    let acc = [...byHand.values()].filter((added) => added).length;
    for (let r = 0; r < lib.x.n; r++) {
      const id = lib.ids[r];
      if (byHand.has(id) || examples.get(id) === false) continue;
      if (examples.get(id) === true) acc++;
      else hist[Math.floor(plattProbability(platt, dotRow(lib.x, r, model.w) + model.b) * 100)]++;
    }
    const counts = new Array<number>(101).fill(0);
    for (let t = 100; t >= 0; t--) counts[t] = acc += hist[t];
    return counts;
  }

  /** Deletes the learned tag and what it tagged; tags added by hand (and hand removals) stay. */
  delete(name: string): { tag: string; untagged: number } {
    const row = this.row(name);
    const untagged = this.deps.learned.taggedCount(row.id, false);
    this.deps.learned.delete(row.id);
    return { tag: row.name, untagged };
  }

  rename(name: string, newName: string, newNameZh?: string | null): LearnedTagSummary {
    const row = this.row(name);
    const to = validTagName(newName);
    const zh = newNameZh === undefined ? row.name_zh : newNameZh === null ? null : validTagName(newNameZh);
    const clash = this.deps.learned.byName(to) ?? (zh ? this.deps.learned.byName(zh) : undefined);
    if (clash && clash.id !== row.id) throw new LibraryError('conflict', `a learned tag "${clash.name}" exists already.`);
    this.deps.learned.transaction(() => {
      const other = this.deps.tags.findTag(to);
      // Every photo that had the tag has the new name, however it got it; the photos the user untagged by hand stay
      // untagged (trial 32: renamed, they had it again, and those tagged by hand kept the old name).
      if (other && other.id !== row.tag_id) {
        this.deps.learned.setTag(row.id, other.id);
        this.deps.learned.carryHandDecisions(row.tag_id, other.id);
        if (zh && !other.name_zh) this.deps.learned.renameTag(other.id, other.name, zh);
      } else if (this.deps.learned.hasAutoTags(row.tag_id)) {
        // the detector's or the text stage's tag too ("dog"): theirs keeps its name, the learned tag gets a new one
        const id = this.deps.tags.ensureTag(to, zh);
        this.deps.learned.setTag(row.id, id);
        this.deps.learned.carryHandDecisions(row.tag_id, id);
      } else {
        this.deps.learned.renameTag(row.tag_id, to, zh);
      }
    });
    return this.get(to);
  }

  /** The tag as a small JSON file: the model, and the examples' raw features so another library can retrain it. */
  exportTag(name: string): ExportedTag {
    const row = this.row(name);
    const cv = JSON.parse(row.cv) as Cv;
    const examples: EncodedExample[] = [...this.importedExamplesOf(row)];
    for (const e of this.deps.learned.examples(row.id)) {
      const raw = this.deps.vectors.rawOf(e.file_id);
      if (hasBranches(raw)) examples.push({ positive: e.positive === 1, features: encodeFeatures(raw), recipe: EMBEDDING_RECIPE_VERSION });
    }
    return { ...JSON.parse(row.model), examples, name: row.name, nameZh: row.name_zh, threshold: row.threshold, cv };
  }

  /** Imports an exported tag (under `name`, or its own) and applies it to this library. */
  async importTag(data: unknown, source: string, name?: string): Promise<LearnedTagSummary> {
    const lib = await this.deps.vectors.library();
    const d = data as ExportedTag;
    const space = this.deps.vectors.space();
    const examples = decodeExamples(data, source);
    const tagName = validTagName(name ?? (typeof d?.name === 'string' ? d.name : ''));
    const fileZh = typeof d?.nameZh === 'string' ? validTagName(d.nameZh) : null;
    if (this.deps.learned.byName(tagName)) throw new LibraryError('conflict', `a learned tag "${tagName}" exists already: delete or rename it first.`);
    // one name, one learned tag: a copy imported under a new name leaves the Chinese name to the tag that has it
    const zhClash = fileZh ? this.deps.learned.byName(fileZh) : undefined;
    if (zhClash && !name) throw new LibraryError('conflict', `"${fileZh}" (the file's Chinese name) is already the name of the learned tag "${zhClash.name}": rename that tag first.`);
    const nameZh = zhClash ? null : fileZh;
    if (d?.featureSpace !== space && examples.some((e) => e.positive)) {
      // made in another library (or before a refit): retrain here from the examples it carries
      const carried = (d.examples ?? []).filter((_, i) => hasBranches(examples[i].raw));
      return this.trainAndApply(tagName, nameZh, undefined, new Map(), lib, null, carried);
    }
    const { model, platt } = decodeModel(data, source, this.deps.vectors.dim(), space);
    const threshold = typeof d.threshold === 'number' && d.threshold > 0 && d.threshold < 1 ? d.threshold : 0.5;
    // the figures it was trained with travel with it (trial 13: "cross-validated on your 0 example(s) and 0 other
    // photos", and a warning of few examples, for a tag of 4); a file without them counts the examples it carries
    const carriedYes = examples.filter((e) => e.positive).length;
    const cv: Cv = {
      precision: num(d.cv?.precision),
      recall: num(d.cv?.recall),
      f1: num(d.cv?.f1),
      positives: num(d.cv?.positives) || carriedYes,
      negatives: num(d.cv?.negatives) || examples.length - carriedYes,
    };
    this.deps.learned.transaction(() => {
      const tagId = this.deps.tags.ensureTag(tagName, nameZh);
      const id = this.deps.learned.saveModel(tagId, JSON.stringify(encodeModel(model, platt, space, d.examples)), threshold, JSON.stringify(cv));
      this.apply(this.deps.learned.byId(id)!, lib);
    });
    return this.get(tagName);
  }

  /** Index-time hook: applies every learned tag to one photo whose features just changed. */
  onEmbedded(fileId: number, raw: Record<string, Float32Array>): void {
    const rows = this.deps.learned.all();
    if (rows.length === 0) return;
    const v = this.deps.vectors.vectorOf(raw);
    this.deps.vectors.forget(fileId);
    const x = v ? { n: 1, dim: v.length, data: v } : null;
    const space = this.deps.vectors.space();
    this.deps.learned.transaction(() => {
      for (const row of rows) {
        if (this.spaceOfRow(row) !== space) continue; // retrained after the run (refreshStale), then applied to all
        const counter = this.deps.learned.examples(row.id).find((e) => e.file_id === fileId);
        if (counter) continue; // an example keeps what the user said
        let confidence: number | null = null;
        if (x) {
          const { model, platt } = this.decoded(row, x.dim);
          const p = plattProbability(platt, dotRow(x, 0, model.w) + model.b);
          if (p >= row.threshold) confidence = round(p);
        }
        this.deps.learned.setTagged(row.id, fileId, confidence);
      }
    });
  }

  private async trainAndApply(
    tagName: string,
    nameZh: string | null,
    existing: LearnedTagRow | undefined,
    label: Map<number, boolean>,
    lib: LibraryVectors,
    changed: Set<number> | null,
    imported: readonly EncodedExample[] = existing ? this.importedExamplesOf(existing) : [],
  ): Promise<LearnedTagSummary> {
    // the user's hand decisions on this tag count too, the later word winning (decisions); the photos given just now
    // are the latest word, and a hand decision of theirs that says the opposite is forgotten below
    const existingTag = this.deps.tags.findTag(tagName);
    const training = this.decisions(existing, existingTag?.id);
    for (const id of changed ?? []) training.set(id, label.get(id)!);
    const overruled = existingTag ? this.deps.learned.handDecisions(existingTag.id).filter((d) => changed?.has(d.file_id) && d.added !== label.get(d.file_id)) : [];
    const positives: number[] = [];
    const counter: number[] = [];
    for (const [id, yes] of training) {
      const r = lib.rowOf.get(id);
      if (r === undefined) continue; // a photo gone from the library, or not re-embedded yet after an edit
      (yes ? positives : counter).push(r);
    }
    // an imported tag's own examples (features carried in its file) join as extra rows after the library's
    const carried = decodeExamples({ examples: imported }, `the examples of "${tagName}"`).filter((e) => hasBranches(e.raw));
    let x: Rows = lib.x;
    if (carried.length) {
      const extra = await this.deps.vectors.projectMany(carried.map((e) => e.raw as RawFeatures));
      const data = new Float32Array((lib.x.n + extra.length) * lib.x.dim);
      data.set(lib.x.data.subarray(0, lib.x.n * lib.x.dim));
      extra.forEach((v, k) => data.set(v, (lib.x.n + k) * lib.x.dim));
      x = { n: lib.x.n + extra.length, dim: lib.x.dim, data };
      carried.forEach((e, k) => (e.positive ? positives : counter).push(lib.x.n + k));
    }
    if (positives.length < MIN_EXAMPLES) {
      throw new LibraryError(
        'invalid',
        `"${tagName}" needs at least ${MIN_EXAMPLES} example photos to learn from; it has ${positives.length}. Add more with --add.`,
      );
    }
    if (changed === null && existing) return this.summary(existing);
    positives.sort((a, b) => a - b);
    counter.sort((a, b) => a - b);
    const trained = trainTag({ x, positives, counterExamples: counter }, this.deps.trainer ?? DEFAULT_TRAINER);
    const cv: Cv = { ...mapRound(trained.cv), positives: trained.positives, negatives: trained.negatives };
    this.deps.learned.transaction(() => {
      const tagId = existing?.tag_id ?? this.deps.tags.ensureTag(tagName, nameZh);
      if (existing && nameZh !== existing.name_zh) this.deps.learned.renameTag(existing.tag_id, existing.name, nameZh);
      const stored = encodeModel(trained.model as LinearModel, trained.platt, this.deps.vectors.space(), [...imported]);
      // a threshold the user set stays theirs (trial 13: answering a suggestion put the trainer's back)
      const threshold = existing?.threshold_by_user ? existing.threshold : trained.threshold;
      const id = this.deps.learned.saveModel(tagId, JSON.stringify(stored), threshold, JSON.stringify(cv));
      for (const [fileId, yes] of label) this.deps.learned.setExample(id, fileId, yes);
      // "yes" to a photo untagged by hand shows the tag on it again; "no" to one tagged by hand takes that tag off
      for (const d of overruled) this.deps.learned.clearHandDecision(tagId, d.file_id);
      this.apply(this.deps.learned.byId(id)!, lib, trained.margins);
    });
    return this.get(tagName);
  }

  /** Replaces what the tag marks: every photo at or above the threshold, the examples, never a counter-example. */
  private apply(row: LearnedTagRow, lib: LibraryVectors, margins: Float32Array | null = null): void {
    const { model, platt } = this.decoded(row, lib.x.dim);
    // the trainer's margins of the same model on the same rows, when it computed them (library rows come first)
    const margin = margins && margins.length >= lib.x.n ? (r: number) => margins[r] : (r: number) => dotRow(lib.x, r, model.w) + model.b;
    const examples = new Map(this.deps.learned.examples(row.id).map((e) => [e.file_id, e.positive === 1]));
    const tagged: { fileId: number; confidence: number }[] = [];
    for (let r = 0; r < lib.x.n; r++) {
      const id = lib.ids[r];
      const said = examples.get(id);
      if (said === false) continue;
      if (said === true) {
        tagged.push({ fileId: id, confidence: 1 });
        continue;
      }
      const p = plattProbability(platt, margin(r));
      if (p >= row.threshold) tagged.push({ fileId: id, confidence: round(p) });
    }
    this.deps.learned.replaceTagged(row.id, tagged);
  }

  private decoded(row: LearnedTagRow, dim: number) {
    return decodeModel(JSON.parse(row.model), `the stored model of "${row.name}"`, dim, this.deps.vectors.space());
  }

  private spaceOfRow(row: LearnedTagRow): unknown {
    return (JSON.parse(row.model) as { featureSpace?: unknown }).featureSpace;
  }

  private importedExamplesOf(row: LearnedTagRow): EncodedExample[] {
    return (JSON.parse(row.model) as { examples?: EncodedExample[] }).examples ?? [];
  }

  /** The tag's row with a model in the current space: retrained from its examples first when the whitening moved. */
  private async current(row: LearnedTagRow, lib: LibraryVectors): Promise<LearnedTagRow> {
    if (this.spaceOfRow(row) === this.deps.vectors.space()) return row;
    const label = new Map(this.deps.learned.examples(row.id).map((e) => [e.file_id, e.positive === 1]));
    await this.trainAndApply(row.name, row.name_zh, row, label, lib, new Set());
    return this.deps.learned.byId(row.id) ?? this.row(row.name);
  }

  /**
   * After an index run: every tag trained in another space (the library's whitening was refitted) is retrained
   * from its examples and re-applied. A tag that cannot be (its examples are gone) says so and keeps its rows.
   */
  async refreshStale(warn: (message: string) => void): Promise<void> {
    const space = this.deps.vectors.space();
    const stale = this.deps.learned.all().filter((r) => this.spaceOfRow(r) !== space);
    if (stale.length === 0) return;
    const lib = await this.deps.vectors.library();
    for (const row of stale) {
      // its examples are still being re-embedded under a new embedding recipe (a run cut short): retrained after the
      // run that finishes them, not from the few done so far
      if (this.deps.vectors.awaitingReembed(this.deps.learned.examples(row.id).map((e) => e.file_id)).length > 0) continue;
      try {
        await this.current(row, lib);
      } catch (err) {
        warn(`learned tag "${row.name}" was not retrained after the library's whitening changed: ${(err as Error).message}`);
      }
    }
  }

  private summary(r: LearnedTagRow): LearnedTagSummary {
    const cv = JSON.parse(r.cv) as Cv;
    return {
      tag: r.name,
      tagZh: r.name_zh,
      positives: cv.positives,
      negatives: cv.negatives,
      cv: { precision: cv.precision, recall: cv.recall, f1: cv.f1 },
      threshold: round(r.threshold),
      thresholdByUser: r.threshold_by_user === 1,
      tagged: this.deps.learned.taggedCount(r.id),
      fewExamples: cv.positives < FEW_EXAMPLES,
      trainedAt: r.trained_at,
    };
  }

  private row(name: string): LearnedTagRow {
    const row = this.deps.learned.byName(name.normalize('NFC').trim());
    if (!row) throw new LibraryError('not-found', `there is no learned tag "${name}" (see loupe learn --list).`);
    return row;
  }

  /** Why a photo cannot be an example, or null when it can. */
  private unusable(lib: LibraryVectors, id: number): LibraryError | null {
    const file = this.deps.files.byId(id);
    if (!file) return new LibraryError('not-found', `photo ${id} is not in the library.`);
    if (lib.rowOf.has(id)) return null;
    // a photo Loupe could not read says why (trial 13: a truncated JPEG was "still being indexed")
    const failure = this.deps.files.errorsOf(id)[0];
    if (failure) return new LibraryError('not-ready', `${file.path} could not be indexed, so it cannot be an example: ${failure.reason}`);
    return new LibraryError('not-ready', `${file.path} has no features yet (it is still being indexed): run \`loupe index\` first.`);
  }


  pathOf(id: number): string {
    return this.deps.files.byId(id)?.path ?? `photo ${id}`;
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function num(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : 0;
}

function mapRound(cv: { precision: number; recall: number; f1: number }) {
  return { precision: round(cv.precision), recall: round(cv.recall), f1: round(cv.f1) };
}

/** One error naming every photo that cannot be an example (the first's own where there is one), or null for none:
 *  the user mends them all at once (trial 13: one per try). */
export function examplesRefused(errors: readonly LibraryError[]): LibraryError | null {
  if (errors.length <= 1) return errors[0] ?? null;
  return new LibraryError(errors[0].code, `${errors.length} photos cannot be examples:\n${errors.map((e) => `  ${e.message}`).join('\n')}`);
}
