import fs from 'node:fs';
import { COCO_LABELS } from '../models/coco-labels.js';
import { PHOTO_EXTENSIONS } from '../media/index.js';
import { tagMatchesTerm } from '../tags/tag-match.js';
import type { EngineOptions } from '../engine.js';
import type { Job } from '../jobs/job.js';
import { labeledImages, withTemporaryLibrary } from './eval-library.js';
import { scoreTags, type TagEvalReport, type TagPrediction } from './tag-eval.js';

export interface TagEvalOptions extends Omit<EngineOptions, 'home'> {
  /** confidence at which tags are shown; default: the app's default setting */
  threshold?: number;
  /** writes one line per image: {"image": relpath, "tags": [{"name","confidence"}]} (tags shown at the threshold) */
  predictionsFile?: string;
  /** also score at these thresholds (to choose a default) */
  sweep?: readonly number[];
  job?: Job;
}

export interface TagEvalResult extends TagEvalReport {
  sweep: TagEvalReport[];
}

/** The detector label a folder name stands for ("Motorbikes" -> motorcycle, "狗" -> dog), if any. */
export function folderToLabel(folder: string): string | null {
  const term = folder.normalize('NFKC').toLowerCase();
  const label = COCO_LABELS.find((l) => tagMatchesTerm({ name: l.en, name_zh: l.zh }, term));
  return label?.en ?? null;
}

/** `loupe eval tags`: indexes a folder of tag-named sub-folders in a temporary home and scores the auto-tags. */
export async function evaluateTags(folder: string, defaultThreshold: number, options: TagEvalOptions = {}): Promise<TagEvalResult> {
  const images = labeledImages(folder, PHOTO_EXTENSIONS);
  const threshold = options.threshold ?? defaultThreshold;
  return withTemporaryLibrary(folder, options, options.job, async (engine) => {
    const predictions = new Map<string, TagPrediction[]>();
    for (const img of images) {
      // not catalogued: it failed to decode, so it has no tags
      const id = engine.library.photoIdAt(img.path);
      const tags: TagPrediction[] =
        id === null
          ? []
          : engine.tags
              .tagsOf(id, 0)
              .tags.filter((t) => t.source === 'auto')
              .map((t) => ({ name: t.name, confidence: t.confidence ?? 0 }));
      predictions.set(img.path, tags);
    }
    if (options.predictionsFile) {
      const lines = images.map((img) =>
        JSON.stringify({
          image: img.rel,
          tags: predictions.get(img.path)!.filter((t) => t.confidence >= threshold).map((t) => ({ name: t.name, confidence: round(t.confidence) })),
        }),
      );
      fs.writeFileSync(options.predictionsFile, lines.join('\n') + '\n');
    }
    return {
      ...scoreTags(images, predictions, threshold, folderToLabel),
      sweep: (options.sweep ?? []).map((t) => scoreTags(images, predictions, t, folderToLabel)),
    };
  });
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
