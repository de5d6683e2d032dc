// The order grouping places photos in, best copy first (duplicate-service.ts regroups in it; the deep pass's partner
// checks, local-checks.ts, ask it which way round grouping will compare two photos).
import type { DuplicateFileRow } from '../catalog/duplicate-repository.js';
import type { CopyQuality } from './copy-quality.js';
import { KEEP_TOLERANCE, looksDerived } from './keep-rules.js';

export interface PlacementFacts {
  row: DuplicateFileRow;
  quality: CopyQuality | undefined;
}

/**
 * What decides the order photos are grouped in, best copy first, from the photos alone (never the order they were
 * indexed in): a plainly named file before one named like a copy, an unpadded canvas before a rotated or letterboxed
 * one, more picture (3% steps), not heavily re-compressed, colour before grey, clean before noisy, the older file,
 * then the path (compareKeys). Worked out once a photo: a sort compares each photo many times.
 */
export interface PlacementKey {
  /** derived, padded, -picture, jpeg, grey, noisy, minute of the file time: smaller first */
  ranks: number[];
  path: string;
}

export function placementKey(p: PlacementFacts): PlacementKey {
  const picture = Math.round(
    Math.log(Math.max(1, (p.row.width ?? 0) * (p.row.height ?? 0) * (1 - (p.quality?.paddingShare ?? 0)))) / Math.log(1 + KEEP_TOLERANCE.pixels),
  );
  return {
    ranks: [
      Number(looksDerived(p.row.path)),
      Number((p.quality?.paddingShare ?? 0) > KEEP_TOLERANCE.padding),
      -picture,
      // only a heavy re-compression counts here (an original saved at 85 and its copies re-saved at 90 are alike)
      Number((p.quality?.jpegQuality ?? 100) < 50),
      Number(p.quality !== undefined && p.quality.chroma < KEEP_TOLERANCE.grey),
      Number((p.quality?.noise ?? 0) > 1.5),
      Math.round(p.row.mtime_ms / 60_000),
    ],
    path: p.row.path,
  };
}

export function compareKeys(a: PlacementKey, b: PlacementKey): number {
  for (let i = 0; i < a.ranks.length; i++) {
    const d = a.ranks[i] - b.ranks[i];
    if (d) return d;
  }
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
