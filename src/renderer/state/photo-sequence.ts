import type { PhotoSummary } from '../../shared/api.js';

/** What the viewer steps through with previous/next: an array, or the library's paged list (page-sequence.ts). */
export interface PhotoSequence {
  length: number;
  at(index: number): Promise<PhotoSummary | null>;
}
