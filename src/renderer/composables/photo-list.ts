// A list of photos held in memory (search results, similar photos, a person's photos) shown in the shared grid: a
// selection for the batch bar, the photos at selected indexes, and the viewer stepping through the list.
import { reactive } from 'vue';
import type { PhotoSummary } from '../../shared/api.js';
import { GridSelection } from '../state/grid-selection.js';
import { arraySequence, openViewer } from '../state/app.js';

export interface PhotoList {
  selection: GridSelection;
  /** opens the viewer at `index` of the list as it is now */
  open(index: number): void;
  /** the photos at grid indexes (the batch bar's `resolve`) */
  resolve(indexes: number[]): Promise<PhotoSummary[]>;
}

export function usePhotoList(photos: () => readonly PhotoSummary[]): PhotoList {
  // reactive, so the grid and the bar re-render as it changes (the cast: reactive() hides private members from the type)
  const selection = reactive(new GridSelection()) as GridSelection;
  return {
    selection,
    open(index) {
      openViewer(arraySequence(photos()), index);
    },
    resolve(indexes) {
      const list = photos();
      return Promise.resolve(indexes.map((i) => list[i]).filter((p): p is PhotoSummary => p !== undefined));
    },
  };
}
