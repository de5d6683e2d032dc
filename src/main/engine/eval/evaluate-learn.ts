import type { EngineOptions } from '../engine.js';
import type { Job } from '../jobs/job.js';
import { PHOTO_EXTENSIONS } from '../media/index.js';
import { seededRandom } from '../util/seeded-random.js';
import { labeledImages, withTemporaryLibrary } from './eval-library.js';

export interface LearnEvalOptions extends Omit<EngineOptions, 'home'> {
  /** examples each tag is taught with (default 5) */
  examples?: number;
  job?: Job;
}

export interface LearnTagScore {
  tag: string;
  examples: number;
  /** photos of the tag that were not examples */
  support: number;
  tagged: number;
  precision: number;
  recall: number;
  f1: number;
  threshold: number;
}

export interface LearnEvalReport {
  examples: number;
  images: number;
  tags: LearnTagScore[];
  /** means over the tags */
  mean: { precision: number; recall: number; f1: number };
  /** tags with too few photos to teach (examples + 1 needed) */
  skipped: string[];
}

/**
 * `loupe eval learn`: indexes a folder of tag-named sub-folders into a temporary home, then for each tag teaches it
 * from K of its photos (a seeded random pick) exactly as a user would, and measures precision, recall and F1 of the
 * tag on every other photo of the folder, at the threshold the app chose itself. Each tag is taught and deleted in
 * turn, so tags never see each other.
 */
export async function evaluateLearn(folder: string, options: LearnEvalOptions = {}): Promise<LearnEvalReport> {
  const k = options.examples ?? 5;
  const images = labeledImages(folder, PHOTO_EXTENSIONS);
  return withTemporaryLibrary(folder, options, options.job, async (engine) => {
    const indexed = images.flatMap((img) => {
      const id = engine.library.photoIdAt(img.path);
      const info = id === null ? null : engine.library.info(id);
      return info && info.state === 'ready' ? [{ ...img, id: info.id }] : [];
    });
    const labels = [...new Set(indexed.map((x) => x.label))].sort();
    const rows: LearnTagScore[] = [];
    const skipped: string[] = [];
    for (const [n, label] of labels.entries()) {
      const members = indexed.filter((x) => x.label === label);
      if (members.length < Math.max(3, k) + 1) {
        skipped.push(label);
        continue;
      }
      const rand = seededRandom(n + 1);
      const order = members.map((x) => x.id);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const examples = new Set(order.slice(0, k));
      // a neutral name, so the tag cannot match a folder or file name in search
      const tag = `learn-eval-${n + 1}`;
      const s = await engine.learn.teach(tag, { add: [...examples] });
      const shown = new Set(engine.textSearch.search(tag, indexed.length + 10).map((h) => h.path));
      let tp = 0, fp = 0, fn = 0;
      for (const x of indexed) {
        if (examples.has(x.id)) continue;
        const said = shown.has(x.path);
        const truth = x.label === label;
        if (said && truth) tp++;
        else if (said) fp++;
        else if (truth) fn++;
      }
      engine.learn.delete(tag);
      const precision = tp + fp ? tp / (tp + fp) : 0;
      const recall = tp + fn ? tp / (tp + fn) : 0;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      rows.push({ tag: label, examples: k, support: tp + fn, tagged: tp + fp, precision: r3(precision), recall: r3(recall), f1: r3(f1), threshold: s.threshold });
    }
    const mean = (f: (r: LearnTagScore) => number) => (rows.length ? r3(rows.reduce((a, r) => a + f(r), 0) / rows.length) : 0);
    return { examples: k, images: indexed.length, tags: rows, mean: { precision: mean((r) => r.precision), recall: mean((r) => r.recall), f1: mean((r) => r.f1) }, skipped };
  });
}

function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
