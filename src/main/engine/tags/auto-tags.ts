import type { DetectionResult } from '../inference/protocol.js';
import type { AutoTag } from '../catalog/tag-repository.js';

/** Detections below this are not stored at all: far under any useful display threshold, and they would only
 *  bloat the catalog. The display threshold is a setting (see DEFAULT_TAG_THRESHOLD). */
export const AUTO_TAG_STORE_FLOOR = 0.15;

/** One tag per detected class, with the best detection's score as its confidence. */
export function tagsFromDetections(detections: readonly DetectionResult[], floor = AUTO_TAG_STORE_FLOOR): AutoTag[] {
  const best = new Map<string, AutoTag>();
  for (const d of detections) {
    if (d.score < floor) continue;
    const prev = best.get(d.label);
    if (!prev || d.score > prev.confidence) best.set(d.label, { name: d.label, nameZh: d.labelZh, confidence: d.score });
  }
  return [...best.values()].sort((a, b) => b.confidence - a.confidence);
}
