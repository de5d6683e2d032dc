import type { LabeledImage } from './eval-library.js';

export interface TagPrediction {
  name: string;
  confidence: number;
}

export interface TagScore {
  tag: string;
  /** images in the tag's folder */
  support: number;
  predicted: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface TagEvalReport {
  threshold: number;
  images: number;
  tags: TagScore[];
  /** over all evaluated tags together */
  micro: { precision: number; recall: number; f1: number };
}

/**
 * Precision, recall and F1 per tag, where an image's folder name is its one true tag. Only tags that name a
 * folder are scored; images of other folders are the negatives (so "airplane" predicted on a car photo is a false
 * positive). `matches(tagName, folderName)` decides whether a predicted tag names a folder (aliases, Chinese).
 */
export function scoreTags(
  images: readonly LabeledImage[],
  predictions: ReadonlyMap<string, readonly TagPrediction[]>,
  threshold: number,
  folderTag: (folder: string) => string | null,
): TagEvalReport {
  const evaluated = new Map<string, string>(); // folder -> tag it stands for
  for (const img of images) {
    const tag = folderTag(img.label);
    if (tag) evaluated.set(img.label, tag);
  }
  const tags = [...new Set(evaluated.values())].sort();
  const rows: TagScore[] = tags.map((tag) => {
    let support = 0, predicted = 0, tp = 0;
    for (const img of images) {
      const truth = evaluated.get(img.label) === tag;
      const said = (predictions.get(img.path) ?? []).some((p) => p.name === tag && p.confidence >= threshold);
      if (truth) support++;
      if (said) predicted++;
      if (truth && said) tp++;
    }
    return { tag, support, predicted, truePositives: tp, ...prf(tp, predicted, support) };
  });
  const sum = (k: 'truePositives' | 'predicted' | 'support') => rows.reduce((n, r) => n + r[k], 0);
  const { precision, recall, f1 } = prf(sum('truePositives'), sum('predicted'), sum('support'));
  return { threshold, images: images.length, tags: rows, micro: { precision, recall, f1 } };
}

function prf(tp: number, predicted: number, support: number): { precision: number; recall: number; f1: number } {
  const precision = predicted ? tp / predicted : 0;
  const recall = support ? tp / support : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision: round(precision), recall: round(recall), f1: round(f1) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
