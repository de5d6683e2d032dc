// Extension points for batch actions that other screens provide. The learned-tags feature connects
// "Teach a tag…" here: `onTeachTag((photos) => openTeachDialog(photos))` (e.g. from its view module or main.ts).
// Until something is connected the selection bar does not show the button: no dialog is faked.
import { shallowRef } from 'vue';
import type { PhotoSummary } from '../../shared/api.js';

/** gets the selected photos as the grid shows them (the dialog shows them, to mark some "not this") */
export type TeachTagHandler = (photos: PhotoSummary[]) => void;

/** The connected handler of "Teach a tag…", or null. */
export const teachTagHandler = shallowRef<TeachTagHandler | null>(null);

/** Connects "Teach a tag…" on a selection of photos; returns the function that disconnects it. */
export function onTeachTag(handler: TeachTagHandler): () => void {
  teachTagHandler.value = handler;
  return () => {
    if (teachTagHandler.value === handler) teachTagHandler.value = null;
  };
}
